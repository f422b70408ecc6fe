/**
 * The memory-first order path (the default, LINLI_ORDER_PATH; docs/order-book.md). A
 * buy's **book** (its items, sequence and live orders) lives in this process's
 * memory; an order batch reads its orders from the book and commits with ONE statement that checks the buy's
 * version, writes the counters (what a resident's page shows: stock, sequence, totals) and appends one
 * **journal** row holding the batch's rows. The journal is expanded into those rows (orders, order_lines,
 * audit_events, idempotency_keys) under the buy's lock, in version order, before anything reads them (and once
 * a buy's batches stop): see `expandInTx` and its callers. The audit events are journaled as drafts and linked
 * into the buy's hash chain when expanded, in the same order, so the chain is what committing them one batch
 * at a time would have made.
 */
import { eq, sql, type SQL } from 'drizzle-orm';
import type { Db, Executor } from '../client.ts';
import type { AuditDraft, AuditJson, ChainHead } from '../../core/audit/model.ts';
import { JournalFormatError, JournalStuckError, StaleBuyError } from '../../core/buys/ports.ts';
import type { JournalScope } from '../../core/buys/ports.ts';
import { isDatabaseUnavailable } from '../unavailable.ts';
import type {
  AllocationWrite,
  BuyTx,
  BuyWithItems,
  IdempotencyRecord,
  LoadedOrder,
  MemberContext,
  StoredIds,
} from '../../core/buys/ports.ts';
import type { DomainEvent } from '../../core/shared/events.ts';
import { buys, idempotencyKeys } from '../schema/buys.ts';
import { chainedAudit, insertChainedAudit, readChainHead, type ChainedAudit } from './audit-repo.ts';
import { packDrafts, unpackDrafts, type PackedDrafts } from './journal-drafts.ts';
import { rows } from './raw-sql.ts';
import { compoundLock, eventRows, pageNotice } from './event-store.ts';
import { writeAllocation } from './buys-repo.ts';
import { loadedOrder } from '../../core/buys/order-batch.ts';
import { firstWaiters } from '../../core/buys/allocation-fns.ts';
import { waitingBefore, WaitingSums, type WaitAsk } from '../../core/buys/queue-place.ts';
import { updateWaiting, waitingBySeq } from './waiting-index.ts';

/** What the order path of one buy allocates against, as of `version`. */
export interface Book {
  version: number;
  buy: BuyWithItems;
  /** Live orders (not cancelled) by id. */
  orders: Map<string, LoadedOrder>;
  /** The live orders' ids by household (one per household and buy; a batch reads its callers' by household). */
  byHousehold: Map<string, Set<string>>;
  /** The live orders with a waitlisted line, in seq order (waiting-index.ts). */
  waiting: LoadedOrder[];
  /** Idempotency records journaled by this process (maybe expanded since: then also in the table). */
  keys: Map<string, IdempotencyRecord>;
  /**
   * The orders cancelled since the book was loaded, as cancelled, by household and id: with the live ones, every
   * order the book has changed. A household's other orders in the buy are as the rows had them at the load.
   */
  cancelled: Map<string, Map<string, LoadedOrder>>;
}

/** One journal row: everything the batch's transaction would have written as rows. */
interface JournalData {
  at: string;
  write: AllocationWrite;
  /**
   * The batch's audit events: drafts, packed against `write.orders` (journal-drafts.ts), linked into the chain
   * when expanded (hashing them was a tenth of a rush batch's time on the server's thread). Rows journaled
   * before 2026-12-01 (evening) hold them whole, and rows journaled before that chained already.
   */
  audit: PackedDrafts | JournaledDrafts | ChainedAudit;
  keys: IdempotencyRecord[];
}

/** Audit drafts as JSON keeps them whole (`at` an ISO string), as rows journaled them until packed. */
interface JournaledDrafts {
  drafts: (Omit<AuditDraft, 'at'> & { at: string })[];
}

/** The drafts of a journal row, or null for a row journaled with its chain already made. */
function draftsOf({ audit, write }: JournalData): AuditDraft[] | null {
  if ('packed' in audit) return unpackDrafts(audit, write.orders);
  if ('rows' in audit && 'head' in audit) return null;
  // A row journaled by a later version of Linli (docs/operations.md, "Deploys"): the expansion stops here,
  // having written nothing, and an instance of that version expands it.
  if (!('drafts' in audit)) throw new JournalFormatError();
  return audit.drafts.map((d) => ({
    ...d,
    before: d.before as AuditJson | null,
    after: d.after as AuditJson | null,
    at: new Date(d.at),
  }));
}

