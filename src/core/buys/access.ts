/** Loading a buy together with the caller's standing, with the errors every buys use-case shares. */
import { AppError, forbidden } from '../shared/app-error.ts';
import type { Actor } from '../shared/actor.ts';
import { canSeeBuy } from './policies.ts';
import type { BuyHeader, BuysRepo, MemberContext } from './ports.ts';

export const buyNotFound = () => new AppError('not_found', 'No such buy', { code: 'buy_not_found' });
export const notAMember = () => forbidden('Only members of this compound can do this', 'not_a_member');

/** The caller's membership of a compound, or 403 not_a_member. */
export async function requireMember(
  repo: Pick<BuysRepo, 'memberContext'>,
  communityId: string,
  actor: Actor,
  /** The compound's standing version as the request's header statement read it (BuyHeader). */
  standingVersion?: number,
) {
  const member = await repo.memberContext(communityId, actor.userId, standingVersion);
  if (!member) throw notAMember();
  return member;
}

/** A buy's header the caller may see (drafts are 404 to those who cannot manage them), with their standing. */
export async function loadVisibleBuy(
  repo: Pick<BuysRepo, 'findBuyHeader' | 'memberContext'>,
  buyId: string,
  actor: Actor,
): Promise<{ buy: BuyHeader; member: MemberContext }> {
  const buy = await repo.findBuyHeader(buyId);
  if (!buy) throw buyNotFound();
  const member = await requireMember(repo, buy.communityId, actor, buy.standingVersion);
  if (!canSeeBuy(member, buy)) throw buyNotFound();
  return { buy, member };
}
