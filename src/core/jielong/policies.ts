/** Who may read and write a buy's 接龙. Pure functions over the caller's standing. */
import { canManageBuy, canSeeBuy } from '../buys/policies.ts';
import type { BuyRecord, MemberContext } from '../buys/ports.ts';

type BuyRef = Pick<BuyRecord, 'communityId' | 'createdBy' | 'status'>;

/**
 * Importing a 接龙 places orders for many households at once: the buy's leader or an admin of its compound
 * (the same people who run the buy).
 */
export function canImportJielong(member: MemberContext | null, buy: BuyRef): boolean {
  return canManageBuy(member, buy);
}

/** The 接龙 text and the summary show household labels only: any member who can see the buy. */
export function canExportJielong(member: MemberContext | null, buy: BuyRef): boolean {
  return canSeeBuy(member, buy);
}
