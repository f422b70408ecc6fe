/** What the money use-cases need. Implemented in src/db/repos/money-repo.ts. */
import type { AuditDraft } from '../audit/model.ts';
import type { BuyStatus } from '../buys/buy.ts';
import type { BuysRepo } from '../buys/ports.ts';
import type { Clock, EventOutbox, EventPublisher, FileStore, IdGenerator } from '../shared/ports.ts';
import type { Entry, OrderCharge } from './ledger-fns.ts';
import type { LedgerTxn, PaymentRecord, RefundRecord, SupplierBillRecord } from './model.ts';
import type { HouseholdRef } from '../shared/household-ref.ts';

/** A payment QR code's stored image, and whether it was uploaded for this buy or for the leader's earlier one. */
export interface PaymentQr {
  fileKey: string;
  own: boolean;
}

export interface MoneyBuy {
  id: string;
  communityId: string;
  title: string;
  status: BuyStatus;
  createdBy: string;
  leaderFeeFen: number;
}

export interface MoneyItem {
  id: string;
  name: string;
  spec: string | null;
  unit: string | null;
  priceFen: number;
  allocatedQty: number;
}

/** The order state the ledger follows. */
export interface ChargeState {
  orders: OrderCharge[];
  adjustments: { householdId: string; amountFenDelta: number }[];
  entries: Entry[];
}

/**
 * Statements run inside one transaction that holds the buy's row lock; the events it makes are stored with
 * its commit (EventOutbox).
 */
export interface MoneyTx extends EventOutbox {
  lockBuy(buyId: string): Promise<MoneyBuy | null>;
  chargeState(buyId: string): Promise<ChargeState>;
  /** Writes transactions' legs (each must balance) in one statement. */
  post(buyId: string, txns: readonly LedgerTxn[], createdBy: string | null, at: Date): Promise<void>;
  findPayment(paymentId: string): Promise<PaymentRecord | null>;
  insertPayment(p: PaymentRecord): Promise<void>;
  updatePayment(
    id: string,
    fields: Partial<
      Pick<PaymentRecord, 'status' | 'disputeReason' | 'decidedBy' | 'decidedAt' | 'screenshotKey'>
    >,
  ): Promise<void>;
  pendingPayment(buyId: string, householdId: string): Promise<PaymentRecord | null>;
  findRefund(refundId: string): Promise<RefundRecord | null>;
  insertRefund(r: RefundRecord): Promise<void>;
  acknowledgeRefund(id: string, at: Date): Promise<void>;
  insertSupplierBill(b: SupplierBillRecord): Promise<void>;
  setQr(buyId: string, fileKey: string, memberId: string, at: Date): Promise<string | null>;
  appendAudit(buyId: string, drafts: readonly AuditDraft[]): Promise<void>;
}

export interface HouseholdLabel {
  id: string;
  label: string;
  /** A proxy household (代登记: nobody of it uses the app; its volunteer orders and it pays in person). */
  isProxy: boolean;
  buildingId: string;
}

export interface MoneyRepo {
  transaction<T>(fn: (tx: MoneyTx) => Promise<T>): Promise<T>;
  findBuy(buyId: string): Promise<(MoneyBuy & { items: MoneyItem[] }) | null>;
  chargeState(buyId: string): Promise<ChargeState>;
  /** The buy's payment or refund (with its buy id), for authorisation before the transaction. */
  findPayment(paymentId: string): Promise<PaymentRecord | null>;
  findRefund(refundId: string): Promise<RefundRecord | null>;
  payments(buyId: string, householdId?: string): Promise<PaymentRecord[]>;
  refunds(buyId: string, householdId?: string): Promise<RefundRecord[]>;
  supplierBills(buyId: string): Promise<SupplierBillRecord[]>;
  /**
   * The QR code residents pay this buy with: the buy's own, else the one its leader uploaded last on another buy
   * (`own: false`), so a leader uploads their 收款码 once rather than for every buy. Null when neither exists.
   */
  paymentQr(buyId: string): Promise<PaymentQr | null>;
  /** Labels of the buy's households (every order, payment and ledger entry). */
  labels(buyId: string): Promise<HouseholdLabel[]>;
  /** The household's live (or last) order of the buy, for the amount shown while the buy is open. */
  orderOf(buyId: string, householdId: string): Promise<OrderCharge | null>;
  /**
   * The household's money in every buy of the compound it has any in: its ledger entries (summed by buy, kind
   * and account) and its payments waiting for the leader (summed by buy).
   */
  householdBooks(communityId: string, householdId: string): Promise<HouseholdBooks>;
  /** A household as paying for it weighs it (代付): where it is, and whether it is a proxy household. */
  householdRef(householdId: string): Promise<HouseholdRef | null>;
}

export interface HouseholdBooks {
  entries: (Entry & { buyId: string })[];
  pending: { buyId: string; amountFen: number }[];
}

export interface MoneyDeps {
  repo: MoneyRepo;
  /** Buy visibility and the caller's standing, shared with the buys context. */
  buys: Pick<BuysRepo, 'findBuyHeader' | 'memberContext'>;
  files: FileStore;
  clock: Clock;
  ids: IdGenerator;
  events: EventPublisher;
}
