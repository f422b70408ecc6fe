import type { DomainEvent } from '../shared/events.ts';
import type { BuysDeps } from './ports.ts';
import { transactionWithEvents } from '../shared/ports.ts';
import { closeInTx } from './transition-buy.ts';

/**
 * Closes open buys whose deadline has passed. Safe with several instances: due buys are locked with
 * SKIP LOCKED and re-checked under the lock, so each is closed exactly once. Returns how many it closed.
 */
export async function closeDueBuys(deps: BuysDeps, limit = 50): Promise<number> {
  const now = deps.clock.now();
  // The events are stored with the commit: a crash just after it cannot lose the households' notices.
  const { events } = await transactionWithEvents(deps.repo, deps.events, async (tx) => {
    const out: DomainEvent[] = [];
    for (const id of await tx.lockDueBuys(now, limit)) {
      const buy = await tx.lockBuy(id);
      if (buy && buy.status === 'open' && buy.deadline.getTime() <= now.getTime())
        out.push(...(await closeInTx(tx, buy, now)));
    }
    return { events: out };
  });
  return events.filter((e) => e.type === 'buy.closed' || e.type === 'buy.failed').length;
}
