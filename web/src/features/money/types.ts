/** The money API's shapes (docs/money.md). Amounts are integer fen. */
export type PaymentMethod = 'wechat' | 'alipay' | 'cash' | 'other';
export const PAYMENT_METHODS: PaymentMethod[] = ['wechat', 'alipay', 'cash', 'other'];

export interface MoneyBuy {
  id: string;
  title: string;
  status: string;
  leaderFeeFen: number;
}

export interface Payment {
  id: string;
  buyId: string;
  householdId: string;
  householdLabel?: string;
  amountFen: number;
  method: PaymentMethod;
  reference: string | null;
  hasScreenshot: boolean;
  status: 'pending' | 'confirmed' | 'disputed';
  disputeReason: string | null;
  markedAt: string;
  decidedAt: string | null;
}

export interface Refund {
  id: string;
  householdId: string;
  householdLabel?: string;
  amountFen: number;
  method: PaymentMethod;
  reference: string | null;
  status: 'sent' | 'acknowledged';
  sentAt: string;
  /** 收款对账: the caller may say this proxy household's refund arrived (代收退款: an admin who did not send it). */
  mayAcknowledge?: boolean;
}

export interface Position {
  owedFen: number;
  paidFen: number;
  refundedFen: number;
  balanceFen: number;
  dueFen: number;
  refundDueFen: number;
}

export interface MyMoney extends Position {
  buy: MoneyBuy;
  householdLabel: string;
  /** A proxy household's money, read by a volunteer of its building (代付). */
  onBehalf: boolean;
  final: boolean;
  goodsFen: number;
  feeFen: number;
  adjustmentsFen: number;
  payments: Payment[];
  refunds: Refund[];
  hasQr: boolean;
  /** Changes when the leader's QR code does: asked as `?v=`, past the image's cache. */
  qrVersion: string | null;
}

export interface LedgerTotals {
  chargedGoodsFen: number;
  leaderFeesFen: number;
  collectedFen: number;
  refundedFen: number;
  outstandingFen: number;
  refundsDueFen: number;
  supplierInvoicedFen: number;
  paidToSupplierFen: number;
  leftFen: number;
  marginFen: number;
  entriesSumFen: number;
  settled: boolean;
}

export interface ItemComparison {
  itemId: string;
  name: string;
  spec: string | null;
  unit: string | null;
  priceFen: number;
  allocatedQty: number;
  supplierUnitPriceFen: number | null;
}

export interface PublicLedger {
  buy: MoneyBuy;
  final: boolean;
  totals: LedgerTotals;
  items: ItemComparison[];
  lines: {
    at: string;
    kind: 'payment' | 'refund' | 'supplier_invoice' | 'supplier_payment';
    householdLabel: string | null;
    amountFen: number;
    note: string | null;
  }[];
  households: (Position & { householdLabel: string })[];
}

export type HouseholdState = 'unpaid' | 'pending' | 'disputed' | 'paid' | 'refund_due' | 'nothing_due';

export interface ReconciliationRow extends Position {
  householdId: string;
  householdLabel: string;
  /** 代登记: nobody of it uses the app; its money is recorded in person (记一笔收款). */
  isProxy: boolean;
  state: HouseholdState;
  pending: Payment | null;
  disputed: Payment | null;
}

export interface Reconciliation {
  buy: MoneyBuy;
  /** The QR code residents see: this buy's own, or the leader's from an earlier buy (`own: false`). */
  qr: { own: boolean; version: string } | null;
  totals: LedgerTotals;
  rows: ReconciliationRow[];
  refunds: Refund[];
  items: ItemComparison[];
}

export interface AuditEvent {
  seq: number;
  at: string;
  entity: string;
  action: string;
  householdLabel: string | null;
  actor: 'system' | 'leader' | 'member';
  actorName: string | null;
  before: unknown;
  after: unknown;
  hash: string;
}
