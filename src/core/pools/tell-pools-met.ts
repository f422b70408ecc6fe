import type { BuysDeps } from '../buys/ports.ts';
import { transactionWithEvents } from '../shared/ports.ts';
import { poolMetEvents } from './pool-fns.ts';
import type { PoolsRepo } from './pools.ts';

/**
 * 成团 of a 联合团购, told before its deadline (docs/pools.md). No order batch can see a pool's minimum reached:
 * a pooled buy has none of its own, and the pool's is counted over every compound's buy, each rushed by its own
 * batches. So this looks every couple of seconds, beside the deadline closer, at the open pools not told yet
 * (two statements, however many) with a compound whose buy is open and was not told, and for each that has
 * reached its minimum records those compounds told (`markPoolMet`: once each, whatever the instances) and
 * stores, in the same transaction, a `buy.threshold_met` for each of their buys, which tells that compound
 * (src/core/notifications). A compound that publishes its buy after the others were told is told then; a pool
 * that falls back under (a cancellation) and over again tells nobody twice. Returns how many compounds it told.
 */
export async function tellPoolsMet(deps: { pools: Pick<PoolsRepo, 'untoldOpenPools'>; buys: BuysDeps }) {
  const now = deps.buys.clock.now();
  let told = 0;
  for (const facts of await deps.pools.untoldOpenPools(now)) {
    const events = poolMetEvents(facts, now);
    if (events.length === 0) continue;
    const done = await transactionWithEvents(deps.buys.repo, deps.buys.events, async (tx) => {
      const marked = await tx.markPoolMet(
        facts.pool.id,
        events.map((e) => e.buyId),
        now,
      );
      return { events: events.filter((e) => marked.has(e.buyId)), told: marked.size };
    });
    told += done.told;
  }
  return told;
}