const keyOf = (k: { scope: string; key: string }) => `${k.scope}\n${k.key}`;

// Module-level and written with loops, not callbacks made per batch (a batch's BuyTx is made anew each time):
// V8 keeps a short-lived closure's optimised code only while one is alive, so a rush compiled them all again
// ("V8 and short-lived closures", docs/benchmarks.md, sixteenth session).
const copyLine = (l: LoadedOrder['lines'][number]) => ({ ...l });
const copy = (o: LoadedOrder): LoadedOrder => ({ ...o, lines: o.lines.map(copyLine) });
const bySeq = (a: { seq: number }, b: { seq: number }) => a.seq - b.seq;
const itemCounters = (i: AllocationWrite['items'][number]) => ({
  id: i.id,
  allocatedQty: i.allocatedQty,
  waitlistedQty: i.waitlistedQty,
});

/**
 * The batch's write as its journal row keeps it: of its items, only their counters (what expanding and
 * catching up apply). The batch hands over its items whole: their names and prices made every row longer,
 * and an item's Chinese name made a rush's rows two-byte strings, which cost five times as much to encode
 * for the database as plain ASCII (docs/benchmarks.md, twenty-fourth session).
 */
const journaledWrite = (write: AllocationWrite): AllocationWrite => ({
  ...write,
  items: write.items.map(itemCounters),
});

/** The live orders of these households in the book, copied, in seq order. */
function ordersOfHouseholds(book: Book, householdIds: Iterable<string>): LoadedOrder[] {
  const out: LoadedOrder[] = [];
  for (const h of new Set(householdIds))
    for (const id of book.byHousehold.get(h) ?? []) {
      const o = book.orders.get(id);
      if (o) out.push(copy(o));
    }
  return out.sort(bySeq);
}

/**
 * Every order of the household that the book has changed since its load (copies, in seq order): its live
 * orders, and those cancelled since, as cancelled. Of the household's orders in the buy, the rows read after
 * the book was taken hold the others as they are (OrderJournal.booksAt).
 */
export function householdIn(book: Book, householdId: string): LoadedOrder[] {
  const out = ordersOfHouseholds(book, [householdId]);
  for (const o of book.cancelled.get(householdId)?.values() ?? []) out.push(copy(o));
  return out.sort(bySeq);
}

/** The reads the book cannot answer (callers' standing, households, stored keys), from the repository. */
export interface JournalReads {
  /**
   * The standing of these users in the compound, by user id (non-members are absent). These three read through
   * `via` when given (a locked batch's own transaction), else through the database's pool.
   */
  members: (
    communityId: string,
    userIds: readonly string[],
    via?: Executor,
  ) => Promise<Map<string, MemberContext>>;
  findHouseholds: (ids: readonly string[], via?: Executor) => ReturnType<BuyTx['findHouseholds']>;
  findIdempotency: (
    keys: Parameters<BuyTx['findIdempotency']>[0],
    via?: Executor,
  ) => ReturnType<BuyTx['findIdempotency']>;
  /** The buy, locked, with its items; null when it does not exist. */
  lockBuy: (tx: Executor, buyId: string) => Promise<BuyWithItems | null>;
  liveOrders: (tx: Executor, buyId: string) => Promise<LoadedOrder[]>;
}

/**
 * Expands every buy's journal in the transaction `tx`, each under its buy's lock: for a transaction that must
 * read every committed order and cannot wait for one of its own (the notifier's, which claims pages and writes
 * their notices together: realtime/notifier.ts).
 */
export async function expandAllInTx(tx: Executor, scope: JournalScope = null): Promise<number> {
  let n = 0;
  for (const buyId of await pendingBuys(tx, scope)) {
    const [locked] = await rows(tx, sql`SELECT id FROM buys WHERE id = ${buyId} FOR UPDATE`);
    if (locked) n += await expandInTx(tx, buyId);
  }
  return n;
}

