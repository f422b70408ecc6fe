import type pg from 'pg';
import type { DbHandle } from '../db/client.ts';
import { randomUUID } from 'node:crypto';
import {
  buyIdOf,
  createEventStore,
  EVENTS_CHANNEL,
  pageEvents,
  type PageNotice,
  type StoredEvent,
} from '../db/repos/event-store.ts';
import type { DomainEvent } from '../core/shared/events.ts';
import type { EventBus } from './event-bus.ts';
import { formatSse, type SseHub } from './sse-hub.ts';
import { SharedFrames } from './sse-encoding.ts';
import { buyFrames, frameOf } from './buy-frames.ts';
import { TickBatcher, type BatchHold } from './tick-batcher.ts';

export interface RealtimeLogger {
  warn(obj: object, msg: string): void;
}

const HEARTBEAT_MS = 20_000;

export const buyChannel = (buyId: string) => `buy:${buyId}`;
export const communityChannel = (communityId: string) => `community:${communityId}`;
/**
 * A member's bell: `notification.created` for their household (or `-` without a verified one), and the
 * compound-wide ones, which go to every bell of the compound. One channel per household, so the thousands of
 * household notices after a rush each reach that household's phones only, not every phone of the compound.
 */
export const bellChannel = (communityId: string, householdId: string | null) =>
  `bell:${communityId}:${householdId ?? '-'}`;
/**
 * The bell's frame: something new in the feed, and how many (`count`), so that the phone adds them to its
 * badge without asking. No id, nothing about what. Without a count (events stored before it was added), the
 * phone asks its count.
 */
export function bellFrame(count: number | undefined): string {
  return formatSse(null, { type: 'notification.created', ...(count === undefined ? {} : { count }) });
}

/**
 * A bell's first frame: the member's unread count as it is (BellCounts), which the phone's badge takes as is.
 * A named event, so that a page that does not know it does not add it to its badge as a ring.
 */
export function unreadFrame(count: number): string {
  return `event: unread\ndata: ${JSON.stringify({ type: 'unread', count })}\n\n`;
}

/**
 * A buy opened, on every bell of its compound (a named event: a page that does not know it ignores it). The
 * 团购 list and the home's open buys offer the new buy at once, without a request: every phone of the compound
 * would otherwise refetch its list in the second its rush begins. Buys are public in the compound; the id is
 * all the frame says.
 */
export function buyOpenedFrame(buyId: string): string {
  return `event: buy.opened\ndata: ${JSON.stringify({ type: 'buy.opened', buyId })}\n\n`;
}

/** What the street frame says of each post that changed: all public within the compound, as the board is. */
export interface StreetNews {
  postId: string;
  kind: string;
  status: string;
  at: string;
}

/**
 * 邻里街坊: posts put up or changed (taken, released, resolved, closed, removed), on every bell of the compound
 * (a named event). The board offers to show them (web/src/features/street/street-news.ts) without a request:
 * every phone with the board open refetching it at each post would be a poll by another name. What it says is
 * what the board shows anyway; replies are not in it (the board shows their count only).
 */
export function streetFrame(posts: readonly StreetNews[]): string {
  return `event: street\ndata: ${JSON.stringify({ type: 'street', posts })}\n\n`;
}

/**
 * A member of the household marked notifications read (notifications.read), on its bells: each phone asks its
 * own count again (members have their own read markers, so the frame cannot say it). A named event, so that a
 * page that does not know it ignores it.
 */
export const READ_FRAME = `event: read\ndata: ${JSON.stringify({ type: 'read' })}\n\n`;

export { frameOf } from './buy-frames.ts';

/** From this many open streams on an instance, a rush's events are sent in fewer, larger frames. */
export const CROWDED_STREAMS = 500;

