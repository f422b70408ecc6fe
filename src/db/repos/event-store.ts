import { sql, type SQL } from 'drizzle-orm';
import type { Db, Executor } from '../client.ts';
import type { DomainEvent } from '../../core/shared/events.ts';
import type { EventOutbox } from '../../core/shared/ports.ts';
import type { NotificationWriter } from '../../core/notifications/ports.ts';
import { rows } from './raw-sql.ts';
import { packPage, unpackPage } from './event-pages.ts';
import { NOTIFYING_EVENTS } from '../../core/notifications/mapping.ts';

export const EVENTS_CHANNEL = 'linli_events';

/**
 * Events are stored in pages: one domain_events row holds a run of consecutive events of one compound and
 * one buy (or none), at most EVENTS_PER_PAGE of them. An event's id is its row's id × EVENTS_PER_PAGE plus its
 * place in the page, so ids still grow with publication order and a client's Last-Event-ID still names one
 * event. A rush's order batch is one row, not a hundred (on the embedded database a row per event made this
 * the busiest statement after the join's own). A page keeps its events packed (event-pages.ts): the row's
 * compound and buy, and an order batch's shared counters, are not repeated in every event.
 */
export const EVENTS_PER_PAGE = 1000;

export interface StoredEvent {
  id: number;
  communityId: string;
  buyId: string | null;
  event: DomainEvent;
}

interface Page {
  communityId: string;
  buyId: string | null;
  events: DomainEvent[];
}

/** The buy an event belongs to, if any. */
export const buyIdOf = (e: DomainEvent): string | null => ('buyId' in e ? e.buyId : null) ?? null;

/** Consecutive events of the same compound and buy share a page (publication order is kept exactly). */
export function pagesOf(events: readonly DomainEvent[]): Page[] {
  const pages: Page[] = [];
  let last: Page | undefined;
  for (const event of events) {
    const buyId = buyIdOf(event);
    if (
      !last ||
      last.communityId !== event.communityId ||
      last.buyId !== buyId ||
      last.events.length >= EVENTS_PER_PAGE
    ) {
      last = { communityId: event.communityId, buyId, events: [] };
      pages.push(last);
    }
    last.events.push(event);
  }
  return pages;
}

/** The events of stored rows with an id above `afterId`, oldest first, at most `limit`. */
function eventsOfRows(list: Record<string, unknown>[], afterId: number, limit: number): StoredEvent[] {
  const out: StoredEvent[] = [];
  for (const r of list) {
    const data = typeof r.data === 'string' ? (JSON.parse(r.data) as unknown) : r.data;
    const events = unpackPage(data, r.community_id as string, (r.buy_id as string | null) ?? null);
    const base = Number(r.id) * EVENTS_PER_PAGE;
    for (let i = 0; i < events.length && out.length < limit; i++) {
      const id = base + i;
      if (id <= afterId) continue;
      out.push({
        id,
        communityId: r.community_id as string,
        buyId: (r.buy_id as string | null) ?? null,
        event: events[i]!,
      });
    }
    if (out.length >= limit) break;
  }
  return out;
}

/**
 * Stored events of one channel (a buy's, or a compound's) after an event id, oldest first: what a client that
 * reconnects with Last-Event-ID missed. Served by domain_events_buy_id_idx / domain_events_community_id_idx.
 */
async function eventsAfter(
  db: Executor,
  channel: SQL,
  afterId: number,
  limit: number,
): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  // The page holding afterId may still have later events; pages are read a few at a time (each holds up to
  // EVENTS_PER_PAGE events: a rush's batch ~100, one event in quiet times), 8 first, then twice as many each
  // time up to 64. Every page read is parsed whole, so 64 at once had each phone reconnecting after a rush
  // parse ~6,000 events for the 500 it is sent: 8–36 ms of the server's thread per reconnect
  // (docs/benchmarks.md, thirtieth session).
  let fromRow = Math.floor(afterId / EVENTS_PER_PAGE);
  let inclusive = true;
  for (let pages = 8; out.length < limit; pages = Math.min(64, pages * 2)) {
    const list = await rows(
      db,
      sql`SELECT id, community_id, buy_id, data FROM domain_events
        WHERE ${channel} AND id ${inclusive ? sql`>=` : sql`>`} ${fromRow} ORDER BY id LIMIT ${pages}`,
    );
    out.push(...eventsOfRows(list, afterId, limit - out.length));
    if (list.length < pages) break;
    fromRow = Number(list.at(-1)!.id);
    inclusive = false;
  }
  return out;
}

