/**
 * How a domain_events row keeps its page of events (db/repos/event-store.ts). Pure.
 *
 * Every event of a page belongs to the row's compound and buy (both are columns of the row), and the order
 * events of one order batch all carry the same counters (the buy as the batch leaves it). Written whole, a
 * rush's page said those again in every event: ~250 of its ~530 characters per event, sent to the database
 * with every batch. A page is now stored as `{ "v": 2, "c": [counters…], "e": [events…] }`: each event
 * without its `communityId` and `buyId` when they are the row's, and with `counters` as its index into `c`
 * (one entry per distinct counters object). Reading puts them back, so an event reads back as it was
 * written (as JSON keeps it). Pages written before 2026-12-03 are the events' array as written; both read.
 */
import type { BuyCounters, DomainEvent } from '../../core/shared/events.ts';

/** A page as stored (the events' own fields, but for those the row and `c` hold). */
export interface PackedPage {
  v: 2;
  c: BuyCounters[];
  e: Record<string, unknown>[];
}

/**
 * A page's events as they are stored: `communityId` and `buyId` left out where they are the page's, and
 * `counters` by their index into the page's list. Written with loops: it runs for every event of a rush
 * ("V8 and short-lived closures", docs/benchmarks.md).
 */
export function packPage(
  events: readonly DomainEvent[],
  communityId: string,
  buyId: string | null,
): PackedPage {
  const c: BuyCounters[] = [];
  let index: Map<BuyCounters, number> | null = null;
  const e: Record<string, unknown>[] = [];
  for (const event of events) {
    const packed: Record<string, unknown> = {};
    const fields = event as unknown as Record<string, unknown>;
    for (const key in fields) {
      const value = fields[key];
      if (key === 'communityId' && value === communityId) continue;
      if (key === 'buyId' && buyId !== null && value === buyId) continue;
      if (key === 'counters' && value !== null && typeof value === 'object') {
        index ??= new Map();
        let n = index.get(value as BuyCounters);
        if (n === undefined) {
          n = c.length;
          c.push(value as BuyCounters);
          index.set(value as BuyCounters, n);
        }
        packed[key] = n;
        continue;
      }
      packed[key] = value;
    }
    e.push(packed);
  }
  return { v: 2, c, e };
}

const isPacked = (data: unknown): data is PackedPage =>
  data !== null && typeof data === 'object' && !Array.isArray(data) && (data as PackedPage).v === 2;

/**
 * The events of a stored page (packed, or an array as pages were written before), with the row's compound
 * and buy. An event's `type`, `communityId` and `buyId` come first, as events are written.
 */
export function unpackPage(data: unknown, communityId: string, buyId: string | null): DomainEvent[] {
  if (!isPacked(data)) return Array.isArray(data) ? (data as DomainEvent[]) : [];
  const out: DomainEvent[] = [];
  for (const packed of data.e) {
    const event: Record<string, unknown> = { type: packed.type, communityId };
    if (buyId !== null) event.buyId = buyId;
    for (const key in packed) {
      const value = packed[key];
      if (key === 'counters' && typeof value === 'number') event[key] = data.c[value];
      else event[key] = value;
    }
    out.push(event as unknown as DomainEvent);
  }
  return out;
}
