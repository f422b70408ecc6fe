import type { DomainEvent } from '../core/shared/events.ts';
import { NOTIFYING_EVENTS } from '../core/notifications/mapping.ts';
import { notifyOf } from '../core/notifications/notify.ts';
import type { NotificationWriter, NotifierDeps } from '../core/notifications/ports.ts';
import type { EventBus } from './event-bus.ts';
import { BusListener } from './bus-listener.ts';
import { DelayedPublisher } from './delayed-publisher.ts';
import type { BatchHold } from './tick-batcher.ts';
import { pageOf, type NoticePages, type StoredEvent } from '../db/repos/event-store.ts';

export interface NotifierLogger {
  warn(obj: object, msg: string): void;
}

/** Events handled together at most (one statement of notices each, normally). */
export const NOTIFY_CHUNK = 500;

/** Pages claimed by the sweep at a time (recover). */
const ORPHAN_PAGES = 20;

/** An event as the notifier queues it: with its id when it was stored with its commit (an order batch's). */
export interface Queued {
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
   * Where the pages of events stored with their commit are claimed (domain_events.noticed), with their
   * notices where it has `inTransaction`. Without it every event is handled as it comes, and `recover` finds
   * nothing.
   */
  pages?: Pick<NoticePages, 'claim' | 'claimOrphans'> & Partial<Pick<NoticePages, 'inTransaction'>>;
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
 * or on any other, and no page is told twice. A claim commits with the notices it is for, in one transaction
 * (`pages.inTransaction`), so a crash cannot leave a page claimed and its notices unwritten; until the
 * thirty-fourth session a held rush's pages were claimed at once and their notices written after, 500 events
 * at a time, and a kill in between lost them. Every other change that makes notices (a
 * leader's edit, a transition, money, distribution) stores its events with its commit the same way
 * (`transactionWithEvents`, core/shared/ports.ts).
 */
export class Notifier extends BusListener<Queued> {
  readonly #deps: NotifierDeps;
  readonly #log: NotifierLogger;
  readonly #onStored: (count: number) => void;
  readonly #pages: NotifierOptions['pages'];
  readonly #onRecovered: (events: number) => void;
  /**
   * Pages this notifier claimed lately, should a page's events ever come in two batches (a page is one
   * commit's events, published in one call, and a batch takes every event pending).
   */
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

  // Batches run one after another, so notifications are stored in the order their events were published: the
  // batch's parts in their order, each part either events stored after their commit (written as they come) or
  // whole pages stored with it (each part's pages claimed with their notices).
  protected async handle(batch: Queued[]): Promise<void> {
    if (!this.#pages) {
      this.#onStored((await this.#notify(batch.map((q) => q.event))).stored);
      return;
    }
    const parts = partsOf(batch);
    for (let n = 0; n < parts.length; n++) {
      // A held batch can gather thousands of events: the event loop gets a turn between its parts, so that
      // requests arriving meanwhile (a rush that goes on) are not kept waiting.
      if (n > 0) await new Promise((r) => setImmediate(r));
      const part = parts[n]!;
      if (part[0]!.storedId === undefined)
        this.#onStored((await this.#notify(part.map((q) => q.event))).stored);
      else await this.#claimAndNotify(part);
    }
  }

  /**
   * Writes the notices of a part of stored pages: those of the pages it claims, and of pages it claimed
   * before (should a page's events come in two batches). A page claimed elsewhere (the sweep on another
   * instance) is left to it. Where the database allows (`inTransaction`), the claim and the notices commit together, so
   * a crash cannot leave a page claimed and its notices unwritten; a notice that cannot be stored is undone
   * alone (a savepoint), said, and left out, and the rest commit. If the transaction itself fails (the
   * database gone, a failure it cannot go on from), the claim and the notices are written one after the
   * other, each event on its own, as before; and a failed claim leaves the pages to the sweep.
   */
  async #claimAndNotify(part: Queued[]): Promise<void> {
    const pages = this.#pages!;
    const wanted = new Set<number>();
    for (const q of part) if (!this.#claimed.has(pageOf(q.storedId!))) wanted.add(pageOf(q.storedId!));
    if (pages.inTransaction) {
      const held = new HeldNotices();
      try {
        const { claimed, stored } = await pages.inTransaction(async (tx) => {
          const claimed = await tx.claim([...wanted]);
          const out = await this.#notify(this.#mine(part, claimed), held.deps(this.#deps, tx.writer));
          // A notice that could not be stored was undone alone (a savepoint) and said (#notify): the others
          // commit with the claim, unless the failure left the transaction unable to commit.
          if (out.failures > 0) await tx.usable();
          return { claimed, stored: out.stored };
        });
        this.#remember(wanted, claimed);
        this.#onStored(stored);
        held.release(this.#deps);
        return;
      } catch (err) {
        this.#log.warn(
          { err, pages: wanted.size },
          'could not write notices with their claim; writing them after it, one by one',
        );
      }
    }
    let claimed = new Set<number>();
    try {
      if (wanted.size > 0) claimed = await pages.claim([...wanted]);
    } catch (err) {
      this.#log.warn({ err, pages: wanted.size }, 'could not claim notices (the sweep will write them)');
    }
    this.#remember(wanted, claimed);
    this.#onStored((await this.#notify(this.#mine(part, claimed))).stored);
  }

  /** The events of a part whose notices are this notifier's: of pages just claimed, or claimed before. */
  #mine(part: Queued[], claimed: Set<number>): DomainEvent[] {
    const out: DomainEvent[] = [];
    for (const q of part) {
      const page = pageOf(q.storedId!);
      if (claimed.has(page) || this.#claimed.has(page)) out.push(q.event);
    }
    return out;
  }

  /** Remembers the pages claimed, for a while only (the oldest go first); says when some were not. */
  #remember(wanted: Set<number>, claimed: Set<number>): void {
    for (const page of claimed) this.#claimed.add(page);
    for (const page of this.#claimed) {
      if (this.#claimed.size <= 4_096) break;
      this.#claimed.delete(page);
    }
    // Unusual (a sweep took them while this instance held them for longer than it allows): said, so that
    // notices missing from a feed can be traced.
    if (claimed.size < wanted.size)
      this.#log.warn(
        { pages: [...wanted].filter((p) => !claimed.has(p)) },
        'notices of pages claimed elsewhere are left to whoever claimed them',
      );
  }

  /**
   * Writes the notices of pages no notifier claimed for `olderThanMs`, or stored before `ownedSince` (this
   * process has had the data to itself since: the embedded database), whose instance was killed while it held
   * them; a few pages at a time until none are left, each few claimed with their notices (as live ones are).
   * Their events come without the facts a live batch brings, so what the notices say is read as it is now.
   * Answers how many events were handled.
   */
  async recover(olderThanMs: number, ownedSince: Date | null = null): Promise<number> {
    if (!this.#pages) return 0;
    let handled = 0;
    for (;;) {
      const events = await this.#recoverSome(olderThanMs, ownedSince);
      if (events === null) return handled;
      handled += events;
      this.#onRecovered(events);
    }
  }

  /** One claim of orphaned pages and their notices; null when there were none. */
  async #recoverSome(olderThanMs: number, ownedSince: Date | null): Promise<number | null> {
    const pages = this.#pages!;
    const notifying = (stored: StoredEvent[]) => {
      const events: DomainEvent[] = [];
      for (const s of stored) if (NOTIFYING_EVENTS.has(s.event.type)) events.push(s.event);
      return events;
    };
    if (pages.inTransaction) {
      const held = new HeldNotices();
      try {
        const done = await pages.inTransaction(async (tx) => {
          const stored = await tx.claimOrphans(olderThanMs, ORPHAN_PAGES, ownedSince);
          if (stored.length === 0) return null;
          const events = notifying(stored);
          const out = await this.#notify(events, held.deps(this.#deps, tx.writer));
          if (out.failures > 0) await tx.usable();
          return { events: events.length, stored: out.stored };
        });
        if (done === null) return null;
        this.#onStored(done.stored);
        held.release(this.#deps);
        return done.events;
      } catch (err) {
        // Written after their claim, one by one, rather than failing on the same pages at every pass.
        this.#log.warn(
          { err },
          'could not write swept notices with their claim; writing them after it, one by one',
        );
      }
    }
    const stored = await pages.claimOrphans(olderThanMs, ORPHAN_PAGES, ownedSince);
    if (stored.length === 0) return null;
    const events = notifying(stored);
    this.#onStored((await this.#notify(events)).stored);
    return events.length;
  }

  // A held batch can gather thousands of events: it is handled NOTIFY_CHUNK at a time, giving the event loop
  // a turn between chunks, so that requests arriving meanwhile (a rush that goes on) are not kept waiting.
  // Answers how many notifications were stored, and how many events' could not be.
  async #notify(
    batch: DomainEvent[],
    deps: NotifierDeps = this.#deps,
  ): Promise<{ stored: number; failures: number }> {
    let stored = 0;
    let failures = 0;
    for (let from = 0; from < batch.length; from += NOTIFY_CHUNK) {
      if (from > 0) await new Promise((r) => setImmediate(r));
      const chunk = batch.slice(from, from + NOTIFY_CHUNK);
      try {
        stored += await notifyOf(deps, chunk, (err, event) => {
          failures++;
          this.#log.warn({ err, event: event.type }, 'could not store a notification');
        });
      } catch (err) {
        failures += chunk.length;
        this.#log.warn({ err, lost: chunk.length }, 'could not store notifications');
      }
    }
    return { stored, failures };
  }
}

