/**
 * The ledger's arithmetic, pure: what each household owes from the order state, the transactions that bring
 * the ledger in line with it (the sync), the transactions of payments, refunds and supplier bills, and the
 * balances every screen derives by summing legs.
 */
import type { BuyStatus } from '../buys/buy.ts';
import { assertFen, type Fen } from '../shared/money.ts';
import type { Account, LedgerTxn, Leg } from './model.ts';

/** Buy statuses whose orders are owed: the list closed and the buy goes ahead. */
export const CHARGEABLE: readonly BuyStatus[] = ['closed', 'confirmed', 'arrived', 'completed'];
/** Statuses where the ledger follows the orders (charges while chargeable, nothing once failed/cancelled). */
export const SETTLED_BY_LEDGER: readonly BuyStatus[] = [...CHARGEABLE, 'failed', 'cancelled'];

export interface OrderCharge {
  householdId: string;
  status: 'active' | 'waitlisted' | 'cancelled';
  /** Allocated lines × price + the leader fee (orders.amount_fen). */
  amountFen: Fen;
}

export interface Owed {
  goodsFen: Fen;
  feeFen: Fen;
}

export const owedTotal = (o: Owed): Fen => o.goodsFen + o.feeFen;

/**
 * What each household owes for a buy: its order's amount (goods + the leader fee) plus its adjustments
 * (shortages, refunded reports; ≤ 0). Nothing for a cancelled order or a failed/cancelled buy. The fee is
 * waived when adjustments leave no goods (nothing arrived, nothing to pay a fee for).
 */
export function owedByHousehold(
  status: BuyStatus,
  leaderFeeFen: Fen,
  orders: readonly OrderCharge[],
  adjustments: readonly { householdId: string; amountFenDelta: Fen }[],
): Map<string, Owed> {
  const out = new Map<string, Owed>();
  if (!CHARGEABLE.includes(status)) return out;
  const adjusted = new Map<string, Fen>();
  for (const a of adjustments)
    adjusted.set(a.householdId, (adjusted.get(a.householdId) ?? 0) + a.amountFenDelta);
  for (const o of orders) {
    if (o.status === 'cancelled' || o.amountFen <= 0) continue;
    const fee = Math.min(leaderFeeFen, o.amountFen);
    const adj = adjusted.get(o.householdId);
    const goods = Math.max(0, o.amountFen - fee + (adj ?? 0));
    const waived = adj !== undefined && adj < 0 && goods === 0;
    out.set(o.householdId, { goodsFen: assertFen(goods), feeFen: waived ? 0 : fee });
  }
  return out;
}

/** A leg, summed: balance of an account (optionally one household's). */
export function balance(legs: readonly Leg[], account: Account, householdId?: string): Fen {
  let sum = 0;
  for (const l of legs)
    if (l.account === account && (householdId === undefined || l.householdId === householdId))
      sum += l.amountFen;
  return sum;
}

/** What the ledger says each household was charged, from its charge legs (sales and leader_fee are credits). */
export function chargedByHousehold(legs: readonly Leg[]): Map<string, Owed> {
  const out = new Map<string, Owed>();
  for (const l of legs) {
    if (!l.householdId || (l.account !== 'sales' && l.account !== 'leader_fee')) continue;
    const o = out.get(l.householdId) ?? { goodsFen: 0, feeFen: 0 };
    if (l.account === 'sales') o.goodsFen -= l.amountFen;
    else o.feeFen -= l.amountFen;
    out.set(l.householdId, o);
  }
  return out;
}

const nonZero = (legs: Leg[]) => legs.filter((l) => l.amountFen !== 0);

/**
 * The sync: for every household whose charges in the ledger differ from what it owes now, one charge
 * transaction for the difference (a reduction is a reversing charge). Running it again on its own output adds
 * nothing, so a crash between two runs is harmless.
 */
export function syncTransactions(
  charged: ReadonlyMap<string, Owed>,
  owed: ReadonlyMap<string, Owed>,
): LedgerTxn[] {
  const households = [...new Set([...charged.keys(), ...owed.keys()])].sort();
  const out: LedgerTxn[] = [];
  for (const h of households) {
    const was = charged.get(h) ?? { goodsFen: 0, feeFen: 0 };
    const now = owed.get(h) ?? { goodsFen: 0, feeFen: 0 };
    const dGoods = now.goodsFen - was.goodsFen;
    const dFee = now.feeFen - was.feeFen;
    if (dGoods === 0 && dFee === 0) continue;
    out.push({
      kind: 'charge',
      refId: null,
      legs: nonZero([
        { account: 'receivable', householdId: h, amountFen: dGoods + dFee },
        { account: 'sales', householdId: h, amountFen: -dGoods },
        { account: 'leader_fee', householdId: h, amountFen: -dFee },
      ]),
    });
  }
  return out;
}

/** A confirmed payment: the leader holds the cash, the household owes less. */
export const paymentTxn = (paymentId: string, householdId: string, amountFen: Fen): LedgerTxn => ({
  kind: 'payment',
  refId: paymentId,
  legs: [
    { account: 'collection', householdId: null, amountFen },
    { account: 'receivable', householdId, amountFen: -amountFen },
  ],
});

