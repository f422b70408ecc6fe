/** The community context's entities, as the use-cases see them (no database or HTTP types). */

export type ClaimStatus = 'pending' | 'verified' | 'rejected';

/** A user's membership of one community with the roles an admin gave them. */
export interface Membership {
  memberId: string;
  communityId: string;
  userId: string;
  isAdmin: boolean;
  isLeader: boolean;
  /** Buildings this member looks after as a building volunteer (楼长). */
  volunteerBuildingIds: string[];
}

export interface Community {
  id: string;
  name: string;
  address: string | null;
  createdBy: string;
  createdAt: Date;
}

export interface CommunityStats {
  buildings: number;
  households: number;
  verifiedHouseholds: number;
  members: number;
}

export interface Building {
  id: string;
  communityId: string;
  name: string;
  sortKey: number;
}

export interface BuildingSummary extends Building {
  householdCount: number;
  verifiedCount: number;
}

export interface ProxyDetails {
  contactName: string;
  contactPhone: string | null;
  notes: string | null;
  managedBy: string | null;
}

export interface Household {
  id: string;
  communityId: string;
  buildingId: string;
  room: string;
  label: string;
  isProxy: boolean;
  proxy: ProxyDetails | null;
}

export interface HouseholdSummary extends Household {
  /** A proxy household, or one with at least one verified claim. */
  verified: boolean;
}

export interface Claim {
  id: string;
  communityId: string;
  householdId: string;
  memberId: string;
  status: ClaimStatus;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  rejectReason: string | null;
  createdAt: Date;
}

/** A member's latest claim when it was rejected: what they claimed, and the reviewer's reason (theirs to read). */
export interface RejectedClaim {
  householdLabel: string;
  reason: string | null;
}

/** A claim with what a reviewer needs: the household label and the claimant's private contact. */
export interface ClaimView extends Claim {
  householdLabel: string;
  buildingId: string;
  claimantName: string;
  claimantPhone: string;
}

/** A member as the admin's list shows them, with their live household claim (if any). */
export interface MemberView extends Membership {
  displayName: string;
  phone: string;
  household: { id: string; label: string; buildingId: string; status: ClaimStatus } | null;
}

/** A membership with its community name and live household, as /api/me and GET /communities/{id} show it. */
export interface MembershipView extends Membership {
  communityName: string;
  household: { id: string; label: string; buildingId: string; status: ClaimStatus } | null;
}

export interface Invite {
  id: string;
  communityId: string;
  code: string;
  createdBy: string;
  expiresAt: Date | null;
  maxUses: number | null;
  uses: number;
  revokedAt: Date | null;
  createdAt: Date;
}

export type InviteStatus = 'valid' | 'expired' | 'revoked' | 'used_up';

/** Why an invite can or cannot be used right now. Revocation wins over expiry, expiry over use count. */
export function inviteStatus(invite: Invite, now: Date): InviteStatus {
  if (invite.revokedAt) return 'revoked';
  if (invite.expiresAt && invite.expiresAt.getTime() <= now.getTime()) return 'expired';
  if (invite.maxUses !== null && invite.uses >= invite.maxUses) return 'used_up';
  return 'valid';
}
