import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { dbConfigFromEnv, openDb } from '../db/client.ts';
import { LOCK_FILE } from '../db/data-lock.ts';
import { hasEarlyDatabaseThread } from '../db/database-thread.ts';
import { PROJECT_ROOT } from '../project-root.ts';
import { endEarly, openEarly, takeEarlyLock } from './early.ts';

const run = promisify(execFile);
const BIN = join(PROJECT_ROOT, 'bin', 'linli.js');

// The start of `linli serve` before the server's code loads (bin/linli.js): the data folder's lock and the
// embedded database's thread, taken over by the command. (The embedded database only: nothing here opens
// PostgreSQL, so it runs on the pglite tier.)
describe.skipIf(process.env.LINLI_TEST_DB === 'postgres')('the early start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'linli-early-'));
  afterEach(() => endEarly());
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs from bin/linli.js: a serve that refuses its environment exits 1, its database closed and its folder unlocked', async () => {
    const env = { LINLI_DATA_DIR: join(dir, 'db') };
    const refused = await run(process.execPath, [BIN, 'serve', '--no-web'], {
      env: { ...process.env, ...env, PORT: '80a', DATABASE_URL: '' },
    }).catch((e: { code: number; stderr: string }) => e);
    expect('code' in refused && refused.code).toBe(1);
    expect(refused.stderr).toMatch(/PORT must be a number from 0 to 65535/);
    expect(existsSync(join(env.LINLI_DATA_DIR, LOCK_FILE))).toBe(false);
    // The early start ran: it took the folder's lock, which made the folder (serve itself touches nothing before
    // it reads its environment). Whether the database got as far as PG_VERSION is not asserted: the exit waits
    // up to 10 s for the open to finish, then ends its thread, and a CI run with both tiers' files on two cores
    // once took longer than that (session 68).
    expect(existsSync(env.LINLI_DATA_DIR)).toBe(true);
  });

  it('locks the folder and opens the database for serve, and the command takes both', async () => {
    const env = { LINLI_DATA_DIR: join(dir, 'db') };
    expect(openEarly(['serve', '--no-web'], env, () => {})).toBe(true);
    const lockPath = join(env.LINLI_DATA_DIR, LOCK_FILE);
    expect(readFileSync(lockPath, 'utf8').split('\n').slice(0, 2)).toEqual([String(process.pid), 'serve']);
    expect(hasEarlyDatabaseThread()).toBe(true);

    const lock = takeEarlyLock(dbConfigFromEnv(env));
    expect(lock?.path).toBe(lockPath);
    expect(takeEarlyLock(dbConfigFromEnv(env))).toBeNull(); // once
    const handle = await openDb(dbConfigFromEnv(env, { compile: 'lazy' }));
    expect(hasEarlyDatabaseThread()).toBe(false); // the handle runs on it
    const rows = (await handle.db.execute(sql`SELECT 1 AS one`)) as unknown as { rows: unknown[] };
    expect(rows.rows).toEqual([{ one: 1 }]);
    await handle.close();
    lock!.release();
    expect(existsSync(lockPath)).toBe(false);
  });

  it('starts nothing for other commands, other arguments, PostgreSQL, the main thread, eager compiling or a held folder', async () => {
    const held = join(dir, 'held');
    const base = { LINLI_DATA_DIR: held };
    const cases: [string[], NodeJS.ProcessEnv][] = [
      [['migrate'], base],
      [[], base],
      [['serve', '--help'], base],
      [['serve', '-h'], base],
      [['serve', '--port', '80'], base],
      [['serve'], { ...base, DATABASE_URL: 'postgres://127.0.0.1:1/none' }],
      [['serve'], { ...base, LINLI_PGLITE_THREAD: 'main' }],
      [['serve'], { ...base, LINLI_PGLITE_COMPILE: 'eager' }],
    ];
    for (const [argv, env] of cases) {
      expect(
        openEarly(argv, env, () => {}),
        JSON.stringify([argv, env]),
      ).toBe(false);
      expect(existsSync(join(held, LOCK_FILE))).toBe(false);
    }
    // Another live process holds the folder: serve itself is refused, with the holder named (cli.test.ts).
    mkdirSync(held);
    writeFileSync(join(held, LOCK_FILE), `${process.ppid}\nserve\n`);
    expect(openEarly(['serve'], base, () => {})).toBe(false);
    expect(readFileSync(join(held, LOCK_FILE), 'utf8')).toBe(`${process.ppid}\nserve\n`);
    expect(hasEarlyDatabaseThread()).toBe(false);
  });

  it('closes what the command did not take, then unlocks, and the folder opens cleanly again', async () => {
    const env = { LINLI_DATA_DIR: join(dir, 'db') };
    const told: string[] = [];
    expect(openEarly(['serve', '--no-demo', '--no-web'], env, (m) => told.push(m))).toBe(true);
    await endEarly(); // as bin/linli.js does when serve refused its environment
    expect(hasEarlyDatabaseThread()).toBe(false);
    expect(existsSync(join(env.LINLI_DATA_DIR, LOCK_FILE))).toBe(false);
    // Not a stale lock, and the database was shut down: it opens again.
    expect(openEarly(['serve'], env, (m) => told.push(m))).toBe(true);
    expect(told).toEqual([]);
    const lock = takeEarlyLock(dbConfigFromEnv(env));
    const handle = await openDb(dbConfigFromEnv(env, { compile: 'lazy' }));
    await handle.close();
    lock!.release();
  });

  it('closes a thread started for another folder before it opens the one asked for', async () => {
    const env = { LINLI_DATA_DIR: join(dir, 'db') };
    expect(openEarly(['serve'], env, () => {})).toBe(true);
    // In memory, from the run's migrated database (test/support/db-template.ts).
    const other = await openDb({ kind: 'pglite', thread: 'worker', loadDataDir: inject('pgliteTemplate') });
    expect(hasEarlyDatabaseThread()).toBe(false);
    await other.close();
    // Its lock stays until the command ends (endEarly, afterEach) or takes it.
    expect(existsSync(join(env.LINLI_DATA_DIR, LOCK_FILE))).toBe(true);
  });
});