/** A refund sent: cash leaves the leader, the household's credit is used up. */
export const refundTxn = (refundId: string, householdId: string, amountFen: Fen): LedgerTxn => ({
  kind: 'refund',
  refId: refundId,
  legs: [
    { account: 'receivable', householdId, amountFen },
    { account: 'collection', householdId: null, amountFen: -amountFen },
  ],
});

export const supplierInvoiceTxn = (billId: string, amountFen: Fen): LedgerTxn => ({
  kind: 'supplier_invoice',
  refId: billId,
  legs: [
    { account: 'supplier_cost', householdId: null, amountFen },
    { account: 'supplier_payable', householdId: null, amountFen: -amountFen },
  ],
});

export const supplierPaymentTxn = (billId: string, amountFen: Fen): LedgerTxn => ({
  kind: 'supplier_payment',
  refId: billId,
  legs: [
    { account: 'supplier_payable', householdId: null, amountFen },
    { account: 'collection', householdId: null, amountFen: -amountFen },
  ],
});

/** A household's position: owed − paid + refunded; positive is still due, negative is a refund due. */
export interface HouseholdPosition {
  householdId: string;
  owedFen: Fen;
  paidFen: Fen;
  refundedFen: Fen;
  balanceFen: Fen;
  dueFen: Fen;
  refundDueFen: Fen;
}

/** A stored leg with the kind of its transaction. */
export interface Entry extends Leg {
  kind: LedgerTxn['kind'];
}

/** Every household's position, from the ledger entries alone (paid and refunded by entry kind). */
export function householdPositions(entries: readonly Entry[]): HouseholdPosition[] {
  const by = new Map<string, HouseholdPosition>();
  for (const e of entries) {
    if (!e.householdId) continue;
    let p = by.get(e.householdId);
    if (!p) {
      p = {
        householdId: e.householdId,
        owedFen: 0,
        paidFen: 0,
        refundedFen: 0,
        balanceFen: 0,
        dueFen: 0,
        refundDueFen: 0,
      };
      by.set(e.householdId, p);
    }
    if (e.account === 'sales' || e.account === 'leader_fee') p.owedFen -= e.amountFen;
    if (e.account !== 'receivable') continue;
    p.balanceFen += e.amountFen;
    if (e.kind === 'payment') p.paidFen -= e.amountFen;
    if (e.kind === 'refund') p.refundedFen += e.amountFen;
  }
  for (const p of by.values()) {
    p.dueFen = Math.max(0, p.balanceFen);
    p.refundDueFen = Math.max(0, -p.balanceFen);
  }
  return [...by.values()];
}

/** The buy's public ledger totals (what every participant sees). */
export interface LedgerTotals {
  /** Charged to households for goods, and for the leader's fee. */
  chargedGoodsFen: Fen;
  leaderFeesFen: Fen;
  /** Confirmed payments received, refunds sent. */
  collectedFen: Fen;
  refundedFen: Fen;
  /** Still owed by households; owed back to households. */
  outstandingFen: Fen;
  refundsDueFen: Fen;
  supplierInvoicedFen: Fen;
  paidToSupplierFen: Fen;
  /** Cash the leader still holds for this buy: collected − refunded − paid to the supplier. */
  leftFen: Fen;
  /** charged goods − supplier invoices: the margin on goods (0 when the leader charges the supplier's price). */
  marginFen: Fen;
  /** The sum of every entry (0 whenever the ledger is consistent). */
  entriesSumFen: Fen;
  /** Nobody owes, nobody is owed, the supplier is paid. */
  settled: boolean;
}

export function ledgerTotals(entries: readonly Entry[]): LedgerTotals {
  const sumWhere = (f: (e: Entry) => boolean) => entries.reduce((s, e) => (f(e) ? s + e.amountFen : s), 0);
  const positions = householdPositions(entries);
  const outstandingFen = positions.reduce((s, p) => s + p.dueFen, 0);
  const refundsDueFen = positions.reduce((s, p) => s + p.refundDueFen, 0);
  const chargedGoodsFen = -balance(entries, 'sales');
  const supplierInvoicedFen = balance(entries, 'supplier_cost');
  const supplierOwed = -balance(entries, 'supplier_payable');
  return {
    chargedGoodsFen,
    leaderFeesFen: -balance(entries, 'leader_fee'),
    collectedFen: sumWhere((e) => e.kind === 'payment' && e.account === 'collection'),
    refundedFen: -sumWhere((e) => e.kind === 'refund' && e.account === 'collection'),
    outstandingFen,
    refundsDueFen,
    supplierInvoicedFen,
    paidToSupplierFen: -sumWhere((e) => e.kind === 'supplier_payment' && e.account === 'collection'),
    leftFen: balance(entries, 'collection'),
    marginFen: chargedGoodsFen - supplierInvoicedFen,
    entriesSumFen: sumWhere(() => true),
    settled: outstandingFen === 0 && refundsDueFen === 0 && supplierOwed === 0,
  };
}

/** Whether a transaction's legs sum to zero (every transaction written must). */
export function isBalanced(txn: LedgerTxn): boolean {
  return txn.legs.reduce((s, l) => s + l.amountFen, 0) === 0;
}
