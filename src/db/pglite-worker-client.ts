/**
 * The embedded database (PGlite) on a worker thread, behind the part of PGlite's API that Drizzle uses
 * (`query`, `exec`, `transaction`, `close`).
 *
 * Why: PGlite runs PostgreSQL compiled to WebAssembly on the thread that calls it, and every statement runs
 * to completion before the call returns. In process, a rush of joins therefore kept the one event-loop
 * thread busy with SQL while connections waited to be read and answered, and the machine's second core sat
 * mostly idle. On its own thread the database works while the server parses, authorises and answers
 * requests (bench/rush.ts measures both; docs/benchmarks.md has the figures).
 *
 * Semantics are PGlite's: one statement at a time, a transaction holds the database until it ends, errors
 * carry PostgreSQL's fields (code, constraint, detail …).
 */
import { readFileSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import { parse as pgParse, protocol, types } from '@electric-sql/pglite';
import { takeDatabaseThread, type DatabaseThread } from './database-thread.ts';

interface Results<T = Record<string, unknown>> {
  rows: T[];
  fields: { name: string; dataTypeID: number }[];
  affectedRows?: number;
}

interface QueryOptions {
  rowMode?: 'array' | 'object';
  /** Parsers by type id that replace PGlite's (Drizzle's return timestamps, dates, intervals … as text). */
  parsers?: Record<number, (value: string, typeId?: number) => unknown>;
}

type Parser = (value: string, typeId?: number) => unknown;
type Parsers = Record<number, Parser>;

/** PGlite's table of parsers, with its array types as the database lists them (as PGlite builds it). */
function parserTable(arrayTypes: readonly { oid: number; typarray: number }[]): Parsers {
  const parsers: Parsers = { ...(types.parsers as Parsers) };
  for (const { oid, typarray } of arrayTypes)
    parsers[typarray] = (value) => types.arrayParser(value, parsers[oid] ?? ((v: string) => v), typarray);
  return parsers;
}

/** `(value) => value`, in any spelling: the caller wants the type's text as it is. */
const KEEPS_TEXT = /^\(?\s*([\w$]+)\s*\)?\s*=>\s*\1\s*$/;
const keepText: Parser = (value) => value;

/**
 * The parsers table of a statement: PGlite's, with the caller's overrides. PGlite merges the two for every
 * statement (`{ ...table, ...overrides }`), and with the ~300 types of the catalog that copy cost ~175 µs on
 * the server's thread per statement, more than decoding most answers; Drizzle passes the same overrides
 * every time (keep timestamps, dates, intervals … as text), in a new object per statement. So overrides that
 * only keep text are merged once per set of types; anything else is merged per statement, as PGlite does.
 */
export class ParserTables {
  readonly #base: Parsers;
  readonly #merged = new Map<string, Parsers>();

  constructor(base: Parsers) {
    this.#base = base;
  }

  for(overrides: Parsers | undefined): Parsers {
    if (!overrides) return this.#base;
    const types = Object.keys(overrides);
    for (const t of types)
      if (!KEEPS_TEXT.test(String(overrides[Number(t)]))) return { ...this.#base, ...overrides };
    const key = types.join(',');
    let table = this.#merged.get(key);
    if (!table) {
      table = { ...this.#base };
      for (const t of types) table[Number(t)] = keepText;
      if (this.#merged.size < 32) this.#merged.set(key, table);
    }
    return table;
  }
}

/**
 * Decodes a statement's answer as the thread sent it (PostgreSQL's wire messages) into PGlite's result
 * shape; an ErrorResponse becomes the error, with PostgreSQL's fields, as PGlite would throw it.
 */
function decode<T>(
  parser: protocol.Parser,
  bytes: Uint8Array,
  tables: ParserTables,
  options: QueryOptions,
  sql: string,
  params: unknown[],
): Results<T> {
  const messages: { name: string }[] = [];
  parser.parse(bytes, (m: { name: string }) => messages.push(m));
  for (const m of messages) if (m.name === 'error') throw Object.assign(m, { query: sql, params });
  const [result] = pgParse.parseResults(
    messages as Parameters<typeof pgParse.parseResults>[0],
    tables.for(options.parsers),
    { rowMode: options.rowMode } as Parameters<typeof pgParse.parseResults>[2],
  );
  return (result ?? { rows: [], fields: [], affectedRows: 0 }) as unknown as Results<T>;
}

/** A statement of PGliteWorkerClient.script. */
export interface ScriptStatement {
  sql: string;
  params: unknown[];
  /** The value (as text) the statement's first column of its first row must have, else the script is stale. */
  expect?: string | number;
  /** Its rows' first column (as text) comes back in the script's `returned`. */
  returning?: boolean;
}

/** What a script did: committed, or rolled back as stale (a check failed); the `returning` statements' values. */
export interface ScriptResult {
  outcome: 'committed' | 'stale';
  returned: string[];
}

/** What a transaction callback gets: statements on the open transaction. */
export interface WorkerTransaction {
  query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>>;
  exec(sql: string): Promise<Results[]>;
  rollback(): Promise<void>;
  readonly closed: boolean;
}

type Reply =
  { id: number; ok: true; value: unknown } | { id: number; ok: false; error: Record<string, unknown> };

/** An error from the worker, rebuilt with PostgreSQL's fields (`code`, `constraint`, …) as PGlite had them. */
function rebuild(fields: Record<string, unknown>): Error {
  const err = new Error(String(fields.message));
  Object.assign(err, fields);
  return err;
}

export class PGliteWorkerClient {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve(value: unknown): void; reject(error: unknown): void }>();
  #nextId = 1;
  #nextTx = 1;
  #dead: Error | null = null;
  #closed = false;

  /** Set once the database is open (its array types decide the parsers). */
  #parsers = new ParserTables({});
  /**
   * The wire protocol's parser, one for every answer: an answer is whole messages, which leave it empty (it keeps
   * a partial message for the next call, and starts over after one it cannot parse). Making one per answer was
   * a tenth of a small read's CPU on this thread (its private fields, compiled to WeakMaps).
   */
  readonly #wire = new protocol.Parser();
  /** The database thread's Linux thread id (null elsewhere, and until the database is open). */
  #tid: number | null = null;
  /** Until the database is open: what calls wait for (rejected for good if it fails to open). */
  #opening: Promise<void> | null;
  /** Resolves when the database is open; rejects if it fails to open. */
  readonly opened: Promise<void>;

  private constructor(thread: DatabaseThread, onDeath: (error: Error) => void) {
    const worker = thread.worker;
    this.#worker = worker;
    this.opened = thread.ready.then((ready) => {
      this.#parsers = new ParserTables(parserTable(ready.arrayTypes ?? []));
      this.#tid = ready.tid ?? null;
      this.#opening = null;
    });
    this.opened.catch(() => {}); // the caller awaits it; calls made meanwhile fail with its error
    this.#opening = this.opened;
    worker.on('message', (msg: Reply) => {
      const call = this.#pending.get(msg.id);
      if (!call) return;
      this.#pending.delete(msg.id);
      if (msg.ok) call.resolve(msg.value);
      else call.reject(rebuild(msg.error));
    });
    const die = (error: Error) => {
      if (this.#dead) return;
      this.#dead = error;
      for (const call of this.#pending.values()) call.reject(error);
      this.#pending.clear();
      // Failing to open is the opener's error (`opened` rejects), not a death.
      if (this.#opening === null) onDeath(error);
    };
    worker.on('error', die);
    worker.on('exit', (code) => {
      if (!this.#closed) die(new Error(`the database thread stopped (exit code ${code})`));
    });
  }

  /**
   * Starts the thread and opens the database in `dataDir` (in memory without one), with these settings added,
   * or takes the thread the start began for them (database-thread.ts, cli/early.ts). Resolves once it is
   * open. `onDeath` is told if the thread stops other than by close() (every call then fails with that error).
   */
  static async create(
    dataDir?: string,
    extraStartParams: readonly string[] = [],
    onDeath: (error: Error) => void = () => {},
    options: { preparedMax?: number; loadDataDir?: string } = {},
  ): Promise<PGliteWorkerClient> {
    const client = await PGliteWorkerClient.start(dataDir, extraStartParams, onDeath, options);
    await client.opened;
    return client;
  }

  /**
   * As `create`, but resolves as soon as the thread has started: the database opens meanwhile (`opened`), and
   * calls made before it is open wait for it (src/main.ts builds the app in that time).
   */
  static async start(
    dataDir?: string,
    extraStartParams: readonly string[] = [],
    onDeath: (error: Error) => void = () => {},
    /**
     * `preparedMax`: statements kept prepared at most (pglite-worker.mjs; default 256). `loadDataDir`: a file
     * written from PGlite's `dumpDataDir()` that the database starts as (with no `dataDir`: in memory).
     */
    options: { preparedMax?: number; loadDataDir?: string } = {},
  ): Promise<PGliteWorkerClient> {
    const thread = await takeDatabaseThread({
      dataDir,
      extraStartParams,
      preparedMax: options.preparedMax,
      loadDataDir: options.loadDataDir,
    });
    return new PGliteWorkerClient(thread, onDeath);
  }

  /**
   * CPU seconds (user + system) the database thread has used, from Linux's /proc (null elsewhere, or once the
   * thread is gone): what the embedded database costs, apart from the server's own thread.
   */
  threadCpuSeconds(): number | null {
    if (this.#tid === null) return null;
    try {
      const stat = readFileSync(`/proc/self/task/${this.#tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime and stime, in clock ticks of 1/100 s (Linux's USER_HZ).
      return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      return null;
    }
  }

  #call<T>(message: Record<string, unknown>): Promise<T> {
    if (this.#opening) return this.#opening.then(() => this.#call<T>(message));
    if (this.#dead) return Promise.reject(this.#dead);
    if (this.#closed) return Promise.reject(new Error('the database is closed'));
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.#worker.postMessage({ ...message, id });
    });
  }

  async #query<T>(tx: number | null, sql: string, params: unknown[] = [], options: QueryOptions = {}) {
    const bytes = await this.#call<Uint8Array>({ op: 'query', tx, sql, params });
    return decode<T>(this.#wire, bytes, this.#parsers, options, sql, params);
  }

  query<T>(sql: string, params?: unknown[], options?: QueryOptions): Promise<Results<T>> {
    return this.#query<T>(null, sql, params, options);
  }

  exec(sql: string): Promise<Results[]> {
    return this.#call({ op: 'exec', tx: null, sql });
  }

  /**
   * Runs these statements as one transaction, sent in one message (the database is never held waiting for
   * this thread). A statement with `expect` checks its first column of its first row: any other value rolls the
   * transaction back and answers 'stale'. An error rolls back and is thrown. A statement with `returning`
   * sends back the first column of its rows.
   */
  script(statements: readonly ScriptStatement[]): Promise<ScriptResult> {
    return this.#call({ op: 'script', statements });
  }

  /** Runs `fn` in a transaction: committed when it resolves, rolled back when it throws (and the error rethrown). */
  async transaction<T>(fn: (tx: WorkerTransaction) => Promise<T>): Promise<T> {
    // The transaction's id is chosen here and BEGIN gets no answer: its first statements go out right behind
    // it instead of a round trip later. The thread queues them until the transaction has begun; if BEGIN
    // fails, they fail with its error (and a commit with "not open").
    if (this.#opening) await this.#opening;
    if (this.#dead) throw this.#dead;
    if (this.#closed) throw new Error('the database is closed');
    const txId = this.#nextTx++;
    this.#worker.postMessage({ op: 'begin', txId });
    let closed = false;
    const tx: WorkerTransaction = {
      query: (sql, params, options) => this.#query(txId, sql, params, options),
      exec: (sql) => this.#call({ op: 'exec', tx: txId, sql }),
      rollback: async () => {
        throw new RollbackSignal();
      },
      get closed() {
        return closed;
      },
    };
    let result: T;
    try {
      result = await fn(tx);
    } catch (err) {
      closed = true;
      // If the rollback fails too (the thread died), the caller still gets the error that ended the work.
      await this.#call({ op: 'rollback', tx: txId }).catch(() => {});
      if (err instanceof RollbackSignal) return undefined as T;
      throw err;
    }
    closed = true;
    await this.#call({ op: 'commit', tx: txId });
    return result;
  }

  /** Stops the thread at once, as a crash would (for tests of what follows). */
  async terminate(): Promise<void> {
    await this.#worker.terminate();
  }

  async close(): Promise<void> {
    if (this.#closed || this.#dead) return;
    await this.#call({ op: 'close' });
    this.#closed = true;
    await this.#worker.terminate().catch(() => {});
  }
}

/** `tx.rollback()`: ends the transaction without committing, as PGlite's does. */
class RollbackSignal extends Error {
  constructor() {
    super('rolled back');
  }
}
