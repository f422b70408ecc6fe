/**
 * The community context's JSON. Fields are picked one by one: names and phones appear only in the
 * presenters for admins and volunteers (claims, members, proxies); residents get household labels.
 */
import type {
  BuildingSummary,
  ClaimView,
  Community,
  CommunityStats,
  Household,
  HouseholdSummary,
  Invite,
  MembershipView,
  MemberView,
  RejectedClaim,
} from '../../core/community/model.ts';
import { inviteStatus } from '../../core/community/model.ts';
import { inviteUrl } from '../../core/community/invites.ts';
import type { OwnClaim } from '../../core/community/claims.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentCommunity(c: Community, stats?: CommunityStats) {
  return {
    id: c.id,
    name: c.name,
    address: c.address,
    createdAt: c.createdAt.toISOString(),
    ...(stats ? { stats } : {}),
  };
}

const roles = (m: { isAdmin: boolean; isLeader: boolean; volunteerBuildingIds: string[] }) => ({
  admin: m.isAdmin,
  leader: m.isLeader,
  volunteerBuildingIds: m.volunteerBuildingIds,
});

/** The caller's own membership (as in /api/me). */
export function presentMembership(m: MembershipView) {
  return {
    communityId: m.communityId,
    communityName: m.communityName,
    memberId: m.memberId,
    roles: roles(m),
    household: m.household
      ? { id: m.household.id, label: m.household.label, status: m.household.status }
      : null,
  };
}

/** The caller's membership on a compound's page: with their latest claim if it was rejected (compounds.ts). */
export function presentCompoundMembership(m: MembershipView, rejected: RejectedClaim | null) {
  return {
    ...presentMembership(m),
    rejectedClaim: rejected && { householdLabel: rejected.householdLabel, reason: rejected.reason },
  };
}

export function presentBuilding(b: BuildingSummary) {
  return { id: b.id, name: b.name, householdCount: b.householdCount, verifiedCount: b.verifiedCount };
}

/** Labels only: never the proxy contact. */
export function presentHousehold(h: HouseholdSummary | (Household & { verified?: boolean })) {
  return {
    id: h.id,
    label: h.label,
    buildingId: h.buildingId,
    room: h.room,
    isProxy: h.isProxy,
    verified: h.verified ?? h.isProxy,
  };
}

export function presentInvite(i: Invite, publicUrl: string, now: Date) {
  return {
    id: i.id,
    code: i.code,
    url: inviteUrl(publicUrl, i.code),
    expiresAt: iso(i.expiresAt),
    maxUses: i.maxUses,
    uses: i.uses,
    revokedAt: iso(i.revokedAt),
    status: inviteStatus(i, now),
    createdAt: i.createdAt.toISOString(),
  };
}

/** A claim as its claimant sees it (no contact details). */
export function presentOwnClaim(c: OwnClaim) {
  return {
    id: c.id,
    householdId: c.householdId,
    householdLabel: c.householdLabel,
    buildingId: c.buildingId,
    status: c.status,
    createdAt: c.createdAt.toISOString(),
    reviewedAt: iso(c.reviewedAt),
    rejectReason: c.rejectReason,
  };
}

/** A claim for its reviewer (admin or the building's volunteer): with the claimant's name and phone. */
export function presentClaimForReviewer(c: ClaimView) {
  return {
    ...presentOwnClaim(c),
    claimant: { memberId: c.memberId, displayName: c.claimantName, phone: c.claimantPhone },
  };
}

/** For admins and volunteers only (the use-case scopes who is listed). */
export function presentMember(m: MemberView) {
  return {
    id: m.memberId,
    displayName: m.displayName,
    phone: m.phone,
    roles: roles(m),
    household: m.household
      ? { id: m.household.id, label: m.household.label, status: m.household.status }
      : null,
  };
}

/** A proxy household with its contact, for the admin or volunteer who looks after it. */
export function presentProxy(h: Household) {
  return {
    householdId: h.id,
    householdLabel: h.label,
    buildingId: h.buildingId,
    contactName: h.proxy?.contactName ?? '',
    contactPhone: h.proxy?.contactPhone ?? null,
    notes: h.proxy?.notes ?? null,
    managedBy: h.proxy?.managedBy ?? null,
  };
}
