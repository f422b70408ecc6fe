import { z } from 'zod';

export const supplierParams = z.object({ supplierId: z.uuid() });

const text = (max: number) => z.string().trim().max(max);

export const newSupplierBody = z.object({
  name: text(60).min(1),
  /** The business's phone or address (shown to the compound's members, as on a buy's page). */
  contact: text(100).nullable().optional(),
  /** 营业执照: the unified social credit code (18 characters) or the registration number the supplier gave. */
  licenceNo: text(30).nullable().optional(),
  /** A certified 保供 (supply-guarantee) company. */
  baogong: z.boolean().optional(),
  note: text(300).nullable().optional(),
});

/** Any of the fields; `verified` (admins): the committee checked the licence and the 保供 status. */
export const supplierPatchBody = newSupplierBody.partial().extend({ verified: z.boolean().optional() });

export const supplierOut = z.object({
  id: z.uuid(),
  name: z.string(),
  contact: z.string().nullable(),
  licenceNo: z.string().nullable(),
  baogong: z.boolean(),
  note: z.string().nullable(),
  /** When an admin verified it; null: not verified. */
  verifiedAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  /** The caller added it. */
  mine: z.boolean(),
  can: z.object({ edit: z.boolean(), verify: z.boolean() }),
});

/**
 * The list's entries also say how many of the compound's buys under way (open to arrived) name the supplier, spaces,
 * case and full-width forms aside: residents are paying it now (an unverified one is on the admins' to-do).
 */
export const suppliersOut = z.object({
  suppliers: z.array(supplierOut.extend({ underWay: z.int().nonnegative() })),
});
