import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { communities, households, members } from './community.ts';

/**
 * 邻里街坊's posts (docs/street.md, src/core/street/model.ts). Labels are read from `households` when shown,
 * so a renamed building's posts follow it. A household with posts is not deleted (like one with orders).
 */
export const streetPosts = pgTable(
  'street_posts',
  {
    id: uuid('id').primaryKey(),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    /** POST_KINDS. */
    kind: text('kind').notNull(),
    /** POST_STATUSES. */
    status: text('status').notNull(),
    title: text('title').notNull(),
    body: text('body'),
    /** The household it is from (or for, 代发); null: a role holder without a household. */
    householdId: uuid('household_id').references(() => households.id),
    authorMemberId: uuid('author_member_id').references(() => members.id, { onDelete: 'set null' }),
    /** The author's role when they wrote it (StreetRole), shown beside the label. */
    authorRole: text('author_role'),
    /** Posted by an admin or a volunteer for the household (代发). */
    onBehalf: boolean('on_behalf').notNull().default(false),
    helperHouseholdId: uuid('helper_household_id').references(() => households.id),
    helperMemberId: uuid('helper_member_id').references(() => members.id, { onDelete: 'set null' }),
    helperRole: text('helper_role'),
    replyCount: integer('reply_count').notNull().default(0),
    removedReason: text('removed_reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (t) => [
    // The board, newest first (also the community's foreign key index).
    index('street_posts_board_idx').on(t.communityId, t.createdAt.desc(), t.id.desc()),
    // A household's active posts (the limit), and "mine".
    index('street_posts_household_idx').on(t.householdId, t.status),
    index('street_posts_author_idx').on(t.authorMemberId),
    index('street_posts_helper_household_idx').on(t.helperHouseholdId),
    index('street_posts_helper_member_idx').on(t.helperMemberId),
    // The compound's needs nobody has taken (the board's count, the 待办).
    index('street_posts_waiting_idx')
      .on(t.communityId, t.createdAt)
      .where(sql`kind = 'need' AND status = 'open'`),
  ],
);

export const streetReplies = pgTable(
  'street_replies',
  {
    id: uuid('id').primaryKey(),
    postId: uuid('post_id')
      .notNull()
      .references(() => streetPosts.id, { onDelete: 'cascade' }),
    communityId: uuid('community_id')
      .notNull()
      .references(() => communities.id, { onDelete: 'cascade' }),
    householdId: uuid('household_id').references(() => households.id),
    memberId: uuid('member_id').references(() => members.id, { onDelete: 'set null' }),
    role: text('role'),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('street_replies_post_idx').on(t.postId, t.createdAt),
    index('street_replies_community_idx').on(t.communityId),
    index('street_replies_household_idx').on(t.householdId),
    index('street_replies_member_idx').on(t.memberId),
  ],
);
