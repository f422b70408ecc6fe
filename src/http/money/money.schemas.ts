import { z } from 'zod';
import { MAX_QTY } from '../../core/buys/allocation-fns.ts';
import { PAYMENT_METHODS, SUPPLIER_BILL_KINDS } from '../../core/money/model.ts';
import { MAX_PRICE_FEN } from '../../core/shared/money.ts';

const text = (max: number) => z.string().trim().max(max);
/** A payment or refund: at most ¥1,000,000 (payments are per household and buy). */
const amountFen = z.int().min(1).max(MAX_PRICE_FEN);

export const buyParams = z.object({ buyId: z.uuid() });
export const householdParams = z.object({ buyId: z.uuid(), householdId: z.uuid() });
export const paymentParams = z.object({ paymentId: z.uuid() });
export const refundParams = z.object({ refundId: z.uuid() });

export const markPaidBody = z.object({
  method: z.enum(PAYMENT_METHODS),
  reference: text(100).nullable().optional(),
  amountFen: amountFen.optional(),
});

export const receivedBody = markPaidBody.extend({
  householdId: z.uuid().describe('The household that handed the money over'),
});

export const disputeBody = z.object({ reason: text(500).min(1) });

export const refundBody = z.object({
  householdId: z.uuid(),
  method: z.enum(PAYMENT_METHODS),
  reference: text(100).nullable().optional(),
  amountFen: amountFen.optional(),
});

export const supplierBillBody = z.object({
  kind: z.enum(SUPPLIER_BILL_KINDS),
  amountFen: z
    .int()
    .min(1)
    .max(MAX_PRICE_FEN * 10)
    .optional(),
  lines: z
    .array(
      z.object({
        itemId: z.uuid(),
        qty: z
          .int()
          .min(0)
          .max(MAX_QTY * 1000),
        unitPriceFen: z.int().min(0).max(MAX_PRICE_FEN),
      }),
    )
    .max(100)
    .optional(),
  note: text(500).nullable().optional(),
});

export const auditQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) });

export const communityQuery = z.object({ communityId: z.uuid() });

const fen = z.int().min(0);
export const householdMoneyOut = z.object({
  householdId: z.uuid().nullable(),
  buys: z.array(
    z.object({
      buyId: z.uuid(),
      charged: z.boolean(),
      dueFen: fen,
      paidFen: fen,
      refundDueFen: fen,
      pendingFen: fen,
    }),
  ),
});
