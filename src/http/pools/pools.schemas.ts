import { z } from 'zod';
import { BUY_STATUSES } from '../../core/buys/buy.ts';
import { CODE_LENGTH, CONTACT_MAX, GATE_MAX } from '../../core/pools/pool-fns.ts';
import { MAX_COUNT } from '../buys/buys.schemas.ts';

export const poolCodeParams = z.object({
  /** Spaces, dashes and lower case are forgiven; the core checks the letters. */
  code: z
    .string()
    .min(1)
    .max(CODE_LENGTH * 3),
});

const text = (max: number) => z.string().trim().min(1).max(max);
const minimum = {
  minTotalQty: z.int().min(1).max(MAX_COUNT).nullable().optional(),
  minAmountFen: z.int().min(1).max(2_000_000_000).nullable().optional(),
};

export const openPoolBody = z.object({
  /** Where the truck stops for this compound (送货点): "南门". */
  gate: text(GATE_MAX),
  /** Who meets it there: a phone number, a name. Shown to the pool's leaders and on the supplier's sheet. */
  contact: text(CONTACT_MAX),
  /** The pool's minimum (起送), counted over every compound; left out: the buy's own. */
  ...minimum,
});

export const joinPoolBody = z.object({
  communityId: z.uuid(),
  gate: text(GATE_MAX),
  contact: text(CONTACT_MAX),
});

const totals = z.object({ qty: z.int(), amountFen: z.int() });

export const poolOut = z.object({
  id: z.uuid(),
  /** The share code: only for who runs this buy. */
  code: z.string().nullable(),
  isHost: z.boolean(),
  hostCommunityName: z.string(),
  deadline: z.iso.datetime(),
  minTotalQty: z.int().nullable(),
  minAmountFen: z.int().nullable(),
  totals,
  met: z.boolean(),
  /** Set once the pool's buys closed together: 'closed' (成团) or 'failed'. */
  closedAt: z.iso.datetime().nullable(),
  outcome: z.enum(['closed', 'failed']).nullable(),
  gates: z.array(
    z.object({
      communityName: z.string(),
      gate: z.string(),
      status: z.enum(BUY_STATUSES),
      qty: z.int(),
      amountFen: z.int(),
      host: z.boolean(),
      mine: z.boolean(),
      /** Only for who runs this buy. */
      contact: z.string().nullable(),
    }),
  ),
  items: z.array(
    z.object({
      name: z.string(),
      spec: z.string().nullable(),
      unit: z.string().nullable(),
      qty: z.int(),
      byGate: z.array(z.int()),
    }),
  ),
  canManage: z.boolean(),
});

export const poolOfBuyOut = z.object({ pool: poolOut.nullable() });

export const poolPreviewOut = z.object({
  id: z.uuid(),
  code: z.string(),
  hostCommunityName: z.string(),
  title: z.string(),
  supplierName: z.string().nullable(),
  deadline: z.iso.datetime(),
  minTotalQty: z.int().nullable(),
  minAmountFen: z.int().nullable(),
  totals,
  met: z.boolean(),
  gates: z.int(),
  items: z.array(
    z.object({
      name: z.string(),
      spec: z.string().nullable(),
      unit: z.string().nullable(),
      priceFen: z.int(),
      perHouseholdMax: z.int().nullable(),
      packSize: z.int().nullable(),
    }),
  ),
  /** It can still be joined. */
  open: z.boolean(),
  /** The caller's compounds where they may join it (leader or admin), and whether each is in. */
  communities: z.array(z.object({ id: z.uuid(), name: z.string(), joined: z.boolean() })),
});

export const joinedOut = z.object({ buyId: z.uuid(), communityId: z.uuid() });