/**
 * With many pages open, every frame is one write per page: 5,000 pages following a rush got a frame per order
 * batch (~30 a second), 150,000 writes a second, and the server spent ~900 µs per join on them
 * (docs/benchmarks.md, thirtieth session). So while order batches are running and CROWDED_STREAMS or more
 * streams are open, the events of several batches wait together, up to `maxWaitMs` (well inside the second
 * within which a join must reach every page), and go out as one frame per page. With few pages open, or no
 * rush, nothing waits.
 */
export function crowdedHold(
  hub: { readonly connections: number },
  orders: { quietFor(): number },
  maxWaitMs = 250,
): BatchHold {
  return {
    busy: () => hub.connections >= CROWDED_STREAMS && orders.quietFor() === 0,
    maxWaitMs,
    maxItems: 5_000,
    pollMs: 25,
  };
}

/** An event as published: stored already by its commit (with its id), or not yet. */
type Published = DomainEvent | StoredEvent;
const isStored = (p: Published): p is StoredEvent => 'event' in p;

/** A batch's stored events (those stored before, and `appended`, the rest as stored now), by id. */
function withStored(batch: readonly Published[], appended: readonly StoredEvent[]): StoredEvent[] {
  const out: StoredEvent[] = [...appended];
  for (const p of batch) if (isStored(p)) out.push(p);
  return out.sort((a, b) => a.id - b.id);
}

/**
 * Carries domain events from the in-process bus to every SSE client of every instance:
 * bus → domain_events (batched: one INSERT for all events of a tick, a row per page) → local clients.
 * On PostgreSQL the same INSERT NOTIFYs a notice per page; another instance with an open stream on the page's
 * buy or compound reads the page and dispatches it, so a join on instance A reaches phones on instance B.
 * Notices are handled one after another, in the order they arrive.
 */
export class RealtimeBridge {
  readonly #handle: DbHandle;
  readonly #bus: EventBus;
  readonly #hub: SseHub;
  readonly #log: RealtimeLogger;
  readonly #batcher: TickBatcher<Published>;
  #unsubscribe: (() => void) | null = null;
  #listener: pg.Client | null = null;
  #heartbeat: NodeJS.Timeout | null = null;
  #stopped = false;
  /** This instance, as its notices name it (it dispatches its own pages when it stores them). */
  readonly #instance: string;
  /** Pages to dispatch on PostgreSQL, this instance's and the others' (as noticed), in one order. */
  #notices: Promise<void> = Promise.resolve();

  constructor(
    handle: DbHandle,
    bus: EventBus,
    hub: SseHub,
    log: RealtimeLogger = console,
    /** Lets a batch of events wait to be stored and sent (see `crowdedHold`); none by default. */
    hold?: BatchHold,
    /**
     * This instance's name in its NOTIFYs: the same as the order batches' (they store their events with their
     * commit and NOTIFY them themselves, buys-repo.ts `notifyFrom`), so that it does not send them twice.
     */
    instance: string = randomUUID(),
  ) {
    this.#handle = handle;
    this.#instance = instance;
    this.#bus = bus;
    this.#hub = hub;
    this.#log = log;
    this.#batcher = new TickBatcher<Published>((batch) => this.#store(batch), hold);
  }

  get distributed(): boolean {
    return this.#handle.kind === 'postgres';
  }

