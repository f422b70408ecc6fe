import { join, resolve } from 'node:path';
import { dbConfigFromEnv, openDb, type DbConfig, type DbHandle } from '../db/client.ts';
import { migrateDb } from '../db/migrate.ts';
import { acquireDataLock, type DataLock } from '../db/data-lock.ts';
import { createContainer, type Container } from '../container.ts';
import type { Io } from './io.ts';

/** "the embedded database in /srv/linli/data" or "PostgreSQL at db.example:5432/linli" (never the password). */
export function describeDb(config: DbConfig): string {
  if (config.kind === 'pglite') return `the embedded database in ${resolve(config.dataDir ?? '.')}`;
  try {
    const url = new URL(config.url);
    return `PostgreSQL at ${url.host}${url.pathname}`;
  } catch {
    return 'PostgreSQL (DATABASE_URL)';
  }
}

/** The embedded database's folder belongs to one process: take its lock (throws DataDirLockedError if held). */
export function lockDataDir(config: DbConfig, command: string, io: Io): DataLock | null {
  if (config.kind !== 'pglite' || !config.dataDir) return null;
  return acquireDataLock(config.dataDir, { command, onStale: (m) => io.err(m) });
}

/**
 * For the one-shot commands (migrate, demo, seed): lock the data folder, open and migrate the configured
 * database, run `fn`, and always close and unlock.
 */
export async function withDatabase<T>(
  io: Io,
  command: string,
  fn: (container: Container, handle: DbHandle, config: DbConfig) => Promise<T>,
): Promise<T> {
  const config = dbConfigFromEnv(io.env);
  const lock = lockDataDir(config, command, io);
  let handle: DbHandle | null = null;
  try {
    handle = await openDb(config);
    await migrateDb(handle);
    // The files beside the data (payment codes, photos) go where the command's environment says, as the
    // server's do (src/main.ts), not where this process's says.
    const filesDir = join(io.env.LINLI_DATA_DIR ?? './data', 'files');
    return await fn(createContainer(handle, { filesDir }), handle, config);
  } finally {
    await handle?.close();
    lock?.release();
  }
}
