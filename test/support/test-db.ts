import pg from 'pg';
import { inject } from 'vitest';
import { openDb, pgliteThread, type DbHandle } from '../../src/db/client.ts';
import { migrateDb } from '../../src/db/migrate.ts';

/**
 * A fresh, migrated database for one test file: in-memory PGlite by default (on a worker thread, as served), or a throw-away database on
 * the PostgreSQL server of TEST_DATABASE_URL when the "postgres" Vitest project runs (LINLI_TEST_DB=postgres).
 * Each starts as a copy of the run's migrated template (db-template.ts, made by global-setup.ts); the
 * migrations run on it too, and find nothing to do.
 */
export async function createTestDb(): Promise<DbHandle> {
  if (process.env.LINLI_TEST_DB !== 'postgres') {
    // On its own thread, as the server runs it (LINLI_PGLITE_THREAD=main for the in-process variant).
    const loadDataDir = inject('pgliteTemplate');
    const handle = await openDb({
      kind: 'pglite',
      thread: pgliteThread(),
      ...(loadDataDir ? { loadDataDir } : {}),
    });
    await migrateDb(handle);
    return handle;
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('LINLI_TEST_DB=postgres needs TEST_DATABASE_URL');
  const name = `linli_t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const template = inject('postgresTemplate');
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  // The pool as a server on this machine has it (defaultPoolMax).
  const handle = await openDb({ kind: 'postgres', url: url.toString() });
  await migrateDb(handle);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}
