/**
 * Named prepared statements on PostgreSQL (node-postgres), as the embedded database's thread keeps them
 * (pglite-worker.mjs): a statement text the process sends a second time, with parameters, gets a name, and
 * each connection of the pool parses it under that name the first time it runs it; after that the
 * connection only binds and executes it (no parse, analysis or planning again, and a generic plan once
 * PostgreSQL finds it no dearer than custom ones).
 *
 * node-postgres tracks which names each connection has parsed and cannot close one, so names are never
 * reused or dropped: at most `max` texts are ever named (the app sends ~150 distinct texts; ids are passed as
 * one array parameter, never written into the text), texts over `maxText` characters are not, and neither
 * are texts without parameters (BEGIN, COMMIT, several statements in one text: the simple protocol).
 * A failed parse (a syntax error) is forgotten by node-postgres itself and parsed again next time.
 * Prepared statements outlive a rolled-back transaction (protocol-level, not SQL PREPARE), and PostgreSQL
 * plans them again when a table they read changes.
 */
import type pg from 'pg';

export class StatementNames {
  readonly #names = new Map<string, string>();
  readonly #seen = new Set<string>();
  /** Names given so far, retired ones included: a name is never given twice. */
  #given = 0;

  constructor(
    /** Most texts ever named. */
    readonly max = 256,
    /** Most texts remembered as seen once (a second sighting names them). */
    readonly seenMax = 2048,
    /** Longer texts are never named. */
    readonly maxText = 16 * 1024,
  ) {}

  /** The name to run `text` under, or undefined: its first sighting, too long, or `max` names given. */
  nameOf(text: string): string | undefined {
    const known = this.#names.get(text);
    if (known !== undefined) return known;
    if (text.length > this.maxText || this.#given >= this.max) return undefined;
    if (!this.#seen.delete(text)) {
      if (this.#seen.size < this.seenMax) this.#seen.add(text);
      return undefined;
    }
    const name = `linli_${++this.#given}`;
    this.#names.set(text, name);
    return name;
  }

  /**
   * Stops running `text` under its name: after a migration changed what a `SELECT *` returns, PostgreSQL
   * refuses to run the statement prepared before it. A later sighting names it afresh (counted in `max`),
   * so each connection parses it again; the old statement stays, unused, until the connection closes.
   */
  retire(text: string): void {
    this.#names.delete(text);
  }

  /** How many names have been given (at most `max`). */
  get size(): number {
    return this.#given;
  }
}

interface QueryConfigLike {
  text?: unknown;
  name?: unknown;
  values?: unknown;
  submit?: unknown;
}

/** The query's text when it should run under a name (a text with parameters; not a Query object). */
function nameable(config: unknown, values: unknown): string | undefined {
  if (typeof config === 'string') return Array.isArray(values) && values.length > 0 ? config : undefined;
  if (config === null || typeof config !== 'object') return undefined;
  const c = config as QueryConfigLike;
  // A Query or Cursor object (submit), a config that names itself, or one without text: as it is.
  if (typeof c.text !== 'string' || c.name !== undefined || typeof c.submit === 'function') return undefined;
  const params = Array.isArray(values) ? values : c.values;
  return Array.isArray(params) && params.length > 0 ? c.text : undefined;
}

/** PostgreSQL's answer to a prepared statement whose result columns a schema change has changed. */
function resultTypeChanged(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown } | null;
  return (
    e?.code === '0A000' &&
    typeof e.message === 'string' &&
    e.message.includes('cached plan must not change result type')
  );
}

/**
 * A pg Client class for `new pg.Pool({ Client })` whose queries run as named statements (see above). `Client`
 * is node-postgres's own, passed in: the module is loaded only when PostgreSQL is used (client.ts).
 */
export function preparingClient(names: StatementNames, Client: typeof pg.Client): typeof pg.Client {
  return class PreparingClient extends Client {
    // Every overload of Client.query goes through here: only the statement's name changes.
    override query(...args: unknown[]): never {
      const text = nameable(args[0], args[1]);
      const name = text === undefined ? undefined : names.nameOf(text);
      if (text === undefined || name === undefined)
        return (super.query as (...a: unknown[]) => never)(...args);
      // A copy: the caller (Drizzle) reuses its config object.
      args[0] = typeof args[0] === 'string' ? { text, name } : { ...(args[0] as object), name };
      const retireOn = (error: unknown) => {
        if (resultTypeChanged(error)) names.retire(text);
      };
      // The pool (pool.query) passes a callback; a checked-out client (a transaction) takes the promise.
      const last = args.length - 1;
      const callback = args[last];
      if (typeof callback === 'function')
        args[last] = (error: unknown, result: unknown) => {
          retireOn(error);
          (callback as (e: unknown, r: unknown) => void)(error, result);
        };
      const result = (super.query as (...a: unknown[]) => unknown)(...args);
      if (result instanceof Promise) result.then(undefined, retireOn);
      return result as never;
    }
  };
}
