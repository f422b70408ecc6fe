import { sql } from 'drizzle-orm';
import { customType, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { members } from './community.ts';

/** PostgreSQL's 64-bit transaction id (never wraps around). */
const xid8 = customType<{ data: string }>({ dataType: () => 'xid8' });
/** Which transactions had committed at a moment (pg_current_snapshot()). */
const pgSnapshot = customType<{ data: string }>({ dataType: () => 'pg_snapshot' });

/**
 * In-app notifications. A row with household_id NULL is community-wide (one row for "a buy opened",
 * however many households the compound has); otherwise it belongs to that household. `data` holds the
 * message parameters (buy title, household label, item names, quantities), never prose: the web
 * localises from `type` + `data`.
 *
 * No foreign keys, like domain_events and audit_events: the rows are derived, after the fact, from changes
 * that committed with those ids, and nothing they name is deleted while they can exist (compounds and buys
 * are never deleted; a household with notifications has orders, which keep it). The checks cost: the three
 * references were ~40 % of each row's insert on the embedded database, ~4,000 rows in a rush of joins. For
 * the same reason the only index beyond the key is the feed's, which every query here uses (and a partial one
 * that holds only the compounds' 成团 rows).
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey(),
    communityId: uuid('community_id').notNull(),
    householdId: uuid('household_id'),
    buyId: uuid('buy_id'),
    type: text('type').notNull(),
    data: jsonb('data').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /**
     * The transaction that stored the row. A row's time is its batch's, taken before the batch commits, so
     * with two writers at once (instances on one PostgreSQL) a row can commit after a newer one was read;
     * the read marker's snapshot tells which rows had committed when it was set. NULL: stored before this
     * column existed (long committed).
     */
    writtenBy: xid8('written_by').default(sql`pg_current_xact_id()`),
  },
  (t) => [
    // A member's feed and unread count: (community, household) and (community, NULL), newest first; and an
    // order's latest waitlist notification (community, household, newest first).
    index('notifications_feed_idx').on(t.communityId, t.householdId, t.createdAt.desc(), t.id.desc()),
    // 成团 is told to a compound once per buy, whichever instances' notifiers handle its events at once (each
    // looks first, and stores with ON CONFLICT DO NOTHING). Partial: no other row has an entry to keep.
    uniqueIndex('notifications_threshold_met_once_idx')
      .on(t.buyId)
      .where(sql`household_id IS NULL AND type = 'buy_threshold_met'`),
  ],
);

/**
 * One read marker per member: everything in their feed created at or before last_read_at, and committed when
 * the marker was last set (read_snapshot), is read. A member without a marker has read everything before
 * they joined. Keeps "unread" a range count and a short look back (docs/notifications.md, "Read markers").
 */
export const notificationReads = pgTable('notification_reads', {
  memberId: uuid('member_id')
    .primaryKey()
    .references(() => members.id, { onDelete: 'cascade' }),
  lastReadAt: timestamp('last_read_at', { withTimezone: true }).notNull(),
  /** pg_current_snapshot() when the marker was last set; NULL for a marker set before this column existed. */
  readSnapshot: pgSnapshot('read_snapshot'),
});
