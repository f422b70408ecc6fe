import { sql } from 'drizzle-orm';
import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The log of domain events that live screens follow. Its bigserial id is the SSE event id, so a client
 * that reconnects with Last-Event-ID is sent what it missed, from whichever instance it reaches.
 */
export const domainEvents = pgTable(
  'domain_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    communityId: uuid('community_id').notNull(),
    buyId: uuid('buy_id'),
    type: text('type').notNull(),
    data: jsonb('data').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // A buy stream's replay. Partial: about half the events of a rush (notification.created, one per household
    // told) belong to no buy and would only make every insert dearer.
    index('domain_events_buy_id_idx')
      .on(t.buyId, t.id)
      .where(sql`${t.buyId} IS NOT NULL`),
    index('domain_events_community_id_idx').on(t.communityId, t.id),
  ],
);
