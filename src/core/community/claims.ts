/** Residents claim their household; an admin or the building's volunteer verifies or rejects the claim. */
import type { Actor } from '../shared/actor.ts';
import { conflict, forbidden, notFound } from '../shared/app-error.ts';
import { ADMIN_OR_VOLUNTEER, ensure, loadCommunity, NOT_MEMBER } from './access.ts';
import type { Claim, ClaimStatus, ClaimView } from './model.ts';
import { canClaimHousehold, canListPrivateRecords, canVerifyClaim, privateScope } from './policies.ts';
import type { CommunityDeps } from './ports.ts';

/** A claim as its claimant sees it: no contact details. */
export type OwnClaim = Omit<ClaimView, 'claimantName' | 'claimantPhone'>;

/** A member claims the household they live in; it stays pending until verified. One live claim each. */
export async function claimHousehold(
  deps: Pick<CommunityDeps, 'repo' | 'ids' | 'clock' | 'events'>,
  actor: Actor,
  communityId: string,
  householdId: string,
): Promise<OwnClaim> {
  const { me } = await loadCommunity(deps.repo, actor, communityId);
  ensure(canClaimHousehold(me, communityId), NOT_MEMBER, 'not_member');
  const household = await deps.repo.findHousehold(householdId);
  if (!household || household.communityId !== communityId) throw notFound('household');
  if (household.isProxy) {
    throw conflict(
      `${household.label} is looked after by a volunteer as a proxy household; ask them to hand it over`,
      'household_is_proxy',
    );
  }
  const live = await deps.repo.findLiveClaim(communityId, me!.memberId);
  if (live) throw liveClaimConflict(live);
  const now = deps.clock.now();
  const claim: Claim = {
    id: deps.ids.id(),
    communityId,
    householdId,
    memberId: me!.memberId,
    status: 'pending',
    reviewedBy: null,
    reviewedAt: null,
    rejectReason: null,
    createdAt: now,
  };
  if (!(await deps.repo.insertClaim(claim))) {
    const raced = await deps.repo.findLiveClaim(communityId, me!.memberId);
    throw liveClaimConflict(raced);
  }
  deps.events.publish([
    { type: 'household.claimed', communityId, householdId, memberId: me!.memberId, at: now.toISOString() },
  ]);
  return { ...claim, householdLabel: household.label, buildingId: household.buildingId };
}

function liveClaimConflict(live: Claim | null) {
  return conflict(
    live?.status === 'verified'
      ? 'You already live in a verified household of this compound'
      : 'You already have a claim waiting for verification in this compound',
    'claim_exists',
    live ? { claimId: live.id, householdId: live.householdId, status: live.status } : null,
  );
}

/** Claims with the claimant's name and phone: admins see all, volunteers their buildings'. */
export async function listClaims(
  deps: Pick<CommunityDeps, 'repo'>,
  actor: Actor,
  communityId: string,
  status?: ClaimStatus,
): Promise<ClaimView[]> {
  const { me } = await loadCommunity(deps.repo, actor, communityId);
  ensure(canListPrivateRecords(me, communityId), ADMIN_OR_VOLUNTEER);
  return deps.repo.listClaims(communityId, privateScope(me, communityId), status);
}

/** Verifies or rejects a pending claim (admin, or a volunteer of the household's building). */
export async function decideClaim(
  deps: Pick<CommunityDeps, 'repo' | 'clock' | 'events'>,
  actor: Actor,
  claimId: string,
  decision: { status: 'verified' | 'rejected'; reason?: string | null },
): Promise<ClaimView> {
  const claim = await deps.repo.claimView(claimId);
  if (!claim) throw notFound('claim');
  const me = await deps.repo.findMembership(claim.communityId, actor.userId);
  if (!me) throw forbidden(NOT_MEMBER, 'not_member');
  ensure(canVerifyClaim(me, claim), ADMIN_OR_VOLUNTEER);
  if (claim.status !== 'pending') throw decided(claim.status);
  const now = deps.clock.now();
  const reason = decision.status === 'rejected' ? decision.reason?.trim() || null : null;
  const ok = await deps.repo.decideClaim(claimId, {
    status: decision.status,
    reviewedBy: me.memberId,
    at: now,
    reason,
  });
  if (!ok) throw decided((await deps.repo.findClaim(claimId))?.status ?? 'rejected');
  if (decision.status === 'verified') {
    deps.events.publish([
      {
        type: 'household.verified',
        communityId: claim.communityId,
        householdId: claim.householdId,
        memberId: claim.memberId,
        claimLabel: claim.householdLabel,
        at: now.toISOString(),
      },
    ]);
  }
  return {
    ...claim,
    status: decision.status,
    reviewedBy: me.memberId,
    reviewedAt: now,
    rejectReason: reason,
  };
}

function decided(status: ClaimStatus) {
  return conflict(`This claim was already ${status}`, 'claim_already_decided', { status });
}