/** Domain events of one buy after the given id, oldest first (the buy stream's Last-Event-ID replay). */
export function buyEventsAfter(db: Executor, buyId: string, afterId: number, limit = 500) {
  return eventsAfter(db, sql`buy_id = ${buyId}`, afterId, limit);
}

/** Domain events of one compound after the given id, oldest first (the compound stream's replay). */
export function communityEventsAfter(db: Executor, communityId: string, afterId: number, limit = 500) {
  return eventsAfter(db, sql`community_id = ${communityId}`, afterId, limit);
}

/** What a NOTIFY carries: a stored page, by reference (its events are read only where someone listens). */
export interface PageNotice {
  id: number;
  communityId: string;
  buyId: string | null;
  /** The instance that stored it (it has dispatched the page itself). */
  from: string;
}

/** The events of one stored page (a NOTIFY names it; the page is committed by the time it arrives). */
export async function pageEvents(db: Executor, notice: PageNotice): Promise<StoredEvent[]> {
  const list = await rows(
    db,
    sql`SELECT id, community_id, buy_id, data FROM domain_events WHERE id = ${notice.id}`,
  );
  return eventsOfRows(list, -1, EVENTS_PER_PAGE);
}

/** Whether any of these events makes notices (a page of them then waits for the notifier: `noticed`). */
function notifying(events: readonly DomainEvent[]): boolean {
  for (const e of events) if (NOTIFYING_EVENTS.has(e.type)) return true;
  return false;
}

/**
 * Events as the rows that store them: one VALUES row per page (a commit holds one or a few), the events
 * packed, as one text parameter each, stored as json (checked and kept as written, not parsed into jsonb),
 * and the page's `noticed`; and, once the rows have their ids, the stored events. VALUES rows are inserted,
 * and draw their ids, in the order written. With `noticesPending` (events stored with the commit that made
 * them, before the notifier has seen them), a page with an event that makes notices is stored as not noticed
 * yet, for the notifier to claim, or the sweep after a crash (realtime/notifier.ts).
 */
export function eventRows(
  events: readonly DomainEvent[],
  noticesPending = false,
): {
  /** The rows to insert into (community_id, buy_id, data, noticed), each compound of them locked first. */
  select(): SQL;
  /**
   * The same rows joined to `from`, a relation that has taken the lock of their one compound itself
   * (compoundLock): the order journal's, after its version check, so that a stale batch stores nothing.
   */
  rowsFrom(from: SQL): SQL;
  /** The events' ids, in order. */
  ids(rowIds: readonly number[]): number[];
  stored(rowIds: readonly number[]): StoredEvent[];
} {
  const pages = pagesOf(events);
  const values = sql.join(
    pages.map(
      (p) =>
        sql`(${p.communityId}::uuid, ${p.buyId}::uuid, ${JSON.stringify(packPage(p.events, p.communityId, p.buyId))}::json, ${!(noticesPending && notifying(p.events))}::boolean)`,
    ),
    sql`, `,
  );
  const sorted = (rowIds: readonly number[]) => {
    const ids = [...rowIds].sort((a, b) => a - b);
    if (ids.length !== pages.length) throw new Error(`stored ${ids.length} of ${pages.length} event pages`);
    return ids;
  };
  const compounds = [...new Set(pages.map((p) => p.communityId))].sort();
  return {
    select: () =>
      sql`SELECT x.c, x.b, x.d, x.n FROM ${compoundLocks(compounds)}, (VALUES ${values}) AS x(c, b, d, n)`,
    rowsFrom: (from) => sql`SELECT x.c, x.b, x.d, x.n FROM ${from}, (VALUES ${values}) AS x(c, b, d, n)`,
    ids(rowIds) {
      const rows = sorted(rowIds);
      const out: number[] = [];
      for (let p = 0; p < pages.length; p++)
        for (let i = 0; i < pages[p]!.events.length; i++) out.push(rows[p]! * EVENTS_PER_PAGE + i);
      return out;
    },
    stored(rowIds) {
      const ids = sorted(rowIds);
      // (Loops rather than callbacks made per call, as on the rest of the order path: docs/benchmarks.md,
      // "V8 and short-lived closures".)
      const stored: StoredEvent[] = [];
      for (let p = 0; p < pages.length; p++) {
        const page = pages[p]!;
        for (let i = 0; i < page.events.length; i++)
          stored.push({
            id: ids[p]! * EVENTS_PER_PAGE + i,
            communityId: page.communityId,
            buyId: page.buyId,
            event: page.events[i]!,
          });
      }
      return stored;
    },
  };
}

