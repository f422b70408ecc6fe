/** What each screen reads: a household's money for a buy, the public ledger, the leader's reconciliation. */
import type { Actor } from '../shared/actor.ts';
import { buyNotFound, requireMember } from '../buys/access.ts';
import { loadBuy, loadManagedBuy, payingHousehold } from './access.ts';
import {
  householdPositions,
  ledgerTotals,
  owedByHousehold,
  SETTLED_BY_LEDGER,
  type HouseholdPosition,
  type LedgerTotals,
} from './ledger-fns.ts';
import type { PaymentRecord, RefundRecord, SupplierBillRecord } from './model.ts';
import { canAcknowledgeRefund, canSeeLedger } from './policies.ts';
import type { MoneyBuy, MoneyDeps, MoneyItem, PaymentQr } from './ports.ts';
import { syncLedger } from './sync-ledger.ts';

/** Reads the buy after bringing a stale ledger up to date (the sync is a no-op when it is current). */
async function freshBuy(deps: MoneyDeps, buyId: string) {
  await syncLedger(deps, buyId);
  const buy = await deps.repo.findBuy(buyId);
  if (!buy) throw buyNotFound();
  return buy;
}

const emptyPosition = (householdId: string): HouseholdPosition => ({
  householdId,
  owedFen: 0,
  paidFen: 0,
  refundedFen: 0,
  balanceFen: 0,
  dueFen: 0,
  refundDueFen: 0,
});

export interface MyMoney {
  buy: MoneyBuy;
  householdId: string;
  householdLabel: string;
  /** A proxy household's money, read by a volunteer of its building (代付), not the reader's own. */
  onBehalf: boolean;
  /** True once the list closed: the amounts come from the ledger; before, from the order as it stands. */
  final: boolean;
  goodsFen: number;
  feeFen: number;
  /** Shortages and refunded reports (≤ 0). */
  adjustmentsFen: number;
  position: HouseholdPosition;
  payments: PaymentRecord[];
  refunds: RefundRecord[];
  hasQr: boolean;
  /** Changes when the QR code does (its image's content hash, cut short): the pages ask `?v=` it, past caches. */
  qrVersion: string | null;
}

/** The stored image's key is its content hash: its start tells one QR code from another. */
const qrVersion = (qr: PaymentQr) => qr.fileKey.slice(0, 16);

/**
 * GET /api/buys/{id}/money/mine: what the caller's household owes, paid and is owed back. With `householdId`
 * (GET …/money/households/{householdId}): a proxy household's, for a volunteer of its building (代付).
 */
export async function myMoney(
  deps: MoneyDeps,
  actor: Actor,
  buyId: string,
  householdId?: string,
): Promise<MyMoney> {
  const { member, buy: header } = await loadBuy(deps, buyId, actor);
  const household = await payingHousehold(deps, member, header, householdId);
  const buy = await freshBuy(deps, buyId);
  const [state, payments, refunds, qr] = await Promise.all([
    deps.repo.chargeState(buyId),
    deps.repo.payments(buyId, household.id),
    deps.repo.refunds(buyId, household.id),
    deps.repo.paymentQr(buyId),
  ]);
  const final = SETTLED_BY_LEDGER.includes(buy.status);
  const mine = state.orders.filter((o) => o.householdId === household.id);
  const adjustmentsFen = state.adjustments
    .filter((a) => a.householdId === household.id)
    .reduce((s, a) => s + a.amountFenDelta, 0);
  // The order's own amount (goods + fee) is what is shown while the list is open; once it closed the ledger
  // says what is owed, and goods are shown before adjustments, which are listed on their own.
  const live = mine.find((o) => o.status !== 'cancelled');
  const orderFee = live && live.amountFen > 0 ? Math.min(buy.leaderFeeFen, live.amountFen) : 0;
  const goodsFen = (live?.amountFen ?? 0) - orderFee;
  const owed = owedByHousehold(buy.status, buy.leaderFeeFen, state.orders, state.adjustments).get(
    household.id,
  );
  const feeFen = final ? (owed?.feeFen ?? 0) : orderFee;
  const position = final
    ? householdPositions(state.entries).find((p) => p.householdId === household.id)
    : {
        ...emptyPosition(household.id),
        owedFen: goodsFen + feeFen,
        balanceFen: goodsFen + feeFen,
        dueFen: goodsFen + feeFen,
      };
  return {
    buy,
    householdId: household.id,
    householdLabel: household.label,
    onBehalf: household.onBehalf,
    final,
    goodsFen: final && !owed ? 0 : goodsFen,
    feeFen,
    adjustmentsFen: final && owed ? adjustmentsFen : 0,
    position: position ?? emptyPosition(household.id),
    payments,
    refunds,
    hasQr: qr !== null,
    qrVersion: qr ? qrVersion(qr) : null,
  };
}

