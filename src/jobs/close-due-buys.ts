import { closeDueBuys } from '../core/buys/close-due-buys.ts';
import { closeDuePools } from '../core/buys/close-due-pools.ts';
import { tellPoolsMet } from '../core/pools/tell-pools-met.ts';
import type { Container } from '../container.ts';
import { startPeriodic } from './periodic.ts';

export const CLOSE_DUE_BUYS_EVERY_MS = 2_000;

/**
 * Closes buys (and pools of buys) at their deadline, every couple of seconds, beside the server, and tells the
 * compounds of a pool that reached its minimum. Passes never overlap; stop()
 * waits for a running pass to finish. A failing pass (database restarting) is logged and retried.
 */
export function startCloseDueBuysJob(
  container: Container,
  options: { everyMs?: number; log?: (err: unknown) => void } = {},
): { stop(): Promise<void> } {
  return startPeriodic(
    async (stopped) => {
      // Keep closing while full batches come back, so a backlog clears in one tick.
      while (!stopped() && (await closeDueBuys(container.buysDeps)) >= 50);
      // Joint buys (联合团购) close with their pool, all their compounds' buys together.
      while (!stopped() && (await closeDuePools(container.buysDeps)) >= 10);
      // And a pool's compounds are told once they reach its minimum together (before its deadline).
      if (!stopped()) await tellPoolsMet({ pools: container.poolsDeps.pools, buys: container.buysDeps });
    },
    {
      everyMs: options.everyMs ?? CLOSE_DUE_BUYS_EVERY_MS,
      log: options.log ?? ((err: unknown) => console.warn('close-due-buys failed', err)),
    },
  );
}
