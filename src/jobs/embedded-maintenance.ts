import { sql } from 'drizzle-orm';
import type { DbHandle } from '../db/client.ts';

export const ANALYZE_EVERY_MS = 10 * 60_000;
export const VACUUM_EVERY_MS = 24 * 60 * 60_000;
const FIRST_PASS_AFTER_MS = 60_000;

/**
 * What PostgreSQL's autovacuum does on a server, for the embedded database, which has no background
 * workers: without it the planner's statistics stay as they were when a table was small (a token lookup
 * after `linli seed --households 5000` scanned the whole table instead of its index) and dead rows are never
 * reclaimed. ANALYZE (a sample per table; ~0.1–0.3 s with 5,000 households) a minute after start and every ten minutes;
 * VACUUM (ANALYZE) once a day. Passes never overlap; stop() waits for a running one. Nothing on PostgreSQL.
 */
export function startEmbeddedMaintenanceJob(
  handle: Pick<DbHandle, 'db' | 'kind'>,
  options: { analyzeEveryMs?: number; vacuumEveryMs?: number; firstAfterMs?: number; log?: (err: unknown) => void } = {},
): { stop(): Promise<void> } {
  if (handle.kind !== 'pglite') return { stop: async () => {} };
  const log = options.log ?? ((err: unknown) => console.warn('embedded database maintenance failed', err));
  const vacuumEveryMs = options.vacuumEveryMs ?? VACUUM_EVERY_MS;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  let lastVacuum = Date.now();
  const pass = () => {
    running = running.then(async () => {
      if (stopped) return;
      try {
        const vacuum = Date.now() - lastVacuum >= vacuumEveryMs;
        await handle.db.execute(vacuum ? sql`VACUUM (ANALYZE)` : sql`ANALYZE`);
        if (vacuum) lastVacuum = Date.now();
      } catch (err) {
        log(err);
      }
    });
  };
  const first = setTimeout(pass, options.firstAfterMs ?? FIRST_PASS_AFTER_MS);
  const timer = setInterval(pass, options.analyzeEveryMs ?? ANALYZE_EVERY_MS);
  first.unref();
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
