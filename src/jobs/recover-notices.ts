import type { Container } from '../container.ts';
import { startPeriodic } from './periodic.ts';

export const RECOVER_NOTICES_EVERY_MS = 30_000;
/** A page left unclaimed this long was held by an instance that is gone (the notifier holds at most 2 s). */
export const NOTICES_ORPHANED_AFTER_MS = 30_000;

/**
 * How long a page may wait for its notifier before the sweep takes it: LINLI_NOTICES_ORPHANED_AFTER_MS, a
 * whole number of milliseconds, 30,000 by default. Lower it on one instance alone to have a crash's notices
 * written sooner after the restart (0: at the first sweep, 5 s after the start); with several instances,
 * keep it well above the notifier's 2 s hold, or the sweep may write notices that a live instance meant to.
 */
export function noticesOrphanedAfterOf(env: string | undefined): number {
  if (env === undefined || env === '') return NOTICES_ORPHANED_AFTER_MS;
  if (!/^\d{1,9}$/.test(env))
    throw new Error(`LINLI_NOTICES_ORPHANED_AFTER_MS must be a whole number of milliseconds (got "${env}")`);
  return Number(env);
}

/**
 * Writes the notices that a killed instance held (realtime/notifier.ts, `recover`): every 30 s, the pages of
 * events stored with their commit that no notifier claimed within 30 s, and on the embedded database every
 * page stored before this process started. Safe with several instances: a page is claimed once. Says how
 * many it wrote, since it means an instance stopped without finishing its work.
 */
export function startRecoverNoticesJob(
  container: Pick<Container, 'notifier'>,
  options: {
    everyMs?: number;
    orphanedAfterMs?: number;
    /**
     * Since when this process has had the data to itself (the embedded database: its lock): pages stored
     * before then are orphans whatever their age, so a crash's notices are written at the first sweep.
     */
    ownedSince?: Date | null;
    log?: (msg: string, err?: unknown) => void;
  } = {},
): { stop(): Promise<void> } {
  const log = options.log ?? ((msg: string, err?: unknown) => console.warn(msg, err ?? ''));
  const everyMs = options.everyMs ?? RECOVER_NOTICES_EVERY_MS;
  return startPeriodic(
    async () => {
      const n = await container.notifier.recover(
        options.orphanedAfterMs ?? NOTICES_ORPHANED_AFTER_MS,
        options.ownedSince ?? null,
      );
      if (n > 0) log(`recovered the notices of ${n} events that a stopped instance had not written`);
    },
    { everyMs, firstAfterMs: Math.min(everyMs, 5_000), log: (err) => log('recovering notices failed', err) },
  );
}
