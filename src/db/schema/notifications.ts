import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { members } from './community.ts';

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
 * the same reason the only index beyond the key is the feed's, which every query here uses.
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
  },
  (t) => [
    // A member's feed and unread count: (community, household) and (community, NULL), newest first; and an
    // order's latest waitlist notification (community, household, newest first).
    index('notifications_feed_idx').on(t.communityId, t.householdId, t.createdAt.desc(), t.id.desc()),
  ],
);

/**
 * One read marker per member: everything in their feed created at or before last_read_at is read. A
 * member without a marker has read everything before they joined. Keeps "unread" one range count.
 */
export const notificationReads = pgTable('notification_reads', {
  memberId: uuid('member_id')
    .primaryKey()
    .references(() => members.id, { onDelete: 'cascade' }),
  lastReadAt: timestamp('last_read_at', { withTimezone: true }).notNull(),
});
