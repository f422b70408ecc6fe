import { verifyChain, type ChainBreak } from './chain.ts';
import type { AuditRepo } from './ports.ts';

export interface VerifyReport {
  buys: number;
  events: number;
  /** The first break found (buys in creation order), or null when every chain is intact. */
  firstBreak: ChainBreak | null;
}

/** `linli audit verify`: recomputes every buy's chain and stops at the first break. */
export async function verifyAuditTrail(
  repo: Pick<AuditRepo, 'chainedBuys' | 'chainOf'>,
): Promise<VerifyReport> {
  let buys = 0;
  let events = 0;
  for (const { buyId, head } of await repo.chainedBuys()) {
    const chain = await repo.chainOf(buyId);
    buys += 1;
    events += chain.length;
    const broken = verifyChain(buyId, chain, head);
    if (broken) return { buys, events, firstBreak: broken };
  }
  return { buys, events, firstBreak: null };
}
