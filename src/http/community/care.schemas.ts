import { z } from 'zod';
import { COVERAGE_DAYS } from '../../core/community/coverage-fns.ts';
import { HOUSEHOLD_NEEDS, NEEDS_NOTE_MAX } from '../../core/community/needs-fns.ts';
import { SUPPLY_NOTE_MAX } from '../../core/community/supplies.ts';

export const coverageQuery = z.object({
  days: z.coerce.number().int().min(COVERAGE_DAYS.min).max(COVERAGE_DAYS.max).default(COVERAGE_DAYS.default),
  /** The building whose left-out households to list (the caller's: an admin any, a volunteer their own). */
  buildingId: z.uuid().optional(),
});

export const coverageExportQuery = coverageQuery.pick({ days: true });

const counts = {
  households: z.int().min(0),
  /** A package reached them within the window. */
  received: z.int().min(0),
  /** Goods on their way: they hold goods in a buy that goes on. */
  coming: z.int().min(0),
  /** Neither. */
  leftOut: z.int().min(0),
  /** Of those, the households on the register of households that need looking after. */
  leftOutInNeed: z.int().min(0),
};

const need = z.enum(HOUSEHOLD_NEEDS);

/**
 * A left-out household, and whom to call about it: its verified members, then a proxy household's contact.
 * Only the admins and that building's volunteers ask for a building's list.
 */
export const leftOutOut = z.object({
  householdId: z.uuid(),
  label: z.string(),
  room: z.string(),
  /** A proxy household (代管户): a volunteer orders for it. */
  isProxy: z.boolean(),
  /** Verified members: 0 and not a proxy means nobody orders for it on the app. */
  members: z.int().min(0),
  /** When a package last reached it; null: never. */
  lastReceivedAt: z.iso.datetime().nullable(),
  contacts: z.array(z.object({ name: z.string(), phone: z.string().nullable(), proxy: z.boolean() })),
  /** What the register of households that need looking after says of it (none: not on it). */
  needs: z.array(need),
  needsNote: z.string().nullable(),
});

export const coverageOut = z.object({
  days: z.int(),
  since: z.iso.datetime(),
  counts: z.object(counts),
  buildings: z.array(z.object({ buildingId: z.uuid(), name: z.string(), ...counts })),
  /** The left-out households of `buildingId`, the longest without first; null without `buildingId`. */
  leftOut: z.array(leftOutOut).nullable(),
});

/** What a household needs; no needs and no note take it off the register. */
export const needsBody = z.object({
  needs: z.array(need).max(HOUSEHOLD_NEEDS.length * 2),
  note: z.string().max(NEEDS_NOTE_MAX).nullable().optional(),
});

export const needsEntryOut = z.object({
  householdId: z.uuid(),
  label: z.string(),
  needs: z.array(need),
  note: z.string().nullable(),
  updatedAt: z.iso.datetime(),
});

export const needsListOut = z.object({
  households: z.array(needsEntryOut.extend({ buildingId: z.uuid() })),
});

export const supplyParams = z.object({ supplyId: z.uuid() });

/** 送过物资: what was brought, in a line (optional). */
export const suppliesBody = z.object({
  note: z.string().trim().max(SUPPLY_NOTE_MAX).nullable().optional(),
});

export const supplyOut = z.object({
  id: z.uuid(),
  householdId: z.uuid(),
  label: z.string(),
  note: z.string().nullable(),
  givenAt: z.iso.datetime(),
});
