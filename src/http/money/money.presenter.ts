/** What the money routes send: fields picked one by one (household labels, never names or phones). */
import type { PaymentRecord, RefundRecord, SupplierBillRecord } from '../../core/money/model.ts';
import type {
  HouseholdBuyMoney,
  MyMoney,
  PublicLedger,
  Reconciliation,
} from '../../core/money/read-money.ts';
import type { MoneyBuy } from '../../core/money/ports.ts';
import type { HouseholdPosition } from '../../core/money/ledger-fns.ts';
import type { AuditTrail } from '../../core/audit/read-audit.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

const presentBuyHeader = (b: MoneyBuy) => ({
  id: b.id,
  title: b.title,
  status: b.status,
  leaderFeeFen: b.leaderFeeFen,
});

export const presentPayment = (p: PaymentRecord, label?: string) => ({
  id: p.id,
  buyId: p.buyId,
  householdId: p.householdId,
  ...(label !== undefined ? { householdLabel: label } : {}),
  amountFen: p.amountFen,
  method: p.method,
  reference: p.reference,
  hasScreenshot: p.screenshotKey !== null,
  status: p.status,
  disputeReason: p.disputeReason,
  markedAt: p.markedAt.toISOString(),
  decidedAt: iso(p.decidedAt),
});

export const presentRefund = (r: RefundRecord, label?: string) => ({
  id: r.id,
  buyId: r.buyId,
  householdId: r.householdId,
  ...(label !== undefined ? { householdLabel: label } : {}),
  amountFen: r.amountFen,
  method: r.method,
  reference: r.reference,
  status: r.status,
  sentAt: r.sentAt.toISOString(),
  acknowledgedAt: iso(r.acknowledgedAt),
});

export const presentBill = (b: SupplierBillRecord) => ({
  id: b.id,
  buyId: b.buyId,
  kind: b.kind,
  amountFen: b.amountFen,
  lines: b.lines.map((l) => ({ itemId: l.itemId, qty: l.qty, unitPriceFen: l.unitPriceFen })),
  note: b.note,
  createdAt: b.createdAt.toISOString(),
});

const presentPosition = (p: HouseholdPosition) => ({
  owedFen: p.owedFen,
  paidFen: p.paidFen,
  refundedFen: p.refundedFen,
  balanceFen: p.balanceFen,
  dueFen: p.dueFen,
  refundDueFen: p.refundDueFen,
});

export const presentMyMoney = (m: MyMoney) => ({
  buy: presentBuyHeader(m.buy),
  householdId: m.householdId,
  householdLabel: m.householdLabel,
  onBehalf: m.onBehalf,
  final: m.final,
  goodsFen: m.goodsFen,
  feeFen: m.feeFen,
  adjustmentsFen: m.adjustmentsFen,
  ...presentPosition(m.position),
  payments: m.payments.map((p) => presentPayment(p)),
  refunds: m.refunds.map((r) => presentRefund(r)),
  hasQr: m.hasQr,
  qrVersion: m.qrVersion,
});

export const presentLedger = (l: PublicLedger) => ({
  buy: presentBuyHeader(l.buy),
  final: l.final,
  totals: { ...l.totals },
  items: l.items.map((i) => ({ ...i })),
  lines: l.lines.map((x) => ({
    at: x.at.toISOString(),
    kind: x.kind,
    householdLabel: x.householdLabel,
    amountFen: x.amountFen,
    note: x.note,
  })),
  households: l.households.map((h) => ({ householdLabel: h.label, ...presentPosition(h) })),
});

export const presentReconciliation = (r: Reconciliation) => ({
  buy: presentBuyHeader(r.buy),
  qr: r.qr ? { ...r.qr } : null,
  totals: { ...r.totals },
  rows: r.rows.map((x) => ({
    householdId: x.householdId,
    householdLabel: x.label,
    isProxy: x.isProxy,
    state: x.state,
    ...presentPosition(x),
    pending: x.pending ? presentPayment(x.pending, x.label) : null,
    disputed: x.disputed ? presentPayment(x.disputed, x.label) : null,
  })),
  refunds: r.refunds.map((x) => ({
    ...presentRefund(x, r.labels.get(x.householdId) ?? ''),
    mayAcknowledge: r.mayAcknowledge.has(x.id),
  })),
  bills: r.bills.map(presentBill),
  items: r.items.map((i) => ({ ...i })),
});

export const presentAudit = (t: AuditTrail) => ({
  scope: t.scope,
  events: t.events.map((e) => ({
    seq: e.seq,
    at: e.at.toISOString(),
    entity: e.entity,
    entityId: e.entityId,
    action: e.action,
    householdLabel: e.householdLabel,
    actor: e.actorMemberId === null ? 'system' : e.byLeader ? 'leader' : 'member',
    actorName: e.actorName,
    before: e.before,
    after: e.after,
    hash: e.hash,
  })),
});

export const presentHouseholdMoney = (m: { householdId: string | null; buys: HouseholdBuyMoney[] }) => ({
  householdId: m.householdId,
  buys: m.buys.map((b) => ({
    buyId: b.buyId,
    charged: b.charged,
    dueFen: b.dueFen,
    paidFen: b.paidFen,
    refundDueFen: b.refundDueFen,
    pendingFen: b.pendingFen,
  })),
});
