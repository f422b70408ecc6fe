/**
 * Which database Linli opens, read from the environment. Apart from the drivers (db/client.ts) so that the
 * start can read it before it loads them (cli/early.ts).
 */

export type DbConfig =
  /**
   * No dataDir: in memory. `thread`: where PGlite runs; 'worker' (the server's default) gives it a thread of
   * its own (pglite-worker-client.ts), 'main' runs it in the calling thread.
   */
  | {
      kind: 'pglite';
      dataDir?: string;
      thread?: 'worker' | 'main';
      compile?: 'lazy' | 'eager';
      /**
       * A file written from PGlite's `dumpDataDir()`: the database starts as that one, not empty (the tests
       * open each file's in-memory database from one already migrated: ~1 s instead of ~4.5 for initdb and the
       * migrations; test/support/db-template.ts).
       */
      loadDataDir?: string;
      /** The worker thread stopped unexpectedly (default: log and exit the process). */
      onDatabaseDeath?: (error: Error) => void;
    }
  | {
      kind: 'postgres';
      url: string;
      /** The pool's most connections (default: `defaultPoolMax()`). */
      max?: number;
      /** Run repeated statements as named prepared statements (pg-prepared.ts; default true). */
      prepare?: boolean;
    };

/**
 * Settings the embedded database starts with, beyond PGlite's own (which include `-F`, no fsync: its file
 * system writes reach the operating system at each commit but are not flushed to the disk, so a committed
 * transaction survives the process being killed, not the machine losing power; see docs/operations.md).
 * Full-page images in the WAL guard against pages torn by a power cut, which that already leaves
 * unprotected, and they cost about a tenth of the join path's database time (issue #7): off.
 */
export const PGLITE_EXTRA_START_PARAMS = ['-c', 'full_page_writes=off'];

/**
 * DATABASE_URL selects PostgreSQL (LINLI_PG_PREPARE=0: no named prepared statements; LINLI_PG_POOL_MAX: the
 * pool's size, a whole number of at least 1, else `defaultPoolMax()`); otherwise the embedded database in LINLI_DATA_DIR (default ./data), on a
 * thread of its own unless LINLI_PGLITE_THREAD=main, compiled as LINLI_PGLITE_COMPILE says (`eager` or `lazy`;
 * unset: the caller's default, lazy unless it says otherwise).
 */
export function dbConfigFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  defaults: { compile?: 'lazy' | 'eager' } = {},
): DbConfig {
  if (env.DATABASE_URL) {
    const max = env.LINLI_PG_POOL_MAX;
    if (max !== undefined && !/^[1-9]\d{0,3}$/.test(max))
      throw new Error(`LINLI_PG_POOL_MAX must be a whole number from 1 to 9999, not "${max}"`);
    return {
      kind: 'postgres',
      url: env.DATABASE_URL,
      ...(env.LINLI_PG_PREPARE === '0' ? { prepare: false } : {}),
      ...(max !== undefined ? { max: Number(max) } : {}),
    };
  }
  const compile = env.LINLI_PGLITE_COMPILE;
  return {
    kind: 'pglite',
    dataDir: env.LINLI_DATA_DIR ?? './data',
    thread: pgliteThread(env),
    compile: compile === 'eager' || compile === 'lazy' ? compile : (defaults.compile ?? 'lazy'),
  };
}

/** LINLI_PGLITE_THREAD: 'main' runs the embedded database in the server's own thread; anything else, a worker. */
export function pgliteThread(env: NodeJS.ProcessEnv = process.env): 'worker' | 'main' {
  return env.LINLI_PGLITE_THREAD === 'main' ? 'main' : 'worker';
}
