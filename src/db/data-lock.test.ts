import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireDataLock, DataDirLockedError, isProcessAlive, LOCK_FILE } from './data-lock.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'linli-lock-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('acquireDataLock', () => {
  it('writes our pid and the command, and removes the file on release', () => {
    const lock = acquireDataLock(dir, { command: 'serve' });
    const [pid, command] = readFileSync(join(dir, LOCK_FILE), 'utf8').split('\n');
    expect(Number(pid)).toBe(process.pid);
    expect(command).toBe('serve');
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false);
    lock.release(); // twice is fine
  });

  it('creates the data folder when it does not exist', () => {
    const nested = join(dir, 'a', 'b');
    acquireDataLock(nested, { command: 'serve' }).release();
    expect(existsSync(nested)).toBe(true);
  });

  it('refuses while a live process holds the lock', () => {
    // Our parent (the test runner) is alive and is not us: a real live holder.
    writeFileSync(join(dir, LOCK_FILE), `${process.ppid}\nserve\n`);
    expect(() => acquireDataLock(dir, { command: 'seed' })).toThrow(DataDirLockedError);
    try {
      acquireDataLock(dir, { command: 'seed' });
    } catch (err) {
      expect((err as Error).message).toMatch(/in use by another Linli process \(pid \d+, "serve"\)/);
      expect((err as Error).message).toContain(join(dir, LOCK_FILE));
    }
    // The holder's file is left alone.
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8')).toContain(String(process.ppid));
  });

  it('a second acquire in another process is refused while the first holds it', () => {
    const first = acquireDataLock(dir, { command: 'serve', pid: 1001, isAlive: () => true });
    expect(() => acquireDataLock(dir, { command: 'seed', pid: 1002, isAlive: () => true })).toThrow(
      /pid 1001, "serve"/,
    );
    first.release();
  });

  it('takes over the stale lock of a dead process, and says so', () => {
    writeFileSync(join(dir, LOCK_FILE), `999999\nserve\n`);
    const messages: string[] = [];
    const lock = acquireDataLock(dir, {
      command: 'serve',
      isAlive: () => false,
      onStale: (m) => messages.push(m),
    });
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/stale lock .*\(pid 999999 is not running/);
    expect(Number(readFileSync(join(dir, LOCK_FILE), 'utf8').split('\n')[0])).toBe(process.pid);
    lock.release();
  });

  it('takes over a lock with our own pid (a restarted container is often pid 1 again)', () => {
    writeFileSync(join(dir, LOCK_FILE), `${process.pid}\nserve\n`);
    const lock = acquireDataLock(dir, { command: 'serve' });
    lock.release();
  });

  it('treats a garbled lock file as stale', () => {
    writeFileSync(join(dir, LOCK_FILE), 'garbage');
    acquireDataLock(dir, { command: 'serve', onStale: () => {} }).release();
  });

  it('release does not remove a lock that another process took over', () => {
    const lock = acquireDataLock(dir, { command: 'serve' });
    writeFileSync(join(dir, LOCK_FILE), `4242\nserve\n`);
    lock.release();
    expect(existsSync(join(dir, LOCK_FILE))).toBe(true);
  });
});

describe('isProcessAlive', () => {
  it('knows ourselves and rejects nonsense pids', () => {
    expect(isProcessAlive(process.pid)).toBe(true);
    expect(isProcessAlive(0)).toBe(false);
    expect(isProcessAlive(Number.NaN)).toBe(false);
    expect(isProcessAlive(2 ** 22 + 12345)).toBe(false);
  });
});