/** The buys in `scope` with rows in the journal: one cheap query when it holds none. */
async function pendingBuys(db: Executor, scope: JournalScope): Promise<string[]> {
  const ofBuy = (buyId: SQL) => sql`SELECT buy_id FROM order_journal WHERE buy_id = ${buyId} LIMIT 1`;
  const ofCommunity = (communityId: SQL) =>
    sql`SELECT DISTINCT j.buy_id FROM order_journal j JOIN buys b ON b.id = j.buy_id
      WHERE b.community_id = ${communityId}`;
  // The tables come from the scope's closed list of names, never from the request.
  const query =
    scope === null
      ? sql`SELECT DISTINCT buy_id FROM order_journal`
      : 'buyId' in scope
        ? ofBuy(sql`${scope.buyId}`)
        : 'communityId' in scope
          ? ofCommunity(sql`${scope.communityId}`)
          : 'buyOf' in scope
            ? ofBuy(sql`(SELECT buy_id FROM ${sql.identifier(scope.buyOf)} WHERE id = ${scope.id})`)
            : ofCommunity(
                sql`(SELECT community_id FROM ${sql.identifier(scope.communityOf)} WHERE id = ${scope.id})`,
              );
  return (await rows<{ buy_id: string }>(db, query)).map((r) => r.buy_id);
}

/**
 * Expands a buy's journal into rows, in version order, and deletes what it expanded. The caller holds the
 * buy's row lock (which every journal append also needs), so nothing is appended meanwhile. The buy's version
 * does not move: a book stays valid. Rows the database refuses (a constraint broken: a bug) throw
 * JournalStuckError and stay where they are; a later version's rows throw JournalFormatError, a database out
 * of reach its own error.
 */
export async function expandInTx(tx: Executor, buyId: string): Promise<number> {
  return (await expandSome(tx, buyId)).count;
}

/**
 * `expandInTx`, of at most `limit` rows, those up to version `upTo` (all the buy has now when not given): one
 * step of OrderJournal.expand. `upTo` answers the version the steps go up to, `more` whether rows up to it are
 * left.
 */
async function expandSome(
  tx: Executor,
  buyId: string,
  step: ExpandStep | null = null,
): Promise<{ count: number; upTo: number | null; more: boolean }> {
  try {
    return await expandRows(tx, buyId, step);
  } catch (err) {
    if (err instanceof JournalFormatError || isDatabaseUnavailable(err)) throw err;
    throw new JournalStuckError(buyId, err);
  }
}

async function expandRows(
  tx: Executor,
  buyId: string,
  step: ExpandStep | null,
): Promise<{ count: number; upTo: number | null; more: boolean }> {
  let upTo = step?.upTo ?? null;
  if (step && upTo === null) {
    const [top] = await rows<{ v: number | string | null }>(
      tx,
      sql`SELECT max(version) AS v FROM order_journal WHERE buy_id = ${buyId}`,
    );
    if (top?.v === null || top?.v === undefined) return { count: 0, upTo: null, more: false };
    upTo = Number(top.v);
  }
  const list = await rows<{ version: number; data: JournalData | string }>(
    tx,
    step
      ? sql`SELECT version, data FROM order_journal WHERE buy_id = ${buyId} AND version <= ${upTo}
          ORDER BY version LIMIT ${step.limit}`
      : sql`SELECT version, data FROM order_journal WHERE buy_id = ${buyId} ORDER BY version`,
  );
  if (list.length === 0) return { count: 0, upTo, more: false };
  // The chain's head as the expansion moves it (read once, when the first row of drafts needs it).
  let head: ChainHead | null = null;
  const started = performance.now();
  let done = 0;
  for (const r of list) {
    if (step && done > 0 && performance.now() - started >= step.budgetMs) break;
    done++;
    const data = (typeof r.data === 'string' ? JSON.parse(r.data) : r.data) as JournalData;
    await writeAllocation(tx, buyId, data.write, { counters: false, at: data.at });
    const drafts = draftsOf(data);
    const chained: ChainedAudit = drafts
      ? chainedAudit(buyId, head ?? (await readChainHead(tx, buyId)), drafts)
      : (data.audit as ChainedAudit);
    await insertChainedAudit(tx, buyId, chained);
    head = chained.head;
    if (data.keys.length > 0)
      await tx
        .insert(idempotencyKeys)
        .values(data.keys.map((k) => ({ ...k, response: k.response as object })))
        .onConflictDoNothing();
  }
  const last = Number(list[done - 1]!.version);
  await tx.execute(sql`DELETE FROM order_journal WHERE buy_id = ${buyId} AND version <= ${last}`);
  const more = step !== null && (done < list.length || (list.length === step.limit && last < upTo!));
  return { count: done, upTo, more };
}

/**
 * One transaction of OrderJournal.expand: rows up to version `upTo` (those the buy has at the first step when
 * null), at most `limit` read, expanded until `budgetMs` have gone by (at least one row).
 */
export interface ExpandStep {
  limit: number;
  budgetMs: number;
  upTo: number | null;
}
/** What one step of OrderJournal.expand reads, and how long it may hold the buy (and the embedded database). */
export const EXPAND_STEP = { limit: 500, budgetMs: 50 };

