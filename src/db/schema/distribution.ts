import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import {
  DEFAULT_STALE_HOURS,
  PACKAGE_STATUSES,
  POST_KINDS,
  REPORT_KINDS,
  REPORT_STATUSES,
} from '../../core/distribution/model.ts';
import { SHORTAGE_POLICIES } from '../../core/distribution/shortage-fns.ts';
import { buys, orders } from './buys.ts';
import { buildings, communities, households, members } from './community.ts';

/** Per compound: quiet hours for non-urgent notifications, and when an undelivered package is flagged. */
export const distributionSettings = pgTable('distribution_settings', {
  communityId: uuid('community_id')
    .primaryKey()
    .references(() => communities.id, { onDelete: 'cascade' }),
  quietStart: text('quiet_start').notNull().default('22:00'),
  quietEnd: text('quiet_end').notNull().default('07:00'),
  timeZone: text('time_zone').notNull().default('Asia/Shanghai'),
  staleHours: integer('stale_hours').notNull().default(DEFAULT_STALE_HOURS),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The truck: window, driver, plate, pass notes, gate. Leader and volunteers only. */
export const deliveryPlans = pgTable('delivery_plans', {
  buyId: uuid('buy_id')
    .primaryKey()
    .references(() => buys.id, { onDelete: 'cascade' }),
  windowStart: timestamp('window_start', { withTimezone: true }),
  windowEnd: timestamp('window_end', { withTimezone: true }),
  driverName: text('driver_name'),
  driverPhone: text('driver_phone'),
  plate: text('plate'),
  passNotes: text('pass_notes'),
  gate: text('gate'),
  updatedBy: uuid('updated_by').references(() => members.id, { onDelete: 'set null' }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** "Truck arriving", "at the gate": posted by the leader, notified to the buy's participants. */
export const deliveryPosts = pgTable(
  'delivery_posts',
  {
    id: uuid('id').primaryKey(),
    buyId: uuid('buy_id')
      .notNull()
      .references(() => buys.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: POST_KINDS }).notNull(),
    message: text('message'),
    urgent: boolean('urgent').notNull().default(false),
    createdBy: uuid('created_by').references(() => members.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('delivery_posts_buy_id_idx').on(t.buyId, t.createdAt),
    index('delivery_posts_created_by_idx').on(t.createdBy),
  ],
);

/** What actually came off the truck, per item, and the shortage policy applied. One per buy. */
export const arrivals = pgTable(
  'arrivals',
  {
    id: uuid('id').primaryKey(),
    buyId: uuid('buy_id')
      .notNull()
      .references(() => buys.id, { onDelete: 'cascade' }),
    policy: text('policy', { enum: SHORTAGE_POLICIES }).notNull(),
    /** [{itemId, receivedQty, allocatedQty}] */
    received: jsonb('received').notNull(),
    recordedBy: uuid('recorded_by').references(() => members.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('arrivals_buy_uq').on(t.buyId), index('arrivals_recorded_by_idx').on(t.recordedBy)],
);

/** One package per household per buy, with a short pickup code unique within the buy. */
export const packages = pgTable(
  'packages',
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
    buildingId: uuid('building_id')
      .notNull()
      .references(() => buildings.id, { onDelete: 'no action' }),
    code: text('code').notNull(),
    status: text('status', { enum: PACKAGE_STATUSES }).notNull().default('sorted'),
    deliveredAt: timestamp('delivered_at', { withTimezone: true }),
    deliveredBy: uuid('delivered_by').references(() => members.id, { onDelete: 'set null' }),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    confirmedBy: uuid('confirmed_by').references(() => members.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('packages_buy_code_uq').on(t.buyId, t.code),
    uniqueIndex('packages_buy_household_uq').on(t.buyId, t.householdId),
    uniqueIndex('packages_order_uq').on(t.orderId),
    index('packages_buy_building_idx').on(t.buyId, t.buildingId),
    index('packages_household_id_idx').on(t.householdId),
    index('packages_building_id_idx').on(t.buildingId),
    index('packages_delivered_by_idx').on(t.deliveredBy),
    index('packages_confirmed_by_idx').on(t.confirmedBy),
    index('packages_code_idx').on(t.code),
    check('packages_delivered_consistent', sql`(status = 'sorted') = (delivered_at IS NULL)`),
  ],
);

/** A household's report of a missing or damaged package, and how the leader resolved it. */
export const deliveryReports = pgTable(
  'delivery_reports',
  {
    id: uuid('id').primaryKey(),
    buyId: uuid('buy_id')
      .notNull()
      .references(() => buys.id, { onDelete: 'cascade' }),
    packageId: uuid('package_id')
      .notNull()
      .references(() => packages.id, { onDelete: 'cascade' }),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'no action' }),
    kind: text('kind', { enum: REPORT_KINDS }).notNull(),
    note: text('note'),
    /** [{itemId, qty}]: what is missing or damaged. */
    lines: jsonb('lines').notNull(),
    photoKey: text('photo_key'),
    status: text('status', { enum: REPORT_STATUSES }).notNull().default('open'),
    resolutionReason: text('resolution_reason'),
    createdBy: uuid('created_by').references(() => members.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    resolvedBy: uuid('resolved_by').references(() => members.id, { onDelete: 'set null' }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
  },
  (t) => [
    index('delivery_reports_buy_id_idx').on(t.buyId, t.status),
    index('delivery_reports_package_id_idx').on(t.packageId),
    index('delivery_reports_household_id_idx').on(t.householdId),
    index('delivery_reports_created_by_idx').on(t.createdBy),
    index('delivery_reports_resolved_by_idx').on(t.resolvedBy),
  ],
);
