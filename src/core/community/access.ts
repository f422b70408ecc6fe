/** Loading the actor's membership and failing with the right error; shared by the use-cases. */
import type { Actor } from '../shared/actor.ts';
import { forbidden, notFound } from '../shared/app-error.ts';
import type { Community, Membership } from './model.ts';
import type { CommunityRepo } from './ports.ts';

/** The community (404 when it does not exist) and the actor's membership of it (null: not a member). */
export async function loadCommunity(
  repo: Pick<CommunityRepo, 'findCommunity' | 'findMembership'>,
  actor: Actor,
  communityId: string,
): Promise<{ community: Community; me: Membership | null }> {
  const community = await repo.findCommunity(communityId);
  if (!community) throw notFound('community');
  return { community, me: await repo.findMembership(communityId, actor.userId) };
}

/** Throws 403 unless the policy allowed it; the message says what role is needed. */
export function ensure(allowed: boolean, message: string, code = 'forbidden'): void {
  if (!allowed) throw forbidden(message, code);
}

export const NOT_MEMBER = 'You are not a member of this compound; join it with an invite link first';
export const ADMINS_ONLY = 'Only an admin of this compound can do this';
export const ADMIN_OR_VOLUNTEER = "Only an admin or the building's volunteer can do this";

/** The actor's membership of a community (for other contexts: buys check it before ordering). */
export async function resolveMembership(
  repo: Pick<CommunityRepo, 'findCommunity' | 'findMembership'>,
  actor: Actor,
  communityId: string,
): Promise<Membership> {
  const { me } = await loadCommunity(repo, actor, communityId);
  if (!me) throw forbidden(NOT_MEMBER, 'not_member');
  return me;
}
