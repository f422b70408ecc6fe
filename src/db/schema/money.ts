import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  index,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  ACCOUNTS,
  ENTRY_KINDS,
  PAYMENT_METHODS,
  PAYMENT_STATUSES,
  REFUND_STATUSES,
  SUPPLIER_BILL_KINDS,
  type SupplierBillLine,
} from '../../core/money/model.ts';
import { buys } from './buys.ts';
import { households, members } from './community.ts';

/**
 * The double-entry ledger of each buy, in integer fen (src/core/money). Append-only: a trigger (custom
 * migration money_append_only) refuses UPDATE and DELETE; a correction is a further transaction. Balances
 * are sums over these rows. The legs of one transaction share txn_id and sum to zero.
 */
export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: uuid('id').primaryKey(),
    buyId: uuid('buy_id')
      .notNull()
      .references(() => buys.id, { onDelete: 'no action' }),
    txnId: uuid('txn_id').notNull(),
    kind: text('kind', { enum: ENTRY_KINDS }).notNull(),
    account: text('account', { enum: ACCOUNTS }).notNull(),
    householdId: uuid('household_id').references(() => households.id, { onDelete: 'no action' }),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    refId: uuid('ref_id'),
    createdBy: uuid('created_by').references(() => members.id, { onDelete: 'no action' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('ledger_entries_buy_idx').on(t.buyId, t.account),
    index('ledger_entries_household_idx').on(t.householdId),
    index('ledger_entries_created_by_idx').on(t.createdBy),
    index('ledger_entries_txn_idx').on(t.txnId),
    check('ledger_entries_nonzero', sql`amount_fen <> 0`),
  ],
);

/** A household's "I paid" (已付款), and the leader's decision on it. */
export const payments = pgTable(
  'payments',
  {
    id: uuid('id').primaryKey(),
    buyId: uuid('buy_id')
      .notNull()
      .references(() => buys.id, { onDelete: 'no action' }),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'no action' }),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    method: text('method', { enum: PAYMENT_METHODS }).notNull(),
    reference: text('reference'),
    screenshotKey: text('screenshot_key'),
    status: text('status', { enum: PAYMENT_STATUSES }).notNull().default('pending'),
    disputeReason: text('dispute_reason'),
    markedBy: uuid('marked_by')
      .notNull()
      .references(() => members.id, { onDelete: 'no action' }),
    markedAt: timestamp('marked_at', { withTimezone: true }).notNull(),
    decidedBy: uuid('decided_by').references(() => members.id, { onDelete: 'no action' }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [
    index('payments_buy_idx').on(t.buyId, t.householdId),
    index('payments_household_idx').on(t.householdId),
    index('payments_marked_by_idx').on(t.markedBy),
    index('payments_decided_by_idx').on(t.decidedBy),
    // One payment waiting for the leader per household and buy.
    uniqueIndex('payments_one_pending_uq')
      .on(t.buyId, t.householdId)
      .where(sql`status = 'pending'`),
    check('payments_amount_positive', sql`amount_fen > 0`),
  ],
);

/** Money the leader sent back to a household, and the household's acknowledgement. */
export const refunds = pgTable(
  'refunds',
  {
    id: uuid('id').primaryKey(),
    buyId: uuid('buy_id')
      .notNull()
      .references(() => buys.id, { onDelete: 'no action' }),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'no action' }),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    method: text('method', { enum: PAYMENT_METHODS }).notNull(),
    reference: text('reference'),
    status: text('status', { enum: REFUND_STATUSES }).notNull().default('sent'),
    sentBy: uuid('sent_by')
      .notNull()
      .references(() => members.id, { onDelete: 'no action' }),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull(),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true }),
  },
  (t) => [
    index('refunds_buy_idx').on(t.buyId, t.householdId),
    index('refunds_household_idx').on(t.householdId),
    index('refunds_sent_by_idx').on(t.sentBy),
    check('refunds_amount_positive', sql`amount_fen > 0`),
  ],
);

/** The supplier's invoice and the leader's payment to the supplier. */
export const supplierBills = pgTable(
  'supplier_bills',
  {
    id: uuid('id').primaryKey(),
    buyId: uuid('buy_id')
      .notNull()
      .references(() => buys.id, { onDelete: 'no action' }),
    kind: text('kind', { enum: SUPPLIER_BILL_KINDS }).notNull(),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull(),
    lines: jsonb('lines').$type<SupplierBillLine[]>().notNull().default([]),
    note: text('note'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => members.id, { onDelete: 'no action' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('supplier_bills_buy_idx').on(t.buyId),
    index('supplier_bills_created_by_idx').on(t.createdBy),
    check('supplier_bills_amount_positive', sql`amount_fen > 0`),
  ],
);

/** The leader's payment QR code (收款码) for a buy, shown next to the amount due. */
export const buyPaymentQr = pgTable(
  'buy_payment_qr',
  {
    buyId: uuid('buy_id')
      .primaryKey()
      .references(() => buys.id, { onDelete: 'no action' }),
    fileKey: text('file_key').notNull(),
    updatedBy: uuid('updated_by')
      .notNull()
      .references(() => members.id, { onDelete: 'no action' }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('buy_payment_qr_updated_by_idx').on(t.updatedBy)],
);
