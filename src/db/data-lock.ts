import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE = 'linli.lock';

/** Thrown when another live process holds the data folder. The message says what to do. */
export class DataDirLockedError extends Error {
  constructor(
    readonly lockPath: string,
    readonly holderPid: number,
    readonly holderCommand: string,
  ) {
    super(
      `The data folder is in use by another Linli process (pid ${holderPid}, "${holderCommand}"). ` +
        `Stop it first (the embedded database belongs to one process), or set DATABASE_URL to use PostgreSQL. ` +
        `If you are sure no Linli process is running, delete ${lockPath}.`,
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataLock {
  path: string;
  /** Removes the lock file if it is still ours. Safe to call twice. */
  release(): void;
}

export interface AcquireOptions {
  /** What the holder is doing, shown to whoever is refused ("serve", "seed"). */
  command: string;
  /** Told when a stale lock of a dead process is taken over. */
  onStale?: (message: string) => void;
  /** For tests: whether a pid is alive. */
  isAlive?: (pid: number) => boolean;
  pid?: number;
}

interface LockContent {
  pid: number;
  command: string;
}

/** process.kill(pid, 0) sends nothing; it only asks whether the process exists (EPERM: it does, not ours). */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(path: string): LockContent | null {
  try {
    const [pidLine = '', command = 'unknown'] = readFileSync(path, 'utf8').split('\n');
    return { pid: Number.parseInt(pidLine, 10), command: command.trim() || 'unknown' };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/**
 * Takes the data folder's lock file (O_EXCL create, our pid inside). A lock left by a dead process is taken
 * over; a live holder makes this throw DataDirLockedError. The lock is released on release() or process exit.
 */
export function acquireDataLock(dataDir: string, options: AcquireOptions): DataLock {
  const isAlive = options.isAlive ?? isProcessAlive;
  const pid = options.pid ?? process.pid;
  const path = join(dataDir, LOCK_FILE);
  mkdirSync(dataDir, { recursive: true });

  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o644);
      writeSync(fd, `${pid}\n${options.command}\n${new Date().toISOString()}\n`);
      closeSync(fd);
      return makeLock(path, pid);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readLock(path);
    if (!holder) continue; // released between our open and read: try again
    if (holder.pid !== pid && isAlive(holder.pid))
      throw new DataDirLockedError(path, holder.pid, holder.command);
    options.onStale?.(
      `Taking over a stale lock in ${dataDir} (pid ${Number.isNaN(holder.pid) ? '?' : holder.pid} is not running; ` +
        `it probably crashed or was killed).`,
    );
    try {
      unlinkSync(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  throw new Error(`Could not take the lock ${path}: another process keeps recreating it`);
}

function makeLock(path: string, pid: number): DataLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    // Only remove the file if it is still ours: a takeover by another process must not be undone.
    if (readLock(path)?.pid !== pid) return;
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
  };
  process.on('exit', release);
  return { path, release };
}
