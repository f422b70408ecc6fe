/** The money context's vocabulary: ledger accounts and entry kinds, payments, refunds, supplier bills. */
import type { Fen } from '../shared/money.ts';

/**
 * Ledger accounts of a buy (debit positive, credit negative; every transaction sums to zero):
 * - receivable: per household, what it owes (a credit balance is a refund it is owed);
 * - collection: the cash the leader holds for the buy;
 * - sales and leader_fee: what households were charged for goods and for the leader's fee (credits);
 * - supplier_cost: the supplier's invoices (debit), against supplier_payable (credit) until paid.
 */
export const ACCOUNTS = [
  'receivable',
  'collection',
  'sales',
  'leader_fee',
  'supplier_cost',
  'supplier_payable',
] as const;
export type Account = (typeof ACCOUNTS)[number];

export const ENTRY_KINDS = ['charge', 'payment', 'refund', 'supplier_invoice', 'supplier_payment'] as const;
export type EntryKind = (typeof ENTRY_KINDS)[number];

export const PAYMENT_METHODS = ['wechat', 'alipay', 'cash', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const PAYMENT_STATUSES = ['pending', 'confirmed', 'disputed'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

export const REFUND_STATUSES = ['sent', 'acknowledged'] as const;
export type RefundStatus = (typeof REFUND_STATUSES)[number];

export const SUPPLIER_BILL_KINDS = ['invoice', 'payment'] as const;
export type SupplierBillKind = (typeof SUPPLIER_BILL_KINDS)[number];

/** One leg of a ledger transaction. */
export interface Leg {
  account: Account;
  /** Set on household-scoped legs (receivable, and the sales/leader_fee legs of a household's charge). */
  householdId: string | null;
  amountFen: Fen;
}

/** A ledger transaction: legs that sum to zero, written together. */
export interface LedgerTxn {
  kind: EntryKind;
  /** The payment, refund or supplier bill it records (null for charges). */
  refId: string | null;
  legs: Leg[];
}

export interface PaymentRecord {
  id: string;
  buyId: string;
  householdId: string;
  amountFen: Fen;
  method: PaymentMethod;
  reference: string | null;
  screenshotKey: string | null;
  status: PaymentStatus;
  disputeReason: string | null;
  markedBy: string;
  markedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
}

export interface RefundRecord {
  id: string;
  buyId: string;
  householdId: string;
  amountFen: Fen;
  method: PaymentMethod;
  reference: string | null;
  status: RefundStatus;
  sentBy: string;
  sentAt: Date;
  acknowledgedAt: Date | null;
}

export interface SupplierBillLine {
  itemId: string;
  qty: number;
  unitPriceFen: Fen;
}

export interface SupplierBillRecord {
  id: string;
  buyId: string;
  kind: SupplierBillKind;
  amountFen: Fen;
  lines: SupplierBillLine[];
  note: string | null;
  createdBy: string;
  createdAt: Date;
}
