import type { DomainEvent } from '../core/shared/events.ts';
import { NOTIFYING_EVENTS } from '../core/notifications/mapping.ts';
import { notifyOf } from '../core/notifications/notify.ts';
import type { NotifierDeps } from '../core/notifications/ports.ts';
import type { EventBus } from './event-bus.ts';
import { BusListener } from './bus-listener.ts';
import { DelayedPublisher } from './delayed-publisher.ts';
import type { BatchHold } from './tick-batcher.ts';
import { pageOf, type NoticePages } from '../db/repos/event-store.ts';

export interface NotifierLogger {
  warn(obj: object, msg: string): void;
}

/** Events handled together at most (one statement of notices each, normally). */
export const NOTIFY_CHUNK = 500;

/** Pages claimed by the sweep at a time (recover). */
const ORPHAN_PAGES = 20;

/** An event as the notifier queues it: with its id when it was stored with its commit (an order batch's). */
interface Queued {
  event: DomainEvent;
  storedId: number | undefined;
}

export interface NotifierOptions {
  log?: NotifierLogger;
  /** When batches wait for more urgent work (the container gives the order queue's). */
  hold?: BatchHold;
  /** Told how many notifications each batch stored (metrics). */
  onStored?: (count: number) => void;
  /**
   * Where the pages of events stored with their commit are claimed (domain_events.noticed). Without it every
   * event is handled as it comes, and `recover` finds nothing.
   */
  pages?: Pick<NoticePages, 'claim' | 'claimOrphans'>;
  /** Told how many events' notices each sweep wrote (metrics). */
  onRecovered?: (events: number) => void;
}

/**
 * Listens to the bus and turns domain events into in-app notifications (core/notifications/notify.ts).
 * Events of one tick are handled together, after the use-case's transaction has committed; use-cases never
 * call this. With a `hold` (the container gives it the order queue's: docs/notifications.md), its batches
 * wait while orders are being committed, so that a rush's joins are answered first and its notices are
 * stored after it, together.
 *
 * An order batch stores its events with its commit, as pages not noticed yet. Before writing their notices
 * the notifier claims those pages (`pages.claim`), so that if this instance is killed while it holds a rush's
 * notices, the sweep (`recover`, jobs/recover-notices.ts) writes them later, on this instance once it is back
 * or on any other, and no page is told twice. A crash between a claim and its notices' statement still loses
 * them (one round trip, not the seconds a rush's notices are held). Every other change that makes notices (a
 * leader's edit, a transition, money, distribution) stores its events with its commit the same way
 * (`transactionWithEvents`, core/shared/ports.ts).
 */
export class Notifier extends BusListener<Queued> {
  readonly #deps: NotifierDeps;
  readonly #log: NotifierLogger;
  readonly #onStored: (count: number) => void;
  readonly #pages: NotifierOptions['pages'];
  readonly #onRecovered: (events: number) => void;
  /** Pages this notifier claimed lately (a page's events may come in two batches). */
  readonly #claimed = new Set<number>();
  /** The live push of notifications held for the quiet hours, at the time they appear. */
  readonly #later: DelayedPublisher;

  constructor(deps: NotifierDeps, bus: EventBus, options: NotifierOptions = {}) {
    super(bus, options.hold);
    this.#later = new DelayedPublisher((events) => deps.events.publish(events));
    this.#deps = { later: (at, events) => this.#later.at(at, events), ...deps };
    this.#log = options.log ?? console;
    this.#onStored = options.onStored ?? (() => {});
    this.#pages = options.pages;
    this.#onRecovered = options.onRecovered ?? (() => {});
  }

  override async stop(): Promise<void> {
    await super.stop();
    this.#later.stop();
  }

  protected pick(event: DomainEvent, storedId?: number): Queued | undefined {
    return NOTIFYING_EVENTS.has(event.type) ? { event, storedId } : undefined;
  }

  // Batches run one after another, so notifications are stored in the order their events were published.
  protected async handle(batch: Queued[]): Promise<void> {
    await this.#notify(await this.#claim(batch));
  }

  /**
   * The events of the batch whose notices are this notifier's to write: those stored after their commit, and
   * those of the pages it claims. A page claimed elsewhere (the sweep on another instance) is left to it; a
   * failed claim leaves the page to the sweep.
   */
  async #claim(batch: Queued[]): Promise<DomainEvent[]> {
    const out: DomainEvent[] = [];
    if (!this.#pages) {
      for (const q of batch) out.push(q.event);
      return out;
    }
    const wanted = new Set<number>();
    for (const q of batch)
      if (q.storedId !== undefined && !this.#claimed.has(pageOf(q.storedId))) wanted.add(pageOf(q.storedId));
    if (wanted.size > 0) {
      try {
        const claimed = await this.#pages.claim([...wanted]);
        for (const page of claimed) this.#claimed.add(page);
        // Unusual (a sweep took them while this instance held them for longer than it allows): said, so that
        // notices missing from a feed can be traced.
        if (claimed.size < wanted.size)
          this.#log.warn(
            { pages: [...wanted].filter((p) => !claimed.has(p)) },
            'notices of pages claimed elsewhere are left to whoever claimed them',
          );
      } catch (err) {
        this.#log.warn({ err, pages: wanted.size }, 'could not claim notices (the sweep will write them)');
      }
      // Remembered for a while only: the oldest go first.
      for (const page of this.#claimed) {
        if (this.#claimed.size <= 4_096) break;
        this.#claimed.delete(page);
      }
    }
    for (const q of batch)
      if (q.storedId === undefined || this.#claimed.has(pageOf(q.storedId))) out.push(q.event);
    return out;
  }

  /**
   * Writes the notices of pages no notifier claimed for `olderThanMs`, or stored before `ownedSince` (this
   * process has had the data to itself since: the embedded database), whose instance was killed while it held
   * them; a few pages at a time until none are left. Their events come without the facts a live batch
   * brings, so what the notices say is read as it is now. Answers how many events were handled.
   */
  async recover(olderThanMs: number, ownedSince: Date | null = null): Promise<number> {
    if (!this.#pages) return 0;
    let handled = 0;
    for (;;) {
      const stored = await this.#pages.claimOrphans(olderThanMs, ORPHAN_PAGES, ownedSince);
      if (stored.length === 0) return handled;
      const events: DomainEvent[] = [];
      for (const s of stored) if (NOTIFYING_EVENTS.has(s.event.type)) events.push(s.event);
      await this.#notify(events);
      handled += events.length;
      this.#onRecovered(events.length);
    }
  }

  // A held batch can gather thousands of events: it is handled NOTIFY_CHUNK at a time, giving the event loop
  // a turn between chunks, so that requests arriving meanwhile (a rush that goes on) are not kept waiting.
  async #notify(batch: DomainEvent[]): Promise<void> {
    for (let from = 0; from < batch.length; from += NOTIFY_CHUNK) {
      if (from > 0) await new Promise((r) => setImmediate(r));
      const chunk = batch.slice(from, from + NOTIFY_CHUNK);
      try {
        const stored = await notifyOf(this.#deps, chunk, (err, event) =>
          this.#log.warn({ err, event: event.type }, 'could not store a notification'),
        );
        this.#onStored(stored);
      } catch (err) {
        this.#log.warn({ err, lost: chunk.length }, 'could not store notifications');
      }
    }
  }
}