export interface ItemComparison {
  itemId: string;
  name: string;
  spec: string | null;
  unit: string | null;
  /** What households were charged per unit. */
  priceFen: number;
  allocatedQty: number;
  /** What the supplier's invoices say per unit (the latest line for the item), if recorded. */
  supplierUnitPriceFen: number | null;
}

export interface LedgerLine {
  at: Date;
  kind: 'payment' | 'refund' | 'supplier_invoice' | 'supplier_payment';
  householdLabel: string | null;
  amountFen: number;
  note: string | null;
}

export interface PublicLedger {
  buy: MoneyBuy;
  final: boolean;
  totals: LedgerTotals;
  items: ItemComparison[];
  lines: LedgerLine[];
  households: (HouseholdPosition & { label: string })[];
}

export function compareItems(
  items: readonly MoneyItem[],
  bills: readonly SupplierBillRecord[],
): ItemComparison[] {
  const supplierPrice = new Map<string, number>();
  for (const b of [...bills].sort((a, c) => a.createdAt.getTime() - c.createdAt.getTime()))
    if (b.kind === 'invoice') for (const l of b.lines) supplierPrice.set(l.itemId, l.unitPriceFen);
  return items.map((i) => ({
    itemId: i.id,
    name: i.name,
    spec: i.spec,
    unit: i.unit,
    priceFen: i.priceFen,
    allocatedQty: i.allocatedQty,
    supplierUnitPriceFen: supplierPrice.get(i.id) ?? null,
  }));
}

