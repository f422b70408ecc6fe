/** What each of my household's orders asks of me in money, from the order and my money in its buy. Pure. */
import type { HouseholdBuyMoney } from '../../../../src/core/money/read-money.ts';
import type { BuyStatus, OrderStatus } from '../buys/types.ts';

export type { HouseholdBuyMoney };

export type OrderMoney =
  /** Nothing to pay: a cancelled order, a buy that failed or was cancelled, nothing allocated. */
  | { kind: 'none' }
  /** The list is still open: this much, to pay once it closes (the buy may yet fail). */
  | { kind: 'open'; amountFen: number }
  /** To pay now. */
  | { kind: 'due'; amountFen: number }
  /** Marked 已付款, waiting for the leader to confirm it. */
  | { kind: 'pending'; amountFen: number }
  | { kind: 'paid'; amountFen: number }
  /** Owed back to the household (a shortage, a cancelled buy paid for). */
  | { kind: 'refund'; amountFen: number };

const OPEN: readonly BuyStatus[] = ['draft', 'open'];
const RELEASED: readonly BuyStatus[] = ['failed', 'cancelled'];

/**
 * An order's money. Once the list has closed the ledger says what is due (after shortages and payments); a buy
 * the ledger has not charged yet (moments after the close) counts the order's own amount.
 */
export function orderMoney(
  order: { status: OrderStatus; amountFen: number; buy: { status: BuyStatus } },
  money: HouseholdBuyMoney | undefined,
): OrderMoney {
  if (money && money.refundDueFen > 0) return { kind: 'refund', amountFen: money.refundDueFen };
  if (order.status === 'cancelled' || RELEASED.includes(order.buy.status)) return { kind: 'none' };
  if (OPEN.includes(order.buy.status))
    return order.amountFen > 0 ? { kind: 'open', amountFen: order.amountFen } : { kind: 'none' };
  const due = money?.charged ? money.dueFen : order.amountFen;
  if (due === 0)
    return money && money.paidFen > 0 ? { kind: 'paid', amountFen: money.paidFen } : { kind: 'none' };
  if (money && money.pendingFen >= due) return { kind: 'pending', amountFen: due };
  return { kind: 'due', amountFen: due };
}

/** The page's summary: to pay now, marked paid and waiting, in lists still open, owed back. */
export function moneyTotals(all: readonly OrderMoney[]) {
  const sum = (kind: OrderMoney['kind']) =>
    all.reduce((n, m) => (m.kind === kind && 'amountFen' in m ? n + m.amountFen : n), 0);
  return { dueFen: sum('due'), pendingFen: sum('pending'), openFen: sum('open'), refundFen: sum('refund') };
}

const BEFORE_ARRIVAL: readonly BuyStatus[] = ['open', 'closed', 'confirmed'];

/**
 * The day the leader expects the goods (the buy's 预计送达日期), for an order that is to get some, until they
 * arrive: not for a cancelled order, nor one still waiting once the list closed (it got nothing), nor a buy
 * that failed, was cancelled or has arrived.
 */
export function arrivesOn(
  order: { status: OrderStatus; buy: { status: BuyStatus } },
  deliveryDate: string | null | undefined,
): string | null {
  if (!deliveryDate || order.status === 'cancelled' || !BEFORE_ARRIVAL.includes(order.buy.status))
    return null;
  if (order.status === 'waitlisted' && order.buy.status !== 'open') return null;
  return deliveryDate;
}