/** The INSERT of `eventRows`, returning the rows' ids. */
export function eventsInsert(rowsOf: { select(): SQL }): SQL {
  return sql`INSERT INTO domain_events (community_id, buy_id, data, noticed) ${rowsOf.select()} RETURNING id`;
}

/** The first key of the advisory locks on a compound's events (the second is the hash of its id). */
const EVENTS_LOCK_CLASS = 0x4c4e45; // "LNE"

/**
 * Every INSERT of events first takes a transaction-scoped advisory lock on each compound of its pages, held
 * until its transaction ends, so every id it draws from the sequence comes after the lock.
 *
 * Why: a phone that reconnects with Last-Event-ID is replayed what came after that id, and its stream then
 * drops live frames up to the id its replay reached (http/realtime/event-stream.ts). That is only right if a
 * compound's ids become visible in their order. Without the lock, two transactions on PostgreSQL could draw
 * ids 1 and 2 and commit 2 first (a payment decision locks its payment, not the buy; two buys of a compound
 * lock different rows): a page that saw 2 was never sent 1. With it, a transaction storing a compound's events
 * waits for the one that stored them before it to commit, so ids commit in order (test:
 * event-order.int.test.ts). The wait is the other's last statement and its commit: events are stored last.
 * On the embedded database one transaction runs at a time, and the lock is free.
 *
 * This: a one-row relation `locked(n)` that takes the locks of these compounds in a stable order.
 */
export function compoundLocks(communityIds: readonly string[]): SQL {
  const list = sql.join(
    communityIds.map((id) => sql`(${id}::text)`),
    sql`, `,
  );
  return sql`(SELECT count(pg_advisory_xact_lock(${EVENTS_LOCK_CLASS}::integer, hashtext(l.c)))
    FROM (VALUES ${list}) AS l(c)) AS locked(n)`;
}

/**
 * The lock of one compound (compoundLocks), taken once per row of `after`: the body of a CTE the order journal
 * joins its events to. `after` is its UPDATE of the buy row, read first, since a statement that took the lock
 * and then waited for the buy's row could deadlock with a leader's edit holding the row and waiting for the
 * lock; when the batch is stale it has no row, and nothing is locked or stored. (The journal's statement is
 * the rush's; this form cost it least: docs/benchmarks.md, forty-first session.)
 */
export function compoundLock(communityId: string, after: SQL): SQL {
  return sql`SELECT pg_advisory_xact_lock(${EVENTS_LOCK_CLASS}::integer, hashtext(${communityId}::text)) FROM ${after}`;
}

/**
 * The NOTIFY of a stored page, for the other instances (PostgreSQL), as an expression over `rowsOf`, a CTE
 * that returned the inserted rows' id, community_id and buy_id. PostgreSQL delivers it when the statement's
 * transaction commits.
 */
export function pageNotice(rowsOf: string, notifyFrom: string): SQL {
  const r = sql.raw(rowsOf);
  return sql`pg_notify(${EVENTS_CHANNEL}, json_build_object('id', ${r}.id,
    'communityId', ${r}.community_id, 'buyId', ${r}.buy_id, 'from', ${notifyFrom}::text)::text)`;
}