  async start(): Promise<void> {
    if (this.#unsubscribe) return;
    this.#stopped = false;
    if (this.distributed) await this.#listen();
    this.#unsubscribe = this.#bus.subscribe((event, id) =>
      this.#batcher.push(
        id === undefined ? event : { id, communityId: event.communityId, buyId: buyIdOf(event), event },
      ),
    );
    this.#heartbeat = setInterval(() => this.#hub.heartbeat(), HEARTBEAT_MS);
    this.#heartbeat.unref();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    await this.flush();
    const listener = this.#listener;
    this.#listener = null;
    await listener?.end().catch(() => {});
  }

  /** Resolves once every event published so far is stored and dispatched (and the notices received so far). */
  async flush(): Promise<void> {
    await this.#batcher.flush();
    await this.#notices;
  }

  dispatch(stored: StoredEvent): void {
    this.dispatchAll([stored]);
  }

  /**
   * Sends stored events to this instance's open streams, in order: the frames of each channel together, so a
   * page of a rush's events is one write per open phone.
   */
  dispatchAll(stored: readonly StoredEvent[]): void {
    const toBuys = new Map<string, StoredEvent[]>();
    const toCommunities = new Map<string, string[]>();
    // Each bell's new notices this time (NaN when an event did not say how many).
    const bells = new Map<string, number>();
    const ring = (bell: string, count: number | undefined) =>
      bells.set(bell, (bells.get(bell) ?? 0) + (count ?? NaN));
    const opened: { communityId: string; buyId: string }[] = [];
    const street = new Map<string, StreetNews[]>();
    const read = new Set<string>();
    for (const s of stored) {
      const buy = s.buyId ? buyChannel(s.buyId) : null;
      const community = communityChannel(s.communityId);
      // A rush's thousands of events mostly go to a few hundred open pages, or none: no frame for nobody.
      if (buy !== null && this.#hub.listening(buy)) {
        const list = toBuys.get(buy);
        if (list) list.push(s);
        else toBuys.set(buy, [s]);
      }
      if (this.#hub.listening(community)) {
        const list = toCommunities.get(community);
        if (list) list.push(frameOf(s));
        else toCommunities.set(community, [frameOf(s)]);
      }
      if (s.event.type === 'buy.published') opened.push(s.event);
      if (s.event.type === 'post.created' || s.event.type === 'post.changed') {
        const { postId, kind, at } = s.event;
        const news = { postId, kind, status: s.event.type === 'post.created' ? 'open' : s.event.status, at };
        const list = street.get(s.communityId);
        if (list) list.push(news);
        else street.set(s.communityId, [news]);
      }
      if (s.event.type === 'notifications.read') read.add(bellChannel(s.communityId, s.event.householdId));
      if (s.event.type === 'notification.created') {
        const { householdId, count } = s.event;
        if (householdId !== null) ring(bellChannel(s.communityId, householdId), count);
        else for (const bell of this.#hub.channelsStartingWith(`bell:${s.communityId}:`)) ring(bell, count);
      }
    }
    // A buy opened: every bell of its compound is told which (buyOpenedFrame).
    for (const { communityId, buyId } of opened) {
      const frame = new SharedFrames(buyOpenedFrame(buyId));
      for (const bell of this.#hub.channelsStartingWith(`bell:${communityId}:`))
        this.#hub.broadcast(bell, frame.text, frame);
    }
    // Posts put up or changed: every bell of their compound is told which (streetFrame).
    for (const [communityId, posts] of street) {
      const frame = new SharedFrames(streetFrame(posts));
      for (const bell of this.#hub.channelsStartingWith(`bell:${communityId}:`))
        this.#hub.broadcast(bell, frame.text, frame);
    }
    // A member of the household marked notifications read: its phones ask their counts again.
    if (read.size > 0) {
      const frame = new SharedFrames(READ_FRAME);
      for (const bell of read) this.#hub.broadcast(bell, frame.text, frame);
    }
    // One ring per bell however many notices a batch brings it; bells rung alike share one frame's encoding.
    const frames = new Map<number, SharedFrames>();
    for (const [bell, count] of bells) {
      let frame = frames.get(count);
      if (!frame)
        frames.set(count, (frame = new SharedFrames(bellFrame(Number.isNaN(count) ? undefined : count))));
      this.#hub.broadcast(bell, frame.text, frame);
    }
    // A buy's order events of one batch go to its pages as one frame (buy-frames.ts).
    for (const [channel, list] of toBuys) this.#hub.broadcastMany(channel, buyFrames(list, true));
    for (const [channel, frames] of toCommunities) this.#hub.broadcastMany(channel, frames);
  }

  /**
   * Stores the batch's events that are not stored yet, then sends them all, in the order of their ids.
   * Batches run in publication order, so events are stored (and get their ids) in that order; an order
   * batch's events come stored by its own commit (EventPublisher), and are only sent.
   */
  async #store(batch: Published[]): Promise<void> {
    const fresh: DomainEvent[] = [];
    for (const p of batch) if (!isStored(p)) fresh.push(p);
    let appended: StoredEvent[] = [];
    try {
      if (fresh.length > 0)
        appended = await createEventStore(this.#handle.db).append(
          fresh,
          this.distributed ? this.#instance : null,
        );
    } catch (err) {
      // Live updates are best effort: the change itself is committed; clients resync on their next fetch.
      this.#log.warn({ err, lost: fresh.length }, 'could not store realtime events');
    }
    const stored = fresh.length === batch.length ? appended : withStored(batch, appended);
    if (stored.length === 0) return;
    // On PostgreSQL, behind the other instances' pages already noticed: one order of dispatch per instance.
    if (this.distributed) this.#inOrder(async () => this.dispatchAll(stored));
    else this.dispatchAll(stored);
  }

  /** Runs `work` after everything queued before it (a failure is logged and does not stop the queue). */
  #inOrder(work: () => Promise<void>): void {
    this.#notices = this.#notices.then(work).catch((err: unknown) => {
      // Best effort, like storing: a phone that missed a frame resyncs on its next fetch or reconnect.
      this.#log.warn({ err }, 'could not dispatch a page of realtime events');
    });
  }

  async #listen(): Promise<void> {
    const options = this.#handle.pool!.options;
    // (Loaded only on PostgreSQL, as in client.ts.)
    const { default: pgLib } = await import('pg');
    const client = new pgLib.Client({ ...options });
    client.on('notification', (msg) => {
      if (msg.channel !== EVENTS_CHANNEL || !msg.payload) return;
      let notice: PageNotice;
      try {
        notice = JSON.parse(msg.payload) as PageNotice;
      } catch (err) {
        this.#log.warn({ err }, 'bad realtime notification');
        return;
      }
      if (notice.from === this.#instance) return;
      const buy = notice.buyId ? buyChannel(notice.buyId) : null;
      if (
        !(buy && this.#hub.listening(buy)) &&
        !this.#hub.listening(communityChannel(notice.communityId)) &&
        this.#hub.channelsStartingWith(`bell:${notice.communityId}:`).length === 0
      )
        return;
      this.#inOrder(async () => {
        this.dispatchAll(await pageEvents(this.#handle.db, notice));
      });
    });
    client.on('error', (err) => {
      this.#log.warn({ err }, 'realtime LISTEN connection lost; reconnecting');
      if (this.#listener === client) this.#listener = null;
      void client.end().catch(() => {});
      this.#relisten(0);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    } catch (err) {
      void client.end().catch(() => {});
      throw err;
    }
    if (this.#stopped) {
      await client.end().catch(() => {});
      return;
    }
    this.#listener = client;
  }

  /**
   * LISTENs again after its connection was lost: in 1 s, then, while PostgreSQL cannot be reached (a restart, a
   * failover), every 2, 4, 8 and at most 10 s, until it can or the bridge stops. Until then this instance's
   * pages miss other instances' events (they resync on their next fetch or reconnect).
   */
  #relisten(failures: number): void {
    if (this.#stopped) return;
    const ms = Math.min(10_000, 1000 * 2 ** failures);
    setTimeout(() => {
      if (this.#stopped) return;
      this.#listen().catch((err: unknown) => {
        this.#log.warn(
          { err, retryInMs: Math.min(10_000, 2000 * 2 ** failures) },
          'realtime LISTEN not restored yet',
        );
        this.#relisten(failures + 1);
      });
    }, ms).unref();
  }
}
