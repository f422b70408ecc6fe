import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import type { PgDatabase, PgQueryResultHKT, PgTransaction } from 'drizzle-orm/pg-core';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type pg from 'pg';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import v8 from 'node:v8';
import * as schema from './schema/index.ts';
import { PGliteWorkerClient, type ScriptResult, type ScriptStatement } from './pglite-worker-client.ts';
import { preparingClient, StatementNames } from './pg-prepared.ts';
import { dbConfigFromEnv, pgliteThread, PGLITE_EXTRA_START_PARAMS, type DbConfig } from './db-config.ts';

export type Schema = typeof schema;
/** The Drizzle database, whichever driver is underneath. Repositories take this or a transaction. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = PgTransaction<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;
/** Anything a repository method can run its statements on: the database or an open transaction. */
export type Executor = Db | Tx;

export interface DbHandle {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** The raw PGlite instance (embedded database on the main thread only). */
  pglite?: PGlite;
  /** The pg pool (PostgreSQL only), for LISTEN/NOTIFY. */
  pool?: pg.Pool;
  /** A whole transaction in one message (the embedded database on its own thread only): see PGliteWorkerClient. */
  script?: (statements: readonly ScriptStatement[]) => Promise<ScriptResult>;
  /** CPU seconds the embedded database's own thread has used so far (on its own thread, on Linux; else absent). */
  threadCpuSeconds?: () => number | null;
  /** Statement texts named for preparing so far and the most ever named (PostgreSQL with prepare on only). */
  preparedStatements?: () => { named: number; max: number };
  /** The pool's connections now (PostgreSQL only): open, idle, requests waiting for one, and its most. */
  poolConnections?: () => PoolConnections;
  close(): Promise<void>;
}

export interface PoolConnections {
  open: number;
  idle: number;
  waiting: number;
  max: number;
}

export { dbConfigFromEnv, pgliteThread, PGLITE_EXTRA_START_PARAMS, type DbConfig };

/**
 * The PostgreSQL pool's size when LINLI_PG_POOL_MAX does not set it: twice this machine's cores, at least 4 and
 * at most 20 (4 on a machine of two cores). A connection beyond what the cores can run costs without helping:
 * the pool opens connections as requests find none idle, and a rush with phones reading beside it opened the
 * pool's 20 within the rush, each a new PostgreSQL process that reads its catalogs and prepares its statements
 * afresh, on the cores the rush needs (docs/benchmarks.md, forty-fifth session). The machine PostgreSQL runs on
 * may have more cores than this one: set LINLI_PG_POOL_MAX for it (docs/operations.md).
 */
export const defaultPoolMax = (cores: number = availableParallelism()): number =>
  Math.min(20, Math.max(4, 2 * cores));

/** Opens the embedded PGlite (default) or a PostgreSQL pool when a URL is given. */
export async function openDb(config: DbConfig): Promise<DbHandle> {
  const { handle, opened } = await startDb(config);
  await opened;
  return handle;
}

/** A database as `startDb` hands it over: usable now, its statements waiting until it is `opened`. */
export interface StartingDb {
  handle: DbHandle;
  /** Resolves when the database is open; rejects if it cannot be (the handle is then useless). */
  opened: Promise<void>;
}

/**
 * As `openDb`, but the embedded database on its own thread is handed over while it opens (~1 s): statements
 * sent meanwhile wait for it, and the caller can do other work in that time (src/main.ts builds the app).
 * PostgreSQL and PGlite on this thread are open when handed over.
 */
export async function startDb(config: DbConfig): Promise<StartingDb> {
  if (config.kind === 'postgres') {
    // Loaded here, not at the top: node-postgres asks at load whether it runs on Cloudflare by making a
    // `Response`, which loads Node's fetch (~50–60 ms of every start of the embedded database, measured).
    const [{ default: pgLib }, { drizzle: drizzlePg }] = await Promise.all([
      import('pg'),
      import('drizzle-orm/node-postgres'),
    ]);
    const names = config.prepare === false ? null : new StatementNames();
    const pool = new pgLib.Pool({
      connectionString: config.url,
      max: config.max ?? defaultPoolMax(),
      ...(names ? { Client: preparingClient(names, pgLib.Client) } : {}),
    });
    // A pool error (a server restart) must not crash the process; queries will fail and be retried by callers.
    pool.on('error', () => {});
    const db = drizzlePg({ client: pool, schema, casing: 'snake_case' }) as unknown as Db;
    const max = pool.options.max;
    const handle: DbHandle = {
      db,
      kind: 'postgres',
      pool,
      poolConnections: () => ({
        open: pool.totalCount,
        idle: pool.idleCount,
        waiting: pool.waitingCount,
        max,
      }),
      ...(names ? { preparedStatements: () => ({ named: names.size, max: names.max }) } : {}),
      close: () => pool.end(),
    };
    return { handle, opened: Promise.resolve() };
  }
  // V8 compiles WebAssembly with a quick baseline compiler and optimises hot functions later, as they run:
  // a fast start, but the first seconds of heavy use run slower code and spend CPU on compiling. 'eager'
  // optimises all of PGlite before it opens (~1.3 s more at start; a rush right after a start then runs
  // ~15 % faster with a lower p99, but a restart into a rush still ends later: bench/restart.ts).
  // Process-wide: PGlite is its only WebAssembly.
  if (config.compile === 'eager') v8.setFlagsFromString('--no-liftoff');
  if (config.thread === 'worker') {
    // The database thread dying (PGlite aborting) leaves nothing to serve: stop, so a supervisor restarts
    // the server (and PGlite recovers from its WAL), rather than answer every request with an error.
    const client = await PGliteWorkerClient.start(
      config.dataDir,
      PGLITE_EXTRA_START_PARAMS,
      config.onDatabaseDeath ??
        ((err) => {
          console.error(`The embedded database stopped: ${err.message}. Exiting.`);
          process.exit(1);
        }),
      config.loadDataDir ? { loadDataDir: config.loadDataDir } : {},
    );
    // Drizzle's PGlite driver calls only query, exec and transaction, which the worker client provides.
    const db = drizzlePglite({
      client: client as unknown as PGlite,
      schema,
      casing: 'snake_case',
    }) as unknown as Db;
    const handle: DbHandle = {
      db,
      kind: 'pglite',
      script: (statements) => client.script(statements),
      // (Only where the thread's CPU time can be read: Linux.)
      ...(process.platform === 'linux' ? { threadCpuSeconds: () => client.threadCpuSeconds() } : {}),
      close: () => client.close(),
    };
    return { handle, opened: client.opened };
  }
  const pglite = await PGlite.create(config.dataDir, {
    startParams: [...PGlite.defaultStartParams, ...PGLITE_EXTRA_START_PARAMS],
    ...(config.loadDataDir ? { loadDataDir: new Blob([readFileSync(config.loadDataDir)]) } : {}),
  });
  const db = drizzlePglite({ client: pglite, schema, casing: 'snake_case' }) as unknown as Db;
  return { handle: { db, kind: 'pglite', pglite, close: () => pglite.close() }, opened: Promise.resolve() };
}