/**
 * Appends events: one row per page, one statement for all. With `notifyFrom` (PostgreSQL, several instances)
 * the same statement NOTIFYs one small notice per page, naming the instance that stored it; PostgreSQL
 * delivers it when the statement's transaction commits. The events themselves are not in the notice: a page
 * can pass NOTIFY's 8,000-byte limit, and an instance with no open stream on the page's buy or compound reads
 * nothing (a NOTIFY per event made PostgreSQL parse every stored page again and every instance parse every
 * event of a rush).
 */
export function createEventStore(db: Executor) {
  return {
    /** `noticesPending`: see eventRows (an order batch's events, stored with its commit). */
    async append(
      events: readonly DomainEvent[],
      notifyFrom: string | null,
      noticesPending = false,
    ): Promise<StoredEvent[]> {
      if (events.length === 0) return [];
      const rowsOf = eventRows(events, noticesPending);
      const insert = sql`INSERT INTO domain_events (community_id, buy_id, data, noticed) ${rowsOf.select()}`;
      const result = await rows<{ id: string | number }>(
        db,
        notifyFrom !== null
          ? sql`WITH ins AS (${insert} RETURNING id, community_id, buy_id)
              SELECT ins.id, ${pageNotice('ins', notifyFrom)} AS notified FROM ins`
          : sql`${insert} RETURNING id`,
      );
      return rowsOf.stored(result.map((r) => Number(r.id)));
    },

    buyEventsAfter(buyId: string, afterId: number, limit = 500): Promise<StoredEvent[]> {
      return buyEventsAfter(db, buyId, afterId, limit);
    },
  };
}

export type EventStore = ReturnType<typeof createEventStore>;

/**
 * EventOutbox.storeEvents of a transaction `tx` (core/shared/ports.ts): its events stored with its commit, their
 * notices pending for the notifier, and (PostgreSQL) NOTIFYd from `notifyFrom` when it commits.
 */
export function outboxOf(tx: Executor, notifyFrom: string | null): EventOutbox {
  return {
    async storeEvents(events, stored) {
      stored.ids = (await createEventStore(tx).append(events, notifyFrom, true)).map((e) => e.id);
    },
  };
}

/** The row (page) an event id belongs to. */
export const pageOf = (eventId: number): number => Math.floor(eventId / EVENTS_PER_PAGE);

/** Claims these pages; answers those that were not claimed before. */
async function claimPages(db: Executor, pageIds: readonly number[]): Promise<Set<number>> {
  if (pageIds.length === 0) return new Set();
  const list = await rows<{ id: string | number }>(
    db,
    sql`UPDATE domain_events SET noticed = true
      WHERE id = ANY(${`{${pageIds.join(',')}}`}::bigint[]) AND NOT noticed RETURNING id`,
  );
  return new Set(list.map((r) => Number(r.id)));
}

/**
 * Claims up to `limit` pages left unclaimed for longer than `olderThanMs`, or stored before `ownedSince`
 * (when this process has had the data to itself since then: the embedded database), oldest first, and
 * answers their events. Pages another instance is claiming at that moment are skipped, not waited for.
 */
async function claimOrphanPages(
  db: Executor,
  olderThanMs: number,
  limit: number,
  ownedSince: Date | null,
): Promise<StoredEvent[]> {
  const old = sql`created_at < now() - ${Math.max(0, Math.round(olderThanMs))}::int * interval '1 millisecond'`;
  const list = await rows(
    db,
    sql`UPDATE domain_events SET noticed = true WHERE id IN (
        SELECT id FROM domain_events
        WHERE NOT noticed AND (${old}${ownedSince ? sql` OR created_at < ${ownedSince.toISOString()}::timestamptz` : sql``})
        ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
      RETURNING id, community_id, buy_id, data`,
  );
  list.sort((a, b) => Number(a.id) - Number(b.id));
  return eventsOfRows(list, -1, Number.MAX_SAFE_INTEGER);
}

