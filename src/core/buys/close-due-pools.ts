import type { DomainEvent } from '../shared/events.ts';
import type { BuysDeps, BuyWithItems } from './ports.ts';
import { transactionWithEvents } from '../shared/ports.ts';
import { closeOutcome, ordersAreLive } from './buy.ts';
import { closeInTx } from './transition-buy.ts';

/**
 * Closes the pools (联合团购) whose deadline has passed, each with all its member buys in one transaction: the
 * minimum is counted over every compound's live orders, and every open member buy closes (成团) or fails with
 * the pool. The member buys are locked in id order (an order batch locks one buy, so no two wait on each other),
 * which also waits for a batch that began before the deadline. Safe with several instances: pools are locked
 * with SKIP LOCKED and closed once (closed_at). Returns how many pools it closed.
 */
export async function closeDuePools(deps: BuysDeps, limit = 10): Promise<number> {
  const now = deps.clock.now();
  const { closed } = await transactionWithEvents(deps.repo, deps.events, async (tx) => {
    const events: DomainEvent[] = [];
    const pools = await tx.lockDuePools(now, limit);
    for (const pool of pools) {
      const members: BuyWithItems[] = [];
      for (const id of pool.buyIds) {
        const buy = await tx.lockBuy(id);
        if (buy) members.push(buy);
      }
      const counted = members.filter((b) => ordersAreLive(b.status)).flatMap((b) => b.items);
      const outcome = closeOutcome(pool, counted);
      for (const buy of members)
        if (buy.status === 'open') events.push(...(await closeInTx(tx, buy, now, null, outcome)));
      await tx.finishPool(pool.id, outcome, now);
    }
    return { events, closed: pools.length };
  });
  return closed;
}
