import { sql } from 'drizzle-orm';
import { bigserial, boolean, index, json, pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * The log of domain events that live screens follow, in pages: a row holds a run of consecutive events of one
 * compound and one buy (`data` is their JSON array). An event's SSE id is the row's id × 1,000 plus its place
 * in the page (repos/event-store.ts), so a client that reconnects with Last-Event-ID is sent what it missed,
 * from whichever instance it reaches.
 */
export const domainEvents = pgTable(
  'domain_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    communityId: uuid('community_id').notNull(),
    buyId: uuid('buy_id'),
    // json, not jsonb: written once and read back whole, so it is kept as written rather than parsed.
    data: json('data').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    // False while the notifier has not yet turned the page's events into notices: set for pages an order batch
    // stores with its commit (the notifier holds a rush's notices up to 2 s, and a crash in that time would
    // otherwise lose them), and set true when an instance claims the page to write its notices, or sweeps it
    // up after a crash (realtime/notifier.ts, jobs/recover-notices.ts).
    noticed: boolean('noticed').notNull().default(true),
  },
  (t) => [
    // A buy stream's replay. Partial: about half the events of a rush (notification.created, one per household
    // told) belong to no buy and would only make every insert dearer.
    index('domain_events_buy_id_idx')
      .on(t.buyId, t.id)
      .where(sql`${t.buyId} IS NOT NULL`),
    index('domain_events_community_id_idx').on(t.communityId, t.id),
    // The pages still waiting for their notices: a handful at a time, none once the notifier has caught up.
    index('domain_events_unnoticed_idx')
      .on(t.id)
      .where(sql`NOT ${t.noticed}`),
  ],
);
