/**
 * The embedded database's thread (pglite-worker.mjs) as it starts: the Worker and the promise of its "ready"
 * message, which is kept from the moment the thread starts, so that whoever takes the thread later (a
 * PGliteWorkerClient) cannot miss it. Light on purpose: the start loads this before anything else
 * (cli/early.ts), so that the database opens on its thread while the rest of the server is loaded.
 */
import { Worker } from 'node:worker_threads';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../project-root.ts';

const WORKER_FILE = join(PROJECT_ROOT, 'src', 'db', 'pglite-worker.mjs');

/** What the thread opens (pglite-worker.mjs reads it as its workerData). */
export interface DatabaseThreadData {
  /** The data folder; none: in memory. */
  dataDir?: string;
  extraStartParams: readonly string[];
  /** Statements kept prepared at most (default 256). */
  preparedMax?: number;
  /** A file written from PGlite's `dumpDataDir()` that the database starts as. */
  loadDataDir?: string;
}

/** The thread's message once the database is open. */
export interface DatabaseReady {
  ready?: boolean;
  arrayTypes?: { oid: number; typarray: number }[];
  /** The thread's Linux id, or null elsewhere. */
  tid?: number | null;
}

export interface DatabaseThread {
  data: DatabaseThreadData;
  worker: Worker;
  /** Resolves when the database is open; rejects if the thread fails first. */
  ready: Promise<DatabaseReady>;
}

/** Starts the thread; it opens the database at once. */
export function startDatabaseThread(data: DatabaseThreadData): DatabaseThread {
  const worker = new Worker(WORKER_FILE, { workerData: data });
  const ready = new Promise<DatabaseReady>((resolve, reject) => {
    const onMessage = (msg: DatabaseReady) => {
      if (!msg.ready) return;
      worker.off('error', onError);
      worker.off('message', onMessage);
      resolve(msg);
    };
    const onError = (err: Error) => {
      worker.off('message', onMessage);
      reject(err);
    };
    worker.on('message', onMessage);
    worker.once('error', onError);
  });
  // Whoever takes the thread awaits it; until then a failure must not count as unhandled.
  ready.catch(() => {});
  return { data, worker, ready };
}

/** Whether two threads would open the same database the same way. */
export function sameThreadData(a: DatabaseThreadData, b: DatabaseThreadData): boolean {
  return (
    a.dataDir === b.dataDir &&
    a.preparedMax === b.preparedMax &&
    a.loadDataDir === b.loadDataDir &&
    a.extraStartParams.length === b.extraStartParams.length &&
    a.extraStartParams.every((p, i) => p === b.extraStartParams[i])
  );
}

/**
 * A thread started before the code that takes it was loaded is kept on `globalThis`, not in this module:
 * the start (bin/linli.js) loads cli/early.ts as a bundle of its own, with its own copy of this module.
 */
const EARLY = Symbol.for('linli.databaseThread.early');
const holder = globalThis as { [EARLY]?: DatabaseThread };

/** Starts the thread now, for the first `takeDatabaseThread` with the same data (cli/early.ts). */
export function startDatabaseThreadEarly(data: DatabaseThreadData): void {
  holder[EARLY] ??= startDatabaseThread(data);
}

/**
 * The thread started early for this data, or a new one. One started early for other data is closed first
 * (two threads must never have one data folder open at once).
 */
export async function takeDatabaseThread(data: DatabaseThreadData): Promise<DatabaseThread> {
  const early = holder[EARLY];
  if (early) {
    delete holder[EARLY];
    if (sameThreadData(early.data, data)) return early;
    await closeDatabaseThread(early);
  }
  return startDatabaseThread(data);
}

/** Closes the thread started early if nobody took it (the command ended before it opened its database). */
export async function closeEarlyDatabaseThread(): Promise<void> {
  const early = holder[EARLY];
  if (!early) return;
  delete holder[EARLY];
  await closeDatabaseThread(early);
}

/** Whether a thread started early waits to be taken. */
export const hasEarlyDatabaseThread = (): boolean => holder[EARLY] !== undefined;

/**
 * Lets the database finish opening, then closes it as PGliteWorkerClient.close() does (a clean shutdown, not a
 * crash to recover from at the next start); a thread that has not stopped 10 s later is terminated.
 */
async function closeDatabaseThread(thread: DatabaseThread, timeoutMs = 10_000): Promise<void> {
  const exited = new Promise<void>((resolve) => thread.worker.once('exit', () => resolve()));
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  const opened = await Promise.race([
    thread.ready.then(
      () => true,
      () => false,
    ),
    timedOut.then(() => false),
  ]);
  if (opened) thread.worker.postMessage({ op: 'close', id: 0 });
  await Promise.race([exited, timedOut]);
  clearTimeout(timer);
  await thread.worker.terminate().catch(() => {});
}
