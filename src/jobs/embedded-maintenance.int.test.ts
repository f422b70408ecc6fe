import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { DbHandle } from '../db/client.ts';
import { createTestDb } from '../../test/support/test-db.ts';
import { maintainTables, startEmbeddedMaintenanceJob } from './embedded-maintenance.ts';

describe('embedded database maintenance job', () => {
  let handle: DbHandle;
  beforeAll(async () => {
    handle = await createTestDb();
    // A table of ~20 pages beside the (empty) schema tables.
    await handle.db.execute(
      sql`CREATE TABLE filler AS SELECT g AS n, repeat('x', 100) AS pad FROM generate_series(1, 1500) g`,
    );
  });
  afterAll(() => handle.close());

  const lastRuns = async (table: string) => {
    const result = (await handle.db.execute(
      sql`SELECT last_analyze, last_vacuum FROM pg_stat_user_tables WHERE relname = ${table}`,
    )) as unknown as { rows: { last_analyze: unknown; last_vacuum: unknown }[] };
    return result.rows[0]!;
  };

  it.skipIf(process.env.LINLI_TEST_DB === 'postgres')(
    'leaves tables under ten pages alone (an empty orders table analyzed as empty kept whole-table plans)',
    async () => {
      expect(await maintainTables(handle.db, 'analyze')).toEqual(['filler']);
      expect((await lastRuns('orders')).last_analyze).toBeNull();
    },
  );

  it.skipIf(process.env.LINLI_TEST_DB === 'postgres')(
    'on the embedded database, refreshes statistics and vacuums on its schedule; stop waits for the pass',
    async () => {
      const errors: unknown[] = [];
      const job = startEmbeddedMaintenanceJob(handle, {
        firstAfterMs: 5,
        analyzeEveryMs: 60_000,
        vacuumEveryMs: 0, // due at once: the first pass is a VACUUM (ANALYZE)
        log: (err) => errors.push(err),
      });
      await new Promise((r) => setTimeout(r, 300));
      await job.stop();
      expect(errors).toEqual([]);
      const runs = await lastRuns('filler');
      expect(runs.last_analyze).not.toBeNull();
      expect(runs.last_vacuum).not.toBeNull();
      expect(await lastRuns('households')).toEqual({ last_analyze: null, last_vacuum: null });
    },
  );

  it.skipIf(process.env.LINLI_TEST_DB !== 'postgres')(
    'on PostgreSQL does nothing (autovacuum is the server’s)',
    async () => {
      const job = startEmbeddedMaintenanceJob(handle, { firstAfterMs: 1, vacuumEveryMs: 0 });
      await new Promise((r) => setTimeout(r, 50));
      await job.stop();
      expect(await lastRuns('filler')).toEqual({ last_analyze: null, last_vacuum: null });
    },
  );
});
