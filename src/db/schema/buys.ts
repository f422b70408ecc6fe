import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { BUY_STATUSES, PICKUP_MODES } from '../../core/buys/buy.ts';
import { ORDER_ADJUSTMENT_KINDS } from '../../core/buys/adjustments.ts';
import { communities, households, members } from './community.ts';

/** A group buy (团购). Its row is the lock that serialises every write to the buy's list. */
export const buys = pgTable(
  'buys',
  {
    id: uuid('id').primaryKey(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    description: text('description').notNull().default(''),
    supplierName: text('supplier_name'),
    supplierContact: text('supplier_contact'),
    deadline: timestamp('deadline', { withTimezone: true }).notNull(),
    deliveryDate: date('delivery_date', { mode: 'string' }),
    pickupMode: text('pickup_mode', { enum: PICKUP_MODES }).notNull().default('building'),
    minTotalQty: integer('min_total_qty'),
    minAmountFen: integer('min_amount_fen'),
    leaderFeeFen: integer('leader_fee_fen').notNull().default(0),
    status: text('status', { enum: BUY_STATUSES }).notNull().default('draft'),
    cancelReason: text('cancel_reason'),
    createdBy: uuid('created_by')
      .notNull()
      .references(() => members.id),
    /** The seq the next new order gets (numbered per buy from 1). */
    nextSeq: integer('next_seq').notNull().default(1),
    liveOrders: integer('live_orders').notNull().default(0),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull().default(0),
    version: integer('version').notNull().default(1),
    /** The end of the buy's audit hash chain (src/core/audit): events so far and the last one's hash. */
    auditSeq: integer('audit_seq').notNull().default(0),
    auditHead: text('audit_head'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('buys_community_status_idx').on(t.communityId, t.status, t.deadline),
    index('buys_created_by_idx').on(t.createdBy),
    // The deadline job's scan: only open buys are indexed.
    index('buys_open_deadline_idx')
      .on(t.deadline)
      .where(sql`status = 'open'`),
  ],
);

/** One thing to buy, with live counters kept in step with its order lines. */
export const buyItems = pgTable(
  'buy_items',
  {
    id: uuid('id').primaryKey(),
    buyId: uuid('buy_id')
      .notNull()
      .references(() => buys.id, { onDelete: 'cascade' }),
    position: integer('position').notNull().default(0),
    name: text('name').notNull(),
    spec: text('spec'),
    unit: text('unit'),
    priceFen: integer('price_fen').notNull(),
    stock: integer('stock'),
    perHouseholdMax: integer('per_household_max'),
    packSize: integer('pack_size'),
    allocatedQty: integer('allocated_qty').notNull().default(0),
    waitlistedQty: integer('waitlisted_qty').notNull().default(0),
  },
  (t) => [
    index('buy_items_buy_id_idx').on(t.buyId, t.position),
    // The last line of defence against overselling, whatever the code above does.
    check('buy_items_no_oversell', sql`stock IS NULL OR allocated_qty <= stock`),
    check('buy_items_counters_nonneg', sql`allocated_qty >= 0 AND waitlisted_qty >= 0`),
  ],
);

/**
 * A household's entry in the 接龙 list. One live (not cancelled) order per household per buy.
 *
 * Foreign keys, and why some are left out: every join in a rush inserts an order and its lines, and each
 * foreign-key check is an index probe plus a row lock on the parent (~6 µs each on the embedded database).
 * Kept: household_id (deleting a household is refused while it has orders: community-repo relies on it) and
 * order_lines.item_id (an item edited away must lose its lines first). Left out, enforced by the code that
 * writes them and by nothing ever deleting the parent: buy_id (the order batch writes only under the lock of
 * the buy row it just read; buys are never deleted), placed_by (members are never deleted) and
 * order_lines.order_id (written in the same statement as its order; orders are never deleted).
 */
export const orders = pgTable(
  'orders',
  {
    id: uuid('id').primaryKey(),
    /** buys.id (no foreign key: see above). */
    buyId: uuid('buy_id').notNull(),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'no action' }),
    seq: integer('seq').notNull(),
    status: text('status', { enum: ['active', 'waitlisted', 'cancelled'] }).notNull(),
    /** members.id of whoever placed it (no foreign key: see above). */
    placedBy: uuid('placed_by'),
    note: text('note'),
    amountFen: bigint('amount_fen', { mode: 'number' }).notNull().default(0),
    cancelReason: text('cancel_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('orders_buy_seq_uq').on(t.buyId, t.seq),
    uniqueIndex('orders_live_household_uq')
      .on(t.buyId, t.householdId)
      .where(sql`status <> 'cancelled'`),
    index('orders_household_id_idx').on(t.householdId),
  ],
);

export const orderLines = pgTable(
  'order_lines',
  {
    /** orders.id (no foreign key: see orders). */
    orderId: uuid('order_id').notNull(),
    itemId: uuid('item_id')
      .notNull()
      .references(() => buyItems.id, { onDelete: 'no action' }),
    qty: integer('qty').notNull(),
    allocatedQty: integer('allocated_qty').notNull(),
    waitlistedQty: integer('waitlisted_qty').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.orderId, t.itemId] }),
    index('order_lines_item_id_idx').on(t.itemId),
    // Promotion reads only the waiting lines of an item.
    index('order_lines_waiting_idx')
      .on(t.itemId)
      .where(sql`waitlisted_qty > 0`),
    check(
      'order_lines_qty_split',
      sql`allocated_qty + waitlisted_qty = qty AND allocated_qty >= 0 AND waitlisted_qty >= 0`,
    ),
  ],
);

