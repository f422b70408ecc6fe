/**
 * Migrated databases that the tests' databases start from (test-db.ts), made once per run by Vitest's global
 * setup (global-setup.ts) and kept while the migrations and PGlite stay the same.
 *
 * - PGlite: a new in-memory database runs initdb (~4 s here) and the migrations (~0.5 s); one loaded from a
 *   dump of a migrated database opens in ~1 s. The dump is a file in `.tmp/test-db/`.
 * - PostgreSQL: `CREATE DATABASE … TEMPLATE` copies a migrated database (~0.1 s) instead of migrating each
 *   test file's database (~0.4 s).
 *
 * Both are named by a hash of the migrations (and PGlite's version), so a changed migration makes a new one.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { openDb } from '../../src/db/client.ts';
import { migrateDb, migrationsFolder } from '../../src/db/migrate.ts';
import { PROJECT_ROOT } from '../../src/project-root.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The PGlite dump that test databases load (the pglite tier). */
    pgliteTemplate: string;
    /** The PostgreSQL database that test databases copy (the postgres tier). */
    postgresTemplate: string;
  }
}

/** A hash of every migration file and of PGlite's version: what a template's content depends on. */
export function migrationsKey(): string {
  const hash = createHash('sha256');
  const version = (
    JSON.parse(
      readFileSync(join(PROJECT_ROOT, 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8'),
    ) as { version: string }
  ).version;
  hash.update(`pglite ${version}\n`);
  const files = (dir: string, prefix = ''): string[] =>
    readdirSync(dir, { withFileTypes: true })
      .flatMap((e) =>
        e.isDirectory() ? files(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
      )
      .sort();
  for (const f of files(migrationsFolder)) {
    hash.update(`${f}\n`);
    hash.update(readFileSync(join(migrationsFolder, f)));
  }
  return hash.digest('hex').slice(0, 16);
}

/**
 * The path of a dump of a migrated PGlite database, written now unless this key's is there already; older
 * dumps in the folder are removed. Written under a temporary name and renamed, so a reader never sees half.
 */
export async function pgliteTemplate(key = migrationsKey()): Promise<string> {
  const dir = join(PROJECT_ROOT, '.tmp', 'test-db');
  const path = join(dir, `pglite-${key}.tar`);
  if (existsSync(path)) return path;
  mkdirSync(dir, { recursive: true });
  const handle = await openDb({ kind: 'pglite', thread: 'main' });
  try {
    await migrateDb(handle);
    const dump = await handle.pglite!.dumpDataDir('none');
    const part = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.part`;
    writeFileSync(part, Buffer.from(await dump.arrayBuffer()));
    renameSync(part, path);
  } finally {
    await handle.close();
  }
  for (const f of readdirSync(dir))
    if (f.startsWith('pglite-') && f !== `pglite-${key}.tar` && !f.endsWith('.part'))
      rmSync(join(dir, f), { force: true });
  return path;
}

const TEMPLATE_PREFIX = 'linli_tpl_';

/**
 * The name of a migrated database on the server of `adminUrl`, made now unless this key's exists: migrated
 * under a temporary name, then renamed (two runs at once: one rename wins, the other's copy is dropped).
 */
export async function postgresTemplate(adminUrl: string, key = migrationsKey()): Promise<string> {
  const name = `${TEMPLATE_PREFIX}${key}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const found = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return name;
    const part = `${name}_${randomBytes(4).toString('hex')}`;
    await admin.query(`CREATE DATABASE ${part}`);
    const url = new URL(adminUrl);
    url.pathname = `/${part}`;
    const handle = await openDb({ kind: 'postgres', url: url.toString() });
    try {
      await migrateDb(handle);
    } finally {
      await handle.close();
    }
    try {
      await admin.query(`ALTER DATABASE ${part} RENAME TO ${name}`);
    } catch (error) {
      await admin.query(`DROP DATABASE IF EXISTS ${part} WITH (FORCE)`);
      if ((error as { code?: string }).code !== '42P04') throw error; // 42P04: made meanwhile by another run
    }
    return name;
  } finally {
    await admin.end();
  }
}
