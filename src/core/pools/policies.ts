/** Who may do what with a joint buy (联合团购), pure. */
import { canManageBuy } from '../buys/policies.ts';
import type { MemberContext } from '../buys/ports.ts';

type BuyRef = Parameters<typeof canManageBuy>[1];

/** The one who runs a buy (its leader, an admin) opens a pool from it. */
export const mayOpenPool = (member: MemberContext | null, buy: BuyRef): boolean => canManageBuy(member, buy);

/**
 * The one who runs a member buy sees the pool's code and every gate's contact and downloads the supplier's
 * sheet: they deal with the other leaders and the supplier. Residents see compounds and totals only.
 */
export const mayManagePoolOf = (member: MemberContext | null, buy: BuyRef): boolean =>
  canManageBuy(member, buy);

/** Whoever may open a buy in a compound may join the compound to a pool (it opens a buy there). */
export const mayJoinPoolFor = (member: Pick<MemberContext, 'isAdmin' | 'isLeader'> | null): boolean =>
  !!member && (member.isAdmin || member.isLeader);