/** Claims of pages, and the writing of their notices, in one transaction (NoticePages.inTransaction). */
export interface NoticeTx {
  claim(pageIds: readonly number[]): Promise<Set<number>>;
  claimOrphans(olderThanMs: number, limit: number, ownedSince?: Date | null): Promise<StoredEvent[]>;
  /**
   * Where the notices are written (and what they say is read), in the same transaction. A write that fails
   * (`insertRows`, `fanOut`, `withdrawHeld`, and `ordersFacts`, which may expand the order journal) is undone alone, to a
   * savepoint, so the transaction goes on and the notices of the other events commit with the claim.
   */
  writer: NotificationWriter;
  /** Throws when the transaction can no longer commit (a statement failed outside a savepoint). */
  usable(): Promise<void>;
}

/**
 * `writer`'s writes, each in a savepoint of the transaction `tx`: a failed one is rolled back to it, alone,
 * and the transaction stays usable. The writes are called one after another (core/notifications/notify.ts),
 * never two at once; the savepoints are numbered all the same.
 */
function inSavepoints(tx: Executor, writer: NotificationWriter): NotificationWriter {
  let n = 0;
  const saved =
    <A extends unknown[], R>(write: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const name = sql.raw(`notice_${++n}`);
      await tx.execute(sql`SAVEPOINT ${name}`);
      let out: R;
      try {
        out = await write(...args);
      } catch (err) {
        await tx.execute(sql`ROLLBACK TO SAVEPOINT ${name}`);
        await tx.execute(sql`RELEASE SAVEPOINT ${name}`);
        throw err;
      }
      await tx.execute(sql`RELEASE SAVEPOINT ${name}`);
      return out;
    };
  return {
    ...writer,
    ordersFacts: saved((ids: readonly string[], buyIds: readonly string[]) =>
      writer.ordersFacts(ids, buyIds),
    ),
    insertRows: saved((list: Parameters<NotificationWriter['insertRows']>[0], at: Date) =>
      writer.insertRows(list, at),
    ),
    fanOut: saved((f: Parameters<NotificationWriter['fanOut']>[0], at: Date) => writer.fanOut(f, at)),
    withdrawHeld: saved((w: Parameters<NotificationWriter['withdrawHeld']>[0], now: Date) =>
      writer.withdrawHeld(w, now),
    ),
  };
}

/**
 * Where the notices of pages stored with their commit are claimed (domain_events.noticed): by the notifier
 * that was handed the events, or, for pages no notifier claimed (its instance crashed while it held them),
 * by the sweep. A page is claimed once, whichever comes first, on any instance. With `writerOf`, a claim and
 * the notices it is for are committed together (`inTransaction`): a crash between them cannot leave a page
 * claimed and its notices unwritten.
 */
export function createNoticePages(db: Db, writerOf?: (tx: Executor) => NotificationWriter) {
  return {
    /** Claims these pages; answers those that were not claimed before. */
    claim: (pageIds: readonly number[]) => claimPages(db, pageIds),

    /** Claims orphaned pages and answers their events (claimOrphanPages). */
    claimOrphans: (olderThanMs: number, limit: number, ownedSince: Date | null = null) =>
      claimOrphanPages(db, olderThanMs, limit, ownedSince),

    /** Runs `fn` in one transaction: its claims commit with the notices it writes, or neither does. */
    inTransaction: writerOf
      ? <T>(fn: (tx: NoticeTx) => Promise<T>): Promise<T> =>
          db.transaction((tx) =>
            fn({
              claim: (pageIds) => claimPages(tx, pageIds),
              claimOrphans: (olderThanMs, limit, ownedSince = null) =>
                claimOrphanPages(tx, olderThanMs, limit, ownedSince),
              writer: inSavepoints(tx, writerOf(tx)),
              usable: async () => void (await tx.execute(sql`SELECT 1`)),
            }),
          )
      : undefined,
  };
}

export type NoticePages = ReturnType<typeof createNoticePages>;
