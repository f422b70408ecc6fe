/** Creating, reading and renaming a compound (小区). */
import type { Actor } from '../shared/actor.ts';
import { notFound } from '../shared/app-error.ts';
import { ADMINS_ONLY, ensure, loadCommunity, NOT_MEMBER } from './access.ts';
import type { Community, CommunityStats, MembershipView, RejectedClaim } from './model.ts';
import { canManageCommunity, canViewCommunity } from './policies.ts';
import type { CommunityDeps } from './ports.ts';

export interface CommunityInput {
  name: string;
  address?: string | null;
}

/** Creates a compound; its creator becomes its first admin. Publishes community.created. */
export async function createCommunity(
  deps: Pick<CommunityDeps, 'repo' | 'clock' | 'ids' | 'events'>,
  actor: Actor,
  input: CommunityInput,
): Promise<{ community: Community; me: MembershipView }> {
  const now = deps.clock.now();
  const community: Community = {
    id: deps.ids.id(),
    name: input.name.trim(),
    address: input.address?.trim() || null,
    createdBy: actor.userId,
    createdAt: now,
  };
  const memberId = deps.ids.id();
  await deps.repo.transaction(async (repo) => {
    await repo.insertCommunity(community);
    await repo.insertMember({
      memberId,
      communityId: community.id,
      userId: actor.userId,
      isAdmin: true,
      isLeader: false,
      volunteerBuildingIds: [],
    });
  });
  deps.events.publish([{ type: 'community.created', communityId: community.id, at: now.toISOString() }]);
  const me = await deps.repo.membershipView(community.id, actor.userId);
  if (!me) throw notFound('member');
  return { community, me };
}

/** A compound with its numbers and the actor's own membership (members only). */
export async function getCommunity(
  deps: Pick<CommunityDeps, 'repo'>,
  actor: Actor,
  communityId: string,
): Promise<{
  community: Community;
  stats: CommunityStats;
  me: MembershipView;
  /** Only for a member without a live claim: their latest one, if a reviewer rejected it (and why). */
  rejectedClaim: RejectedClaim | null;
}> {
  const { community, me } = await loadCommunity(deps.repo, actor, communityId);
  ensure(canViewCommunity(me, communityId), NOT_MEMBER, 'not_member');
  const [stats, view] = await Promise.all([
    deps.repo.communityStats(communityId),
    deps.repo.membershipView(communityId, actor.userId),
  ]);
  if (!view) throw notFound('member');
  const rejectedClaim = view.household === null ? await deps.repo.rejectedClaimOf(view.memberId) : null;
  return { community, stats, me: view, rejectedClaim };
}

/** Renames a compound or changes its address (admins). */
export async function updateCommunity(
  deps: Pick<CommunityDeps, 'repo'>,
  actor: Actor,
  communityId: string,
  input: Partial<CommunityInput>,
): Promise<Community> {
  const { me } = await loadCommunity(deps.repo, actor, communityId);
  ensure(canManageCommunity(me, communityId), ADMINS_ONLY);
  const patch: { name?: string; address?: string | null } = {};
  if (input.name !== undefined) patch.name = input.name.trim();
  if (input.address !== undefined) patch.address = input.address?.trim() || null;
  const updated = await deps.repo.updateCommunity(communityId, patch);
  if (!updated) throw notFound('community');
  return updated;
}
