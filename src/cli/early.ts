/**
 * What `linli serve` does before the rest of Linli is loaded: on the embedded database, it takes the data
 * folder's lock and starts the database's thread, so that PGlite opens (~0.9–1.5 s) while this thread loads and
 * evaluates the server's code (~0.3–0.5 s) instead of after it. bin/linli.js bundles this file on its own and
 * runs it first; the serve command then takes the lock (`takeEarlyLock`) and PGliteWorkerClient the thread
 * (db/database-thread.ts). Anything unusual (other arguments, PostgreSQL, the database on the main thread,
 * eager compiling, a lock held by another process) starts nothing here, and the command does all of it as before.
 */
import { acquireDataLock, type DataLock } from '../db/data-lock.ts';
import { dbConfigFromEnv, PGLITE_EXTRA_START_PARAMS, type DbConfig } from '../db/db-config.ts';
import { closeEarlyDatabaseThread, startDatabaseThreadEarly } from '../db/database-thread.ts';

/** Kept on `globalThis`: the bundle that takes it has its own copy of this module (database-thread.ts). */
const EARLY_LOCK = Symbol.for('linli.early.lock');
const holder = globalThis as { [EARLY_LOCK]?: { dataDir: string; lock: DataLock } };

/** serve's arguments known to be valid; with any other, the command reads them first, as before. */
const PLAIN_SERVE_ARGS = new Set(['--no-demo', '--no-web']);

/** Starts opening the embedded database for `linli serve`; whether it did. Never throws. */
export function openEarly(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  log: (message: string) => void = (m) => process.stderr.write(`${m}\n`),
): boolean {
  const [command, ...rest] = argv;
  if (command !== 'serve' || !rest.every((a) => PLAIN_SERVE_ARGS.has(a)) || holder[EARLY_LOCK]) return false;
  let config: DbConfig;
  try {
    // As serve reads it (it starts the server with pgliteCompile 'lazy').
    config = dbConfigFromEnv(env, { compile: 'lazy' });
  } catch {
    return false;
  }
  if (config.kind !== 'pglite' || !config.dataDir || config.thread !== 'worker' || config.compile !== 'lazy')
    return false;
  let lock: DataLock;
  try {
    lock = acquireDataLock(config.dataDir, { command: 'serve', onStale: log });
  } catch {
    return false; // held by a live process: serve tries again and says so
  }
  holder[EARLY_LOCK] = { dataDir: config.dataDir, lock };
  startDatabaseThreadEarly({ dataDir: config.dataDir, extraStartParams: PGLITE_EXTRA_START_PARAMS });
  return true;
}

/** The lock `openEarly` took for this database, now the caller's to release; null if it took none. */
export function takeEarlyLock(config: DbConfig): DataLock | null {
  const early = holder[EARLY_LOCK];
  if (!early || config.kind !== 'pglite' || config.dataDir !== early.dataDir) return null;
  delete holder[EARLY_LOCK];
  return early.lock;
}

/**
 * When the command has ended: closes a thread nobody took and releases a lock nobody took (serve refused its
 * arguments or environment before it opened the database).
 */
export async function endEarly(): Promise<void> {
  await closeEarlyDatabaseThread();
  const early = holder[EARLY_LOCK];
  delete holder[EARLY_LOCK];
  early?.lock.release();
}
