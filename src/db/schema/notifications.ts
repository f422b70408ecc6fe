import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { buys } from './buys.ts';
import { communities, households, members } from './community.ts';

/**
 * In-app notifications. A row with household_id NULL is community-wide (one row for "a buy opened",
 * however many households the compound has); otherwise it belongs to that household. `data` holds the
 * message parameters (buy title, household label, item names, quantities), never prose: the web
 * localises from `type` + `data`.
 */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    householdId: uuid('household_id').references(() => households.id, { onDelete: 'cascade' }),
    buyId: uuid('buy_id').references(() => buys.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    data: jsonb('data').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // A member's feed and unread count: (community, household) and (community, NULL), newest first.
    index('notifications_feed_idx').on(t.communityId, t.householdId, t.createdAt.desc(), t.id.desc()),
    index('notifications_household_id_idx').on(t.householdId, t.createdAt.desc()),
    index('notifications_buy_id_idx').on(t.buyId),
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
