/** The group buy (团购): its lifecycle and the numbers derived from it. Pure: no I/O. */
import { conflict } from '../shared/app-error.ts';
import { lineAmountFen, sumFen, type Fen } from '../shared/money.ts';

export const BUY_STATUSES = [
  'draft',
  'open',
  'closed',
  'failed',
  'confirmed',
  'arrived',
  'completed',
  'cancelled',
] as const;
export type BuyStatus = (typeof BUY_STATUSES)[number];

export const PICKUP_MODES = ['door', 'building', 'gate'] as const;
export type PickupMode = (typeof PICKUP_MODES)[number];

export type BuyAction = 'publish' | 'close' | 'fail' | 'confirm' | 'arrive' | 'complete' | 'cancel';

/**
 * draft → open → closed | failed; closed → confirmed → arrived → completed. A buy can be cancelled (with a
 * reason) from any state before the goods arrive; failed, completed and cancelled are final.
 */
const TRANSITIONS: Record<BuyAction, { from: readonly BuyStatus[]; to: BuyStatus }> = {
  publish: { from: ['draft'], to: 'open' },
  close: { from: ['open'], to: 'closed' },
  fail: { from: ['open'], to: 'failed' },
  confirm: { from: ['closed'], to: 'confirmed' },
  arrive: { from: ['confirmed'], to: 'arrived' },
  complete: { from: ['arrived'], to: 'completed' },
  cancel: { from: ['draft', 'open', 'closed', 'confirmed'], to: 'cancelled' },
};

/** Whether `action` is allowed from `status`. */
export function canTransition(status: BuyStatus, action: BuyAction): boolean {
  return TRANSITIONS[action].from.includes(status);
}

/** The status after `action`, or an AppError conflict `illegal_transition` saying what would be allowed. */
export function transition(status: BuyStatus, action: BuyAction): BuyStatus {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(status)) {
    throw conflict(
      `Cannot ${action} a buy that is ${status} (only from ${rule.from.join(' or ')})`,
      'illegal_transition',
      { status, action, allowedFrom: rule.from },
    );
  }
  return rule.to;
}

/** Statuses in which orders still count (a failed or cancelled buy has released every order). */
export function ordersAreLive(status: BuyStatus): boolean {
  return status !== 'failed' && status !== 'cancelled' && status !== 'draft';
}

export interface ItemTotals {
  priceFen: Fen;
  allocatedQty: number;
}

export interface Threshold {
  minTotalQty: number | null;
  minAmountFen: Fen | null;
}

/** Goods value of what is allocated (leader fees excluded: the supplier's minimum is about goods). */
export function allocatedGoodsFen(items: readonly ItemTotals[]): Fen {
  return sumFen(items.map((i) => lineAmountFen(i.priceFen, i.allocatedQty)));
}

/**
 * 成团: a buy goes ahead when the total allocated quantity reaches `minTotalQty` and the allocated goods
 * value reaches `minAmountFen` (a missing minimum is met trivially).
 */
export function closeOutcome(threshold: Threshold, items: readonly ItemTotals[]): 'closed' | 'failed' {
  return thresholdMet(threshold, items) ? 'closed' : 'failed';
}

function thresholdMet(threshold: Threshold, items: readonly ItemTotals[]): boolean {
  const qty = items.reduce((n, i) => n + i.allocatedQty, 0);
  const qtyMet = threshold.minTotalQty === null || qty >= threshold.minTotalQty;
  return qtyMet && (threshold.minAmountFen === null || allocatedGoodsFen(items) >= threshold.minAmountFen);
}

/**
 * Whether a change of an open buy took it to its 成团 threshold: it has one (a buy without a minimum, or a
 * pool's buy, whose minimum is the pool's, goes ahead anyway and is never said to reach it), it was not met
 * before and is now. Joins, edits and cancellations move the allocated goods; a leader's edit moves stock
 * (promotions), prices and the minimum itself.
 */
export function reachedThreshold(
  before: { threshold: Threshold; items: readonly ItemTotals[] },
  after: { threshold: Threshold; items: readonly ItemTotals[] },
): boolean {
  const { minTotalQty, minAmountFen } = after.threshold;
  if (minTotalQty === null && minAmountFen === null) return false;
  return !thresholdMet(before.threshold, before.items) && thresholdMet(after.threshold, after.items);
}

/** What a household owes for an order: allocated × price, plus the leader fee when anything is allocated. */
export function orderAmountFen(
  lines: readonly { allocatedQty: number; priceFen: Fen }[],
  leaderFeeFen: Fen,
): Fen {
  const goods = sumFen(lines.map((l) => lineAmountFen(l.priceFen, l.allocatedQty)));
  const anything = lines.some((l) => l.allocatedQty > 0);
  return anything ? sumFen([goods, leaderFeeFen]) : 0;
}