/** GET /api/buys/{id}/money/ledger: the public ledger (by household label only; no names, no phones). */
export async function publicLedger(deps: MoneyDeps, actor: Actor, buyId: string): Promise<PublicLedger> {
  const { buy: header, member } = await loadBuy(deps, buyId, actor);
  if (!canSeeLedger(member, header)) throw buyNotFound();
  const buy = await freshBuy(deps, buyId);
  const [state, payments, refunds, bills, labels] = await Promise.all([
    deps.repo.chargeState(buyId),
    deps.repo.payments(buyId),
    deps.repo.refunds(buyId),
    deps.repo.supplierBills(buyId),
    deps.repo.labels(buyId),
  ]);
  const label = new Map(labels.map((l) => [l.id, l.label]));
  const lines: LedgerLine[] = [
    ...payments
      .filter((p) => p.status === 'confirmed')
      .map((p) => ({
        at: p.decidedAt ?? p.markedAt,
        kind: 'payment' as const,
        householdLabel: label.get(p.householdId) ?? null,
        amountFen: p.amountFen,
        note: null,
      })),
    ...refunds.map((r) => ({
      at: r.sentAt,
      kind: 'refund' as const,
      householdLabel: label.get(r.householdId) ?? null,
      amountFen: r.amountFen,
      note: null,
    })),
    ...bills.map((b) => ({
      at: b.createdAt,
      kind: b.kind === 'invoice' ? ('supplier_invoice' as const) : ('supplier_payment' as const),
      householdLabel: null,
      amountFen: b.amountFen,
      note: b.note,
    })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  const households = householdPositions(state.entries)
    .map((p) => ({ ...p, label: label.get(p.householdId) ?? '' }))
    .sort((a, b) => a.label.localeCompare(b.label, 'zh-CN', { numeric: true }));
  return {
    buy,
    final: SETTLED_BY_LEDGER.includes(buy.status),
    totals: ledgerTotals(state.entries),
    items: compareItems(buy.items, bills),
    lines,
    households,
  };
}

export type HouseholdState = 'unpaid' | 'pending' | 'disputed' | 'paid' | 'refund_due' | 'nothing_due';

export interface ReconciliationRow extends HouseholdPosition {
  label: string;
  /** 代登记: the leader records its payment in person (记一笔收款); nobody of it will press "I paid". */
  isProxy: boolean;
  state: HouseholdState;
  pending: PaymentRecord | null;
  disputed: PaymentRecord | null;
}

export interface Reconciliation {
  buy: MoneyBuy;
  /** The QR code residents see: this buy's own or the leader's from an earlier buy (`own: false`); none yet. */
  qr: { own: boolean; version: string } | null;
  totals: LedgerTotals;
  rows: ReconciliationRow[];
  payments: PaymentRecord[];
  refunds: RefundRecord[];
  /** The refunds (ids) the caller may say arrived for a proxy household from 收款对账 (代收退款: `canAcknowledgeRefund`). */
  mayAcknowledge: Set<string>;
  bills: SupplierBillRecord[];
  items: ItemComparison[];
  labels: Map<string, string>;
}

export function householdState(
  p: HouseholdPosition,
  pending: PaymentRecord | null,
  disputed: PaymentRecord | null,
): HouseholdState {
  if (p.refundDueFen > 0) return 'refund_due';
  if (p.dueFen === 0) return p.owedFen === 0 ? 'nothing_due' : 'paid';
  if (pending) return 'pending';
  if (disputed) return 'disputed';
  return 'unpaid';
}

/** GET /api/buys/{id}/money/reconciliation: who has not paid, who is owed a refund, does the buy balance. */
export async function reconciliation(deps: MoneyDeps, actor: Actor, buyId: string): Promise<Reconciliation> {
  const { member, buy: header } = await loadManagedBuy(deps, buyId, actor);
  const buy = await freshBuy(deps, buyId);
  const [state, payments, refunds, bills, labelList, qr] = await Promise.all([
    deps.repo.chargeState(buyId),
    deps.repo.payments(buyId),
    deps.repo.refunds(buyId),
    deps.repo.supplierBills(buyId),
    deps.repo.labels(buyId),
    deps.repo.paymentQr(buyId),
  ]);
  const labels = new Map(labelList.map((l) => [l.id, l.label]));
  const proxies = new Set(labelList.filter((l) => l.isProxy).map((l) => l.id));
  const households = new Map(labelList.map((l) => [l.id, l]));
  // 代收退款 from here: a proxy household's refund sent and not yet said to have arrived, by an admin who did not send it.
  const mayAcknowledge = new Set(
    refunds
      .filter((r) => {
        const h = households.get(r.householdId);
        return (
          r.status === 'sent' && h !== undefined && h.isProxy && canAcknowledgeRefund(member, header, r, h)
        );
      })
      .map((r) => r.id),
  );
  const positions = new Map(householdPositions(state.entries).map((p) => [p.householdId, p]));
  for (const p of payments)
    if (!positions.has(p.householdId)) positions.set(p.householdId, emptyPosition(p.householdId));
  const rows = [...positions.values()]
    .map((p) => {
      const mine = payments.filter((x) => x.householdId === p.householdId);
      const pending = mine.find((x) => x.status === 'pending') ?? null;
      const disputed = mine.filter((x) => x.status === 'disputed').at(-1) ?? null;
      return {
        ...p,
        label: labels.get(p.householdId) ?? '',
        isProxy: proxies.has(p.householdId),
        pending,
        disputed,
        state: householdState(p, pending, disputed),
      };
    })
    .sort((a, b) => a.label.localeCompare(b.label, 'zh-CN', { numeric: true }));
  return {
    buy,
    qr: qr ? { own: qr.own, version: qrVersion(qr) } : null,
    totals: ledgerTotals(state.entries),
    rows,
    payments,
    refunds,
    mayAcknowledge,
    bills,
    items: compareItems(buy.items, bills),
    labels,
  };
}

/** One buy of the household's money, from the ledger and its payments waiting for the leader. */
export interface HouseholdBuyMoney {
  buyId: string;
  /** The ledger has charged the household in this buy (it does once the list has closed). */
  charged: boolean;
  dueFen: number;
  paidFen: number;
  refundDueFen: number;
  /** Marked 已付款, waiting for the leader's decision. */
  pendingFen: number;
}

/**
 * GET /api/me/money?communityId=: the caller's household's money in each buy of the compound it has any in (the
 * 我的订单 page's "what I still owe"). Read from the ledger as it stands, without bringing each buy's ledger up to
 * date first (the ledger syncer does that moments after each change); a buy the ledger has not charged yet says
 * so (`charged: false`). A member without a verified household has no money here: `householdId` null.
 */
export async function householdMoney(
  deps: MoneyDeps,
  actor: Actor,
  input: { communityId: string },
): Promise<{ householdId: string | null; buys: HouseholdBuyMoney[] }> {
  const member = await requireMember(deps.buys, input.communityId, actor);
  if (!member.household?.verified) return { householdId: null, buys: [] };
  const householdId = member.household.id;
  const books = await deps.repo.householdBooks(input.communityId, householdId);
  const byBuy = new Map<string, HouseholdBuyMoney>();
  const of = (buyId: string) => {
    let m = byBuy.get(buyId);
    if (!m) {
      m = { buyId, charged: false, dueFen: 0, paidFen: 0, refundDueFen: 0, pendingFen: 0 };
      byBuy.set(buyId, m);
    }
    return m;
  };
  const entriesByBuy = new Map<string, typeof books.entries>();
  for (const e of books.entries) entriesByBuy.set(e.buyId, [...(entriesByBuy.get(e.buyId) ?? []), e]);
  for (const [buyId, entries] of entriesByBuy) {
    const position = householdPositions(entries)[0] ?? emptyPosition(householdId);
    Object.assign(of(buyId), {
      charged: entries.some((e) => e.account === 'receivable' && e.kind === 'charge'),
      dueFen: position.dueFen,
      paidFen: position.paidFen,
      refundDueFen: position.refundDueFen,
    });
  }
  for (const p of books.pending) of(p.buyId).pendingFen = p.amountFen;
  return { householdId, buys: [...byBuy.values()] };
}
