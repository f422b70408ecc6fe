/**
 * Order adjustments: what a household receives and owes after the list closed, when that differs from its
 * allocation (stored in order_adjustments, append-only). Distribution writes them (shortage at the gate, a
 * refunded delivery report); money reads them to derive what each household owes and is owed back. Pure.
 */
import type { Fen } from '../shared/money.ts';

export const ORDER_ADJUSTMENT_KINDS = ['shortage', 'report_refund'] as const;
export type OrderAdjustmentKind = (typeof ORDER_ADJUSTMENT_KINDS)[number];

export interface OrderAdjustment {
  id: string;
  buyId: string;
  orderId: string;
  householdId: string;
  itemId: string;
  kind: OrderAdjustmentKind;
  /** ≤ 0: units the household no longer receives (or is refunded for). */
  qtyDelta: number;
  /** ≤ 0: qtyDelta × the item's price at the time, in fen. */
  amountFenDelta: Fen;
  refId: string | null;
  reason: string | null;
  createdBy: string | null;
  createdAt: string;
}

/** An order line's quantity after adjustments: allocated plus the (non-positive) deltas, never below 0. */
export function adjustedQty(
  allocatedQty: number,
  adjustments: readonly Pick<OrderAdjustment, 'qtyDelta'>[],
): number {
  return Math.max(
    0,
    adjustments.reduce((qty, a) => qty + a.qtyDelta, allocatedQty),
  );
}

/** The sum of the adjustments' amounts (≤ 0) in fen. */
export function adjustmentsFen(adjustments: readonly Pick<OrderAdjustment, 'amountFenDelta'>[]): Fen {
  return adjustments.reduce((sum, a) => sum + a.amountFenDelta, 0);
}
