import { z } from 'zod';
import { MAX_QTY } from '../../core/buys/allocation-fns.ts';
import { BUY_STATUSES, PICKUP_MODES } from '../../core/buys/buy.ts';
import { MAX_PRICE_FEN } from '../../core/shared/money.ts';
import { calendarDate, instant } from '../dates.ts';

export const MAX_COUNT = 10_000_000;
const text = (max: number) => z.string().trim().max(max);
const optionalText = (max: number) => text(max).nullable().optional();

export const buyParams = z.object({ buyId: z.uuid() });
export const communityParams = z.object({ communityId: z.uuid() });
export const householdOrderParams = z.object({ buyId: z.uuid(), householdId: z.uuid() });

export const itemInput = z.object({
  name: text(100).min(1),
  spec: optionalText(100),
  unit: optionalText(20),
  priceFen: z.int().min(0).max(MAX_PRICE_FEN),
  stock: z.int().min(0).max(MAX_COUNT).nullable().optional(),
  perHouseholdMax: z.int().min(1).max(MAX_QTY).nullable().optional(),
  packSize: z.int().min(1).max(MAX_QTY).nullable().optional(),
});

const buyFields = {
  title: text(200).min(1),
  description: text(5000).optional(),
  supplierName: optionalText(100),
  supplierContact: optionalText(100),
  deadline: instant(),
  deliveryDate: calendarDate().nullable().optional(),
  pickupMode: z.enum(PICKUP_MODES).optional(),
  minTotalQty: z.int().min(0).max(MAX_COUNT).nullable().optional(),
  minAmountFen: z.int().min(0).max(2_000_000_000).nullable().optional(),
  leaderFeeFen: z.int().min(0).max(MAX_PRICE_FEN).optional(),
};

export const createBuyBody = z.object({ ...buyFields, items: z.array(itemInput).max(100) });

export const updateBuyBody = z
  .object({
    ...buyFields,
    items: z.array(itemInput.extend({ id: z.uuid().optional() })).max(100),
  })
  .partial();

export const cancelBuyBody = z.object({ reason: text(500).min(1) });

export const orderBody = z.object({
  lines: z.array(z.object({ itemId: z.uuid(), qty: z.int().min(0).max(MAX_QTY) })).max(100),
  note: optionalText(200),
});

export const idempotencyHeaders = z.looseObject({ 'idempotency-key': z.string().min(1).max(200).optional() });

export const statusQuery = z.object({
  status: z
    .string()
    .max(200)
    .optional()
    .transform((v, ctx) => {
      if (!v) return null;
      const list = v.split(',').map((s) => s.trim());
      for (const s of list)
        if (!(BUY_STATUSES as readonly string[]).includes(s)) {
          ctx.addIssue({ code: 'custom', message: `status must be one of ${BUY_STATUSES.join(', ')}` });
          return z.NEVER;
        }
      return list as (typeof BUY_STATUSES)[number][];
    }),
});

export const afterQuery = z.object({ after: z.coerce.number().int().min(0).max(2_000_000_000).default(0) });
export const myOrdersQuery = z.object({ communityId: z.uuid() });
