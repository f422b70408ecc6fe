import { sql } from 'drizzle-orm';
import type { DbHandle } from '../db/client.ts';
import { startPeriodic } from './periodic.ts';

export const ANALYZE_EVERY_MS = 10 * 60_000;
export const VACUUM_EVERY_MS = 24 * 60 * 60_000;
const FIRST_PASS_AFTER_MS = 60_000;
/** Tables smaller than this (ten pages) are left alone; see below. */
export const MIN_TABLE_BYTES = 10 * 8192;

/**
 * What PostgreSQL's autovacuum does on a server, for the embedded database, which has no background workers:
 * without it the planner's statistics never follow the data and dead rows are never reclaimed. ANALYZE a
 * minute after start and every ten minutes, VACUUM (ANALYZE) once a day. Passes never overlap; stop() waits
 * for a running one. Nothing on PostgreSQL.
 *
 * Only tables of ten pages or more. A table never analyzed is planned as at least ten pages, so lookups by key
 * use its index; analyzing it while nearly empty (a new compound's orders, a minute after the first start)
 * told the planner it was empty, and the plans cached then (the foreign-key checks of the order batch among
 * them) scanned the whole table on every join as it grew: measured, the batch's main statement went from ~100
 * to ~260 µs per join over a rush of 5,000 (issue #7).
 */
export function startEmbeddedMaintenanceJob(
  handle: Pick<DbHandle, 'db' | 'kind'>,
  options: {
    analyzeEveryMs?: number;
    vacuumEveryMs?: number;
    firstAfterMs?: number;
    log?: (err: unknown) => void;
  } = {},
): { stop(): Promise<void> } {
  if (handle.kind !== 'pglite') return { stop: async () => {} };
  const log = options.log ?? ((err: unknown) => console.warn('embedded database maintenance failed', err));
  const vacuumEveryMs = options.vacuumEveryMs ?? VACUUM_EVERY_MS;
  let lastVacuum = Date.now();
  return startPeriodic(
    async () => {
      const vacuum = Date.now() - lastVacuum >= vacuumEveryMs;
      await maintainTables(handle.db, vacuum ? 'vacuum' : 'analyze');
      if (vacuum) lastVacuum = Date.now();
    },
    {
      everyMs: options.analyzeEveryMs ?? ANALYZE_EVERY_MS,
      firstAfterMs: options.firstAfterMs ?? FIRST_PASS_AFTER_MS,
      log,
    },
  );
}

/** ANALYZE (or VACUUM (ANALYZE)) the schema's tables of MIN_TABLE_BYTES or more; returns their names. */
export async function maintainTables(db: DbHandle['db'], what: 'analyze' | 'vacuum'): Promise<string[]> {
  const result = (await db.execute(sql`SELECT c.relname FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r' AND pg_relation_size(c.oid) >= ${MIN_TABLE_BYTES}
    ORDER BY c.relname`)) as unknown as { rows: { relname: string }[] };
  const tables = result.rows.map((r) => r.relname);
  if (tables.length === 0) return tables;
  const list = sql.join(
    tables.map((t) => sql.identifier(t)),
    sql`, `,
  );
  await db.execute(what === 'vacuum' ? sql`VACUUM (ANALYZE) ${list}` : sql`ANALYZE ${list}`);
  return tables;
}
