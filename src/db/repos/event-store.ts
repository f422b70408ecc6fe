import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { domainEvents } from '../schema/realtime.ts';
import type { DomainEvent } from '../../core/shared/events.ts';

interface EventRow {
  id: string | number;
  community_id: string;
  buy_id: string | null;
  data: DomainEvent;
}

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
      const rows = events.map((e) => ({
        community_id: e.communityId,
        buy_id: 'buyId' in e ? e.buyId : null,
        type: e.type,
        data: e,
      }));
      const result = (await db.execute(sql`
        WITH ins AS (
          INSERT INTO domain_events (community_id, buy_id, type, data)
          SELECT r.community_id, r.buy_id, r.type, r.data
          FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
            AS r(community_id uuid, buy_id uuid, type text, data jsonb)
          RETURNING id, community_id, buy_id, data
        )
        SELECT ins.id, ins.community_id, ins.buy_id, ins.data,
          ${notify ? sql`pg_notify(${EVENTS_CHANNEL}, json_build_object('id', ins.id, 'communityId', ins.community_id, 'buyId', ins.buy_id, 'event', ins.data)::text)` : sql`NULL`} AS notified
        FROM ins ORDER BY ins.id`)) as unknown as { rows: EventRow[] };
      return result.rows.map((r) => ({
        id: Number(r.id),
        communityId: r.community_id,
        buyId: r.buy_id,
        event: r.data,
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
