/**
 * The yardstick for PostgreSQL: how many single-row UPDATEs of ONE hot row the same server sustains (pgbench,
 * 16 clients, 10 s, `UPDATE … WHERE id = 1`). Every join has to update its buy's row, so a join path that
 * commits one join per transaction cannot beat this; group commit should.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { adminDatabaseUrl } from './support.ts';

const run = promisify(execFile);

export interface HotRowResult {
  updatesPerSec: number;
  clients: number;
  seconds: number;
}

/** null when pgbench is not installed (apt-get install postgresql-client). */
export async function hotRow(clients = 16, seconds = 10): Promise<HotRowResult | null> {
  try {
    await run('pgbench', ['--version']);
  } catch {
    return null;
  }
  const adminUrl = adminDatabaseUrl();
  const name = `linli_hotrow_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const dir = mkdtempSync(join(tmpdir(), 'linli-hotrow-'));
  try {
    const db = new pg.Client({ connectionString: url.toString() });
    await db.connect();
    await db.query('CREATE TABLE hot (id integer PRIMARY KEY, n bigint NOT NULL)');
    await db.query('INSERT INTO hot VALUES (1, 0)');
    await db.end();
    const script = join(dir, 'hot.sql');
    writeFileSync(script, 'UPDATE hot SET n = n + 1 WHERE id = 1;\n');
    const { stdout } = await run(
      'pgbench',
      ['-n', '-c', String(clients), '-j', '2', '-T', String(seconds), '-f', script, url.toString()],
      { timeout: (seconds + 30) * 1000 },
    );
    const tps = /tps = ([\d.]+)/.exec(stdout)?.[1];
    if (!tps) throw new Error(`pgbench printed no tps:\n${stdout}`);
    return { updatesPerSec: Number(tps), clients, seconds };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    const a = new pg.Client({ connectionString: adminUrl });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await a.end();
  }
}