/**
 * Idempotency-Key records, written in the same transaction as the change they answer, so a retry after a
 * crash finds either both or neither. scope = caller + method + path.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    scope: text('scope').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    statusCode: integer('status_code').notNull(),
    response: jsonb('response').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.scope, t.key] }),
    index('idempotency_keys_created_at_idx').on(t.createdAt),
  ],
);

/**
 * The order journal (the default, LINLI_ORDER_PATH; docs/order-book.md): one row per
 * order batch, committed with the buy's counters before any request of the batch is answered, and expanded
 * later into the rows of orders,
 * order_lines, audit_events and idempotency_keys (then deleted). `version` is the buy's version the batch
 * wrote; a buy's rows expand in that order. `data` is JSON written and read whole, stored as text out of line
 * without compression (the migration): json would have the database check ~100 KB of syntax per batch, and
 * compressing it cost more than the bytes it saved.
 */
export const orderJournal = pgTable(
  'order_journal',
  {
    buyId: uuid('buy_id')
      .notNull()
      .references(() => buys.id),
    version: integer('version').notNull(),
    data: text('data').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.buyId, t.version] })],
);

/**
 * Changes to what a household receives and owes after the list closed: a shortage at the gate, a missing or
 * damaged package refunded. The distribution context writes them in the same transaction as the change that
 * causes them; the money context derives receivables and refunds from them. Append-only: a correction is a
 * further row, never an UPDATE. Quantities and amounts only ever go down (a delta ≤ 0).
 */
export const orderAdjustments = pgTable(
  'order_adjustments',
  {
    id: uuid('id').primaryKey(),
    buyId: uuid('buy_id')
      .notNull()
      .references(() => buys.id, { onDelete: 'cascade' }),
    orderId: uuid('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'no action' }),
    itemId: uuid('item_id')
      .notNull()
      .references(() => buyItems.id, { onDelete: 'no action' }),
    kind: text('kind', { enum: ORDER_ADJUSTMENT_KINDS }).notNull(),
    qtyDelta: integer('qty_delta').notNull(),
    /** qtyDelta × the item's priceFen at the time (integer fen, ≤ 0). */
    amountFenDelta: bigint('amount_fen_delta', { mode: 'number' }).notNull(),
    /** The arrival record or the delivery report this adjustment comes from, if any. */
    refId: uuid('ref_id'),
    reason: text('reason'),
    createdBy: uuid('created_by').references(() => members.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('order_adjustments_buy_id_idx').on(t.buyId),
    index('order_adjustments_order_id_idx').on(t.orderId),
    index('order_adjustments_household_id_idx').on(t.householdId),
    index('order_adjustments_item_id_idx').on(t.itemId),
    index('order_adjustments_created_by_idx').on(t.createdBy),
    check('order_adjustments_decrease_only', sql`qty_delta <= 0 AND amount_fen_delta <= 0`),
  ],
);