/** What a journaled batch asked to write: committed by ONE statement (OrderJournal.#run). */
interface Recorded {
  write: AllocationWrite | null;
  drafts: AuditDraft[];
  keys: IdempotencyRecord[];
  events: { list: readonly DomainEvent[]; stored: StoredIds } | null;
}

/** The memory-first order path of one process: its books, and the journal's expansion. */
export class OrderJournal {
  readonly #db: Db;
  readonly #reads: JournalReads;
  readonly #books = new Map<string, Book>();
  /** A book's live orders in seq order, at the version they were sorted at (`bookAt`). */
  readonly #sorted = new WeakMap<Book, { version: number; orders: LoadedOrder[] }>();
  /** A book's waiting quantities summed in seq order, at the version last read (`waitingBeforeAt`). */
  readonly #sums = new WeakMap<Book, { version: number; sums: WaitingSums | null }>();
  readonly #idleMs: number;
  readonly #forgetMs: number;
  /** Set while the server runs (start … stop): the buys whose queue went quiet, waiting to be expanded. */
  #idle: { timers: Map<string, NodeJS.Timeout>; onError: (err: unknown) => void } | null = null;
  #expanding: Promise<unknown> = Promise.resolve();
  #loads = 0;
  readonly #onLoad: () => void;
  readonly #canLock: boolean;
  readonly #notifyFrom: string | null;

  /**
   * `idleMs`: expand a buy's journal once no batch of it has committed for this long (0: only when read).
   * `forgetMs`: then drop its book from memory once no batch has come for this long (a closed buy never gets
   * another; an open one reloads its book at its next batch, tens of milliseconds for 5,000 orders).
   */
  constructor(
    db: Db,
    reads: JournalReads,
    options: {
      idleMs?: number;
      forgetMs?: number;
      onLoad?: () => void;
      /** Reads may run on other connections while a transaction holds the buy's lock (PostgreSQL). */
      canLock?: boolean;
      /** This instance's name in the NOTIFY of the events a batch stores (PostgreSQL); null: none. */
      notifyFrom?: string | null;
    } = {},
  ) {
    this.#db = db;
    this.#reads = reads;
    this.#canLock = options.canLock ?? false;
    this.#notifyFrom = options.notifyFrom ?? null;
    this.#onLoad = options.onLoad ?? (() => {});
    this.#idleMs = options.idleMs ?? 0;
    this.#forgetMs = options.forgetMs ?? 10 * 60_000;
  }

  /** Whether lockedBatch is available (PostgreSQL). */
  get canLock(): boolean {
    return this.#canLock;
  }

  /** The buys whose book this process holds in memory. */
  get books(): number {
    return this.#books.size;
  }

  /** Books loaded whole so far (a book that catches up from the journal is not loaded again). */
  get loads(): number {
    return this.#loads;
  }

