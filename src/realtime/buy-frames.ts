import type { BuyCounters, ListEntryChange } from '../core/shared/events.ts';
import { EVENTS_PER_PAGE, type StoredEvent } from '../db/repos/event-store.ts';
import { formatSse } from './sse-hub.ts';

/** The SSE frame of a stored event: the event itself plus its id, so a client can resume from it. */
export function frameOf(stored: StoredEvent): string {
  return formatSse(stored.id, { ...stored.event, eventId: stored.id });
}

/** What a buy page applies itself from an order event (its 接龙 line and the buy's counters). */
function listPart(stored: StoredEvent): { entry: ListEntryChange; counters?: BuyCounters } | null {
  const e = stored.event;
  if (
    e.type !== 'order.placed' &&
    e.type !== 'order.updated' &&
    e.type !== 'order.cancelled' &&
    e.type !== 'order.promoted'
  )
    return null;
  return e.listEntry ? { entry: e.listEntry, counters: e.counters } : null;
}

/**
 * The frames of a buy's stream for events stored together, in order. A run of two or more order events that
 * carry their 接龙 line (an order batch of a rush: ~100 of them) becomes ONE `orders.changed` frame with the
 * lines in order and the newest counters, under the id of the run's last event, instead of ~560 bytes per
 * event to every open page. A buy page that reconnects with Last-Event-ID is replayed the same way
 * (buy-events.routes.ts); the compound's stream replays one frame per event.
 *
 * `byRow` (what is sent live): a run also ends where the events' stored row does (one order batch's), so no
 * frame holds events of two commits. A page that reconnects is replayed whole rows, then sent live what
 * follows; with a frame across two rows it could not tell the part it had been replayed from the rest
 * (event-stream.ts drops live frames it was replayed).
 */
export function buyFrames(stored: readonly StoredEvent[], byRow = false): string[] {
  const frames: string[] = [];
  let run: { stored: StoredEvent; entry: ListEntryChange; counters?: BuyCounters }[] = [];
  const flush = () => {
    if (run.length === 1) frames.push(frameOf(run[0]!.stored));
    else if (run.length > 1) {
      const last = run.at(-1)!.stored;
      let counters: BuyCounters | undefined;
      for (const r of run)
        if (r.counters && (!counters || r.counters.version >= counters.version)) counters = r.counters;
      frames.push(
        formatSse(last.id, {
          type: 'orders.changed',
          buyId: last.buyId,
          entries: run.map((r) => r.entry),
          ...(counters ? { counters } : {}),
          eventId: last.id,
        }),
      );
    }
    run = [];
  };
  let row = -1;
  for (const s of stored) {
    const part = listPart(s);
    if (byRow) {
      const of = Math.floor(s.id / EVENTS_PER_PAGE);
      if (of !== row) flush();
      row = of;
    }
    if (part) run.push({ stored: s, ...part });
    else {
      flush();
      frames.push(frameOf(s));
    }
  }
  flush();
  return frames;
}
