import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { domainEvents } from '../schema/realtime.ts';
import type { DomainEvent } from '../../core/shared/events.ts';

export const EVENTS_CHANNEL = 'linli_events';

export interface StoredEvent {
  id: number;
  communityId: string;
  buyId: string | null;
  event: DomainEvent;
}

/**
 * Appends events and, in the same statement, NOTIFYs other instances (PostgreSQL delivers the notification
 * when the statement's transaction commits). The notification carries the stored row so listeners need
 * no extra query; payloads stay far below PostgreSQL's 8,000-byte limit because events are small.
 */
export function createEventStore(db: Executor) {
  return {
    async append(events: readonly DomainEvent[], notify: boolean): Promise<StoredEvent[]> {
      if (events.length === 0) return [];
      // One array of the events themselves (no per-row wrapper to send and parse), and only the ids come
      // back: the events are at hand, and returning each stored jsonb to parse it again was about a third of
      // this statement's time on the embedded database (the rush's busiest statement after the join's own).
      // The ids are drawn in array order (ORDER BY n: PostgreSQL evaluates the id's nextval after the sort),
      // so the sorted ids pair with the events in order.
      const array = sql`jsonb_array_elements(${JSON.stringify(events)}::jsonb) WITH ORDINALITY AS x(e, n)`;
      const insert = sql`INSERT INTO domain_events (community_id, buy_id, type, data)
        SELECT (x.e->>'communityId')::uuid, (x.e->>'buyId')::uuid, x.e->>'type', x.e FROM ${array} ORDER BY x.n`;
      const result = (await db.execute(
        notify
          ? sql`WITH ins AS (${insert} RETURNING id, community_id, buy_id, data)
              SELECT ins.id, pg_notify(${EVENTS_CHANNEL}, json_build_object('id', ins.id, 'communityId', ins.community_id, 'buyId', ins.buy_id, 'event', ins.data)::text) AS notified
              FROM ins ORDER BY ins.id`
          : sql`${insert} RETURNING id`,
      )) as unknown as { rows: { id: string | number }[] };
      const ids = result.rows.map((r) => Number(r.id)).sort((a, b) => a - b);
      if (ids.length !== events.length) throw new Error(`stored ${ids.length} of ${events.length} events`);
      return events.map((event, i) => ({
        id: ids[i]!,
        communityId: event.communityId,
        buyId: ('buyId' in event ? event.buyId : null) ?? null,
        event,
      }));
    },

    /** Events of one buy after the given id, oldest first (for Last-Event-ID replay). */
    async buyEventsAfter(buyId: string, afterId: number, limit = 500): Promise<StoredEvent[]> {
      const rows = await db
        .select()
        .from(domainEvents)
        .where(and(eq(domainEvents.buyId, buyId), gt(domainEvents.id, afterId)))
        .orderBy(asc(domainEvents.id))
        .limit(limit);
      return rows.map((r) => ({
        id: r.id,
        communityId: r.communityId,
        buyId: r.buyId,
        event: r.data as DomainEvent,
      }));
    },
  };
}

export type EventStore = ReturnType<typeof createEventStore>;