  /**
   * Expands a buy's journal soon after its rush goes quiet, so its rows are there without waiting for a read
   * (and the first leader's list after a rush does not pay for all of it). Not while batches keep coming: an
   * expansion holds the buy's lock, and the next batch would wait for it.
   */
  start(onError: (err: unknown) => void): void {
    if (this.#idleMs > 0 && !this.#idle) this.#idle = { timers: new Map(), onError };
  }

  /** Drops the waiting expansions (a read or the next start does them) and waits for a running one. */
  async stop(): Promise<void> {
    const idle = this.#idle;
    this.#idle = null;
    for (const timer of idle?.timers.values() ?? []) clearTimeout(timer);
    await this.#expanding;
  }

  #expandWhenQuiet(buyId: string): void {
    const idle = this.#idle;
    if (!idle) return;
    const after = (ms: number, run: () => void) => {
      clearTimeout(idle.timers.get(buyId));
      const timer = setTimeout(run, ms);
      timer.unref();
      idle.timers.set(buyId, timer);
    };
    after(this.#idleMs, () => {
      // A failure leaves the rows in the journal: the next read, lock or start expands them.
      this.#expanding = this.expand(buyId).catch(idle.onError);
      after(this.#forgetMs, () => {
        idle.timers.delete(buyId);
        this.#books.delete(buyId);
      });
    });
  }

  /**
   * Expands one buy's journal, the rows it has now, in short transactions of about 50 ms each (EXPAND_STEP),
   * each under the buy's lock: between two, the buy's next batch and (on the embedded database, one connection)
   * the other requests' statements get their turn. In one transaction, 2,000 rows of one join each (a buy joined
   * steadily for minutes, never quiet for a second) held the embedded database for 3.8–4.5 s, and every
   * request that came meanwhile waited for all of it (docs/order-book.md).
   */
  async expand(buyId: string, each: Omit<ExpandStep, 'upTo'> = EXPAND_STEP): Promise<number> {
    let count = 0;
    let upTo: number | null = null;
    for (;;) {
      const step = await this.#db.transaction(async (tx) => {
        const [locked] = await tx.select({ id: buys.id }).from(buys).where(eq(buys.id, buyId)).for('update');
        return locked ? expandSome(tx, buyId, { ...each, upTo }) : null;
      });
      if (!step) return count;
      count += step.count;
      upTo = step.upTo;
      if (!step.more) return count;
      // A timer's turn before the next step: the statements that other requests have ready (lookups batched
      // with setImmediate among them) are sent before its BEGIN. Without it the next step was always first, and
      // a request that came during the expansion waited for all of it (bench/pools.ts: 3.8–4.5 s).
      await new Promise((r) => setTimeout(r, 1));
    }
  }

  /**
   * Expands the journals of the buys in `scope` (every buy's by default): before a request reads orders, or at
   * start (a crash leaves committed batches unexpanded). One cheap query when there is nothing to expand. Each
   * buy in its own transaction, so one whose rows cannot be expanded keeps no other buy's from it; the first
   * failure is thrown once all were tried. The buys in `except` are left as they are (a caller that reads them
   * from their books).
   */
  async expandAll(scope: JournalScope = null, except?: { has(buyId: string): boolean }): Promise<number> {
    let n = 0;
    let failure: { err: unknown } | null = null;
    for (const buyId of await pendingBuys(this.#db, scope)) {
      if (except?.has(buyId)) continue;
      try {
        n += await this.expand(buyId);
      } catch (err) {
        failure ??= { err };
      }
    }
    if (failure) throw failure.err;
    return n;
  }

  /**
   * The live orders of a buy's book in seq order, with the book's version and buy, when this process holds its
   * book at `version` or later (`version`: the buy's, as a caller has just read it); null otherwise. A book moves
   * only by the batches it commits or catches up on, each applied once committed, so a book at or past that
   * version holds what was committed at its own version: every join answered before the caller read the buy,
   * whether or not its journal row is expanded yet. Synchronous, so the orders are those of one version (the
   * book replaces an order it changes, and never changes one in place). The array is shared by every caller at
   * that version: not to be changed.
   */
  bookAt(
    buyId: string,
    version: number,
  ): { version: number; buy: BuyWithItems; orders: readonly LoadedOrder[] } | null {
    const book = this.#current(buyId, version);
    if (!book) return null;
    // Sorted once per version (every batch applied moves it), for every read of the list at that version.
    let sorted = this.#sorted.get(book);
    if (sorted?.version !== book.version) {
      // Nearly in seq order already (a book's orders are loaded in it, and a new one comes last): one pass.
      sorted = { version: book.version, orders: [...book.orders.values()].sort(bySeq) };
      this.#sorted.set(book, sorted);
    }
    return { version: book.version, buy: book.buy, orders: sorted.orders };
  }

  /** A household's live orders in the buy's book (copies, in seq order), on the terms of `bookAt`. */
  householdAt(buyId: string, version: number, householdId: string): LoadedOrder[] | null {
    const book = this.#current(buyId, version);
    return book ? ordersOfHouseholds(book, [householdId]) : null;
  }

  /**
   * What waits before each ask in the book, on the terms of `bookAt`; null when this process does not hold the
   * book at that version. The first read at a version walks the waiters before it; a second one makes the
   * running sums that every later read at that version searches (after a promotion every waiting page reads
   * its place at once; during a rush a version seldom sees two reads, and a walk is cheaper than the sums:
   * bench/waitlist.ts). Synchronous, like `householdAt`: the two read back to back see one version.
   */
  waitingBeforeAt(buyId: string, version: number, asks: readonly WaitAsk[]): number[] | null {
    const book = this.#current(buyId, version);
    if (!book) return null;
    const seen = this.#sums.get(book);
    if (seen?.version !== book.version) {
      this.#sums.set(book, { version: book.version, sums: null });
      return waitingBefore(book.waiting, asks);
    }
    seen.sums ??= new WaitingSums(book.waiting);
    return seen.sums.before(asks);
  }

  /** The buys of the compound whose book this process holds. */
  heldIn(communityId: string): string[] {
    const ids: string[] = [];
    for (const [buyId, book] of this.#books) if (book.buy.communityId === communityId) ids.push(buyId);
    return ids;
  }

  /**
   * The books held at these versions or later (buy id → its version as the caller has just read it), on the
   * terms of `bookAt`. Taken before the caller reads the rows: a book is loaded after its journal is expanded, so
   * the rows read after it was taken hold what the book had at its load, or later (see `householdIn`).
   */
  booksAt(versions: ReadonlyMap<string, number>): Map<string, Book> {
    const out = new Map<string, Book>();
    for (const [buyId, version] of versions) {
      const book = this.#current(buyId, version);
      if (book) out.set(buyId, book);
    }
    return out;
  }

  #current(buyId: string, version: number): Book | null {
    const book = this.#books.get(buyId);
    return book && book.version >= version ? book : null;
  }

  /** Forgets a buy's book (the next batch reloads it). */
  forget(buyId: string): void {
    this.#books.delete(buyId);
  }

  /**
   * Brings a stale book up to the buy's version from the journal rows committed since it was read (another
   * instance's batches), applied as their own instance applied them. False when it cannot: a row was expanded
   * meanwhile (the rows are gone from the journal), or something other than a batch moved the version (a
   * leader's edit, a transition), or the buy is gone; the book must then be loaded again.
   */
  async #catchUp(buyId: string, book: Book, db: Executor = this.#db): Promise<boolean> {
    const list = await rows<{ current: number; version: number | null; data: JournalData | string | null }>(
      db,
      sql`SELECT b.version AS current, j.version, j.data FROM buys b
        LEFT JOIN order_journal j ON j.buy_id = b.id AND j.version > ${book.version}
        WHERE b.id = ${buyId} ORDER BY j.version`,
    );
    const current = Number(list[0]?.current ?? NaN);
    const rowsSince = list.filter((r) => r.version !== null);
    if (!(current > book.version) || rowsSince.length !== current - book.version) return false;
    if (rowsSince.some((r, n) => Number(r.version) !== book.version + 1 + n)) return false;
    for (const r of rowsSince) {
      const data = (typeof r.data === 'string' ? JSON.parse(r.data) : r.data) as JournalData;
      apply(book, data.write, data.keys, Number(r.version));
    }
    return true;
  }

  async #load(buyId: string): Promise<Book | null> {
    return this.#db.transaction((tx) => this.#loadIn(tx, buyId));
  }

  /** Loads a buy's book whole in `tx` (under the buy's lock, its journal expanded first). */
  async #loadIn(tx: Executor, buyId: string): Promise<Book | null> {
    this.#loads++;
    this.#onLoad();
    const buy = await this.#reads.lockBuy(tx, buyId);
    if (!buy) return null;
    await expandInTx(tx, buyId);
    const orders = await this.#reads.liveOrders(tx, buyId);
    return {
      version: buy.version,
      buy,
      orders: new Map(orders.map((o) => [o.id, o])),
      byHousehold: indexByHousehold(orders),
      waiting: waitingBySeq(orders),
      keys: new Map(),
      cancelled: new Map(),
    };
  }

  /**
   * Runs an order batch against the buy's book: `fn` gets a BuyTx whose order reads come from the book and
   * whose writes are recorded; then ONE statement commits the batch (version check, counters, journal row).
   * Throws StaleBuyError, having written nothing, when the buy changed since the book was read (the book is
   * dropped; the next batch reloads it).
   */
  async batch<T>(buyId: string, fn: (tx: BuyTx) => Promise<T>): Promise<T> {
    let book = this.#books.get(buyId) ?? null;
    if (!book) {
      book = await this.#load(buyId);
      if (book && book.buy.status === 'open') this.#books.set(buyId, book);
    }
    return this.#run(this.#db, buyId, book, fn);
  }

  /**
   * The same batch under the buy's row lock, for a batch whose book went stale (PostgreSQL only: `fn`'s reads
   * go through other connections of the pool while this one holds the lock; the embedded database has one
   * connection). The book catches up (or is loaded) under the lock, so the commit cannot be stale: with
   * several instances on one buy, a batch waits its turn instead of losing the race again.
   */
  async lockedBatch<T>(buyId: string, fn: (tx: BuyTx) => Promise<T>): Promise<T> {
    if (!this.#canLock) throw new Error('a locked journal batch needs reads beside its transaction');
    return this.#db.transaction(async (tx) => {
      const [locked] = await rows<{ version: number }>(
        tx,
        sql`SELECT version FROM buys WHERE id = ${buyId} FOR UPDATE`,
      );
      let book = this.#books.get(buyId) ?? null;
      if (book && (!locked || book.version !== Number(locked.version))) {
        if (!locked || !(await this.#catchUp(buyId, book, tx))) {
          this.#books.delete(buyId);
          book = null;
        }
      }
      if (locked && !book) {
        book = await this.#loadIn(tx, buyId);
        if (book && book.buy.status === 'open') this.#books.set(buyId, book);
      }
      return this.#run(tx, buyId, book, fn);
    });
  }

  /** Runs `fn` against the book and commits what it recorded with ONE statement on `db`. */
  async #run<T>(db: Executor, buyId: string, book: Book | null, fn: (tx: BuyTx) => Promise<T>): Promise<T> {
    const recorded: Recorded = { write: null, drafts: [], keys: [], events: null };
    // A locked batch reads through its own transaction: on its pool's connections, transactions waiting for
    // other buys' locks could otherwise leave it none.
    const value = await fn(this.#tx(book, recorded, db === this.#db ? undefined : db));
    if (!book || (!recorded.write && recorded.keys.length === 0)) return value;
    const write = recorded.write ?? {
      items: [],
      orders: [],
      droppedLines: [],
      nextSeq: book.buy.nextSeq,
      liveOrdersDelta: 0,
      amountFenDelta: 0,
    };
    const audit = packDrafts(recorded.drafts, write.orders);
    const data: JournalData = {
      at: new Date().toISOString(),
      write: journaledWrite(write),
      audit,
      keys: recorded.keys,
    };
    const items = JSON.stringify(
      write.items.map((i) => ({ id: i.id, a: i.allocatedQty, w: i.waitlistedQty })),
    );
    // The batch's events, in the same statement (BuyTx.storeEvents): rows of domain_events, and on
    // PostgreSQL their NOTIFY for the other instances, delivered at the commit.
    const events = recorded.events && eventRows(recorded.events.list, true);
    const withEvents = events
      ? sql`, lk AS (${compoundLock(book.buy.communityId, sql`v`)}),
        ev AS (
          INSERT INTO domain_events (community_id, buy_id, data, noticed) ${events.rowsFrom(sql`lk`)} RETURNING id, community_id, buy_id)
        SELECT version, (SELECT string_agg(id::text, ',') FROM ev) AS events${
          this.#notifyFrom === null
            ? sql``
            : sql`, (SELECT count(${pageNotice('ev', this.#notifyFrom)}) FROM ev) AS notified`
        } FROM v`
      : sql` SELECT version FROM v`;
    const [done] = await rows<{ version: number; events?: string | null }>(
      db,
      sql`WITH v AS (
          UPDATE buys SET version = version + 1, next_seq = ${write.nextSeq},
            live_orders = live_orders + ${write.liveOrdersDelta}, amount_fen = amount_fen + ${write.amountFenDelta}
          WHERE id = ${buyId} AND version = ${book.version} RETURNING version),
        it AS (
          UPDATE buy_items AS i SET allocated_qty = x.a, waitlisted_qty = x.w
          FROM v, jsonb_to_recordset(${items}::jsonb) AS x(id uuid, a integer, w integer) WHERE i.id = x.id),
        j AS (
          INSERT INTO order_journal (buy_id, version, data) SELECT ${buyId}::uuid, v.version, ${JSON.stringify(data)} FROM v)${withEvents}`,
    );
    if (!done) {
      // Another batch committed first (another instance's, mostly): the book catches up from its journal rows
      // when it can, and is reloaded whole when it cannot; either way the batch runs again.
      if (!(await this.#catchUp(buyId, book))) this.#books.delete(buyId);
      throw new StaleBuyError(buyId);
    }
    apply(book, write, recorded.keys, Number(done.version));
    if (events && recorded.events) {
      const rowIds = (done.events ?? '').split(',').filter(Boolean).map(Number);
      recorded.events.stored.ids = events.ids(rowIds);
    }
    this.#expandWhenQuiet(buyId);
    return value;
  }

  #tx(book: Book | null, recorded: Recorded, via?: Executor): BuyTx {
    const reads = this.#reads;
    const ofHouseholds = (householdIds: Iterable<string>) =>
      book ? ordersOfHouseholds(book, householdIds) : [];
    const refuse = (name: string) => () =>
      Promise.reject(new Error(`${name} is not available in a journaled order batch`));
    return {
      // Reads through the pool may be sent together; a locked batch's go through its own transaction, whose
      // connection takes one statement at a time (sent together, they only queued in node-postgres's client,
      // which pg 9 will refuse).
      queuesStatements: via === undefined,
      lockBuy: async () => (book ? { ...book.buy, items: book.buy.items.map((i) => ({ ...i })) } : null),
      callers: async (_buyId, userIds) => {
        const members: Map<string, MemberContext> = book
          ? await reads.members(book.buy.communityId, userIds, via)
          : new Map();
        const households: string[] = [];
        for (const m of members.values()) if (m.household) households.push(m.household.id);
        return { members, liveOrders: ofHouseholds(households) };
      },
      findHouseholds: (ids) => reads.findHouseholds(ids, via),
      liveOrdersOfHouseholds: async (_buyId, householdIds) => ofHouseholds(householdIds),
      waitingPrefix: async (_buyId, wants) => {
        const first = firstWaiters(book?.waiting ?? [], wants);
        return { orders: first.orders.map(copy), through: first.through };
      },
      waitingBefore: async (_buyId, asks) => waitingBefore(book?.waiting ?? [], asks),
      waitingOrders: async (_buyId, itemIds) => {
        const items = new Set(itemIds);
        return (book?.waiting ?? [])
          .filter((o) => o.lines.some((l) => l.waitlistedQty > 0 && items.has(l.itemId)))
          .map(copy);
      },
      findIdempotency: async (keys) => {
        const stored = await reads.findIdempotency(keys, via);
        const mine = keys.flatMap((k) => {
          const r = book?.keys.get(keyOf(k));
          return r ? [r] : [];
        });
        return [...stored, ...mine];
      },
      saveIdempotency: async (records) => {
        recorded.keys.push(...records);
      },
      saveAllocation: async (_buyId, write) => {
        if (recorded.write) throw new Error('a journaled order batch allocates once');
        recorded.write = write;
      },
      appendAudit: async (_buyId, drafts) => {
        recorded.drafts.push(...drafts);
      },
      storeEvents: async (events, stored) => {
        if (recorded.events) throw new Error('a journaled order batch stores its events once');
        recorded.events = { list: events, stored };
      },
      setStatus: refuse('setStatus'),
      releaseOrders: refuse('releaseOrders'),
      updateFields: refuse('updateFields'),
      replaceItems: refuse('replaceItems'),
      updateItems: refuse('updateItems'),
      insertItems: refuse('insertItems'),
      recomputeAmounts: refuse('recomputeAmounts'),
      lockDueBuys: refuse('lockDueBuys'),
      poolOf: refuse('poolOf'),
      lockDuePools: refuse('lockDuePools'),
      finishPool: refuse('finishPool'),
      markPoolMet: refuse('markPoolMet'),
    };
  }
}

/** The book after its batch committed at `version`. */
function indexByHousehold(orders: readonly LoadedOrder[]): Map<string, Set<string>> {
  const index = new Map<string, Set<string>>();
  for (const o of orders) {
    const ids = index.get(o.householdId) ?? new Set<string>();
    ids.add(o.id);
    index.set(o.householdId, ids);
  }
  return index;
}

function apply(
  book: Book,
  write: AllocationWrite,
  keys: readonly IdempotencyRecord[],
  version: number,
): void {
  for (const o of write.orders) {
    const order = loadedOrder(o, o.note, o.placedBy);
    const ids = book.byHousehold.get(o.householdId) ?? new Set<string>();
    const before = book.orders.get(o.id);
    const cancelled = book.cancelled.get(o.householdId);
    if (o.status === 'cancelled') {
      book.orders.delete(o.id);
      ids.delete(o.id);
      if (cancelled) cancelled.set(o.id, order);
      else book.cancelled.set(o.householdId, new Map([[o.id, order]]));
    } else {
      book.orders.set(o.id, order);
      ids.add(o.id);
      cancelled?.delete(o.id);
    }
    updateWaiting(book.waiting, before, o.status === 'cancelled' ? undefined : order);
    if (ids.size > 0) book.byHousehold.set(o.householdId, ids);
    else book.byHousehold.delete(o.householdId);
  }
  const items = new Map(write.items.map((i) => [i.id, i]));
  book.buy = {
    ...book.buy,
    items: book.buy.items.map((i) => {
      const c = items.get(i.id);
      return c ? { ...i, allocatedQty: c.allocatedQty, waitlistedQty: c.waitlistedQty } : i;
    }),
    nextSeq: write.nextSeq,
    liveOrders: book.buy.liveOrders + write.liveOrdersDelta,
    amountFen: book.buy.amountFen + write.amountFenDelta,
    version,
  };
  book.version = version;
  for (const k of keys) book.keys.set(keyOf(k), k);
}