/**
 * The live notification.created of notices written in a transaction, published once it has committed (a
 * phone that refreshed its badge before would not find them yet).
 */
class HeldNotices {
  readonly #now: DomainEvent[][] = [];
  readonly #later: [Date, DomainEvent[]][] = [];

  deps(deps: NotifierDeps, repo: NotificationWriter): NotifierDeps {
    return {
      ...deps,
      repo,
      events: { publish: (events) => void this.#now.push([...events]) },
      later: (at, events) => void this.#later.push([at, events]),
    };
  }

  release(deps: NotifierDeps): void {
    for (const events of this.#now) deps.events.publish(events);
    for (const [at, events] of this.#later) deps.later!(at, events);
  }
}

/**
 * A batch in parts, in order: runs of events stored after their commit, and runs of stored pages of about
 * NOTIFY_CHUNK events, a page never split between two parts (so that a part claims whole pages).
 */
export function partsOf(batch: readonly Queued[]): Queued[][] {
  const parts: Queued[][] = [];
  let part: Queued[] = [];
  for (const q of batch) {
    const last = part.at(-1);
    if (last) {
      const kindChanges = (last.storedId === undefined) !== (q.storedId === undefined);
      const full =
        part.length >= NOTIFY_CHUNK &&
        (q.storedId === undefined || pageOf(q.storedId) !== pageOf(last.storedId!));
      if (kindChanges || full) {
        parts.push(part);
        part = [];
      }
    }
    part.push(q);
  }
  if (part.length > 0) parts.push(part);
  return parts;
}
