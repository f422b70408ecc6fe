/** The shapes the screens read, as described in docs/api.md. */
import type { CoverageCounts } from '../../src/core/community/coverage-fns.ts';
import type { NeedsEntry as ServerNeedsEntry } from '../../src/core/community/needs.ts';
import type { HouseholdNeed } from '../../src/core/community/needs-fns.ts';

/** The register of households that need looking after (需照顾): its kinds (HOUSEHOLD_NEEDS). */
export type { HouseholdNeed };

export type Locale = 'zh-CN' | 'en';

export interface User {
  id: string;
  displayName: string;
  phone: string;
  locale: string;
}

export interface Roles {
  admin: boolean;
  leader: boolean;
  volunteerBuildingIds: string[];
}

export type ClaimStatus = 'pending' | 'verified' | 'rejected';

export interface MembershipHousehold {
  id: string;
  label: string;
  status: ClaimStatus;
}

export interface Membership {
  communityId: string;
  communityName: string;
  memberId: string;
  roles: Roles;
  household: MembershipHousehold | null;
}

export interface MeResponse {
  user: User;
  csrfToken: string;
  memberships: Membership[];
}

export interface AuthResponse {
  user: User;
  csrfToken: string;
}

export interface CommunityStats {
  buildings: number;
  households: number;
  verifiedHouseholds: number;
  members: number;
}

export interface Community {
  id: string;
  name: string;
  address: string | null;
  stats?: CommunityStats;
}

export interface CommunityResponse {
  community: Community;
  me: CompoundMembership;
}

/** The caller's membership as a compound's page reads it (GET /api/communities/{id}). */
export interface CompoundMembership extends Membership {
  /** With no live claim: their latest claim if a reviewer rejected it, and the reason given. */
  rejectedClaim: { householdLabel: string; reason: string | null } | null;
}

export interface Building {
  id: string;
  name: string;
  householdCount: number;
  verifiedCount: number;
}

export interface Household {
  id: string;
  label: string;
  buildingId: string;
  room: string;
  isProxy: boolean;
  verified: boolean;
}

export interface Invite {
  id: string;
  code: string;
  url: string;
  expiresAt: string | null;
  maxUses: number | null;
  uses: number;
  revokedAt?: string | null;
  status?: 'valid' | 'expired' | 'revoked' | 'used_up';
}

export interface InvitePreview {
  communityId: string;
  communityName: string;
  valid: boolean;
  /** Why it can or cannot be used (the server's inviteStatus). */
  status?: 'valid' | 'expired' | 'revoked' | 'used_up';
}

export interface Claim {
  id: string;
  householdId: string;
  householdLabel: string;
  status: ClaimStatus;
  createdAt?: string;
  displayName?: string;
  phone?: string;
  claimant?: { displayName?: string; phone?: string | null };
  rejectReason?: string | null;
}

export interface Member {
  id: string;
  displayName: string;
  phone?: string | null;
  roles: Roles;
  household: MembershipHousehold | null;
}

export interface Proxy {
  id?: string;
  householdId?: string;
  label?: string;
  householdLabel?: string;
  contactName: string;
  contactPhone?: string | null;
  notes?: string | null;
  household?: { id: string; label: string };
}

export interface AccessToken {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

/** 物资覆盖's counts (GET /api/communities/{id}/coverage): the server's own type, all numbers. */
export type { CoverageCounts };

/** A household that has received nothing lately and has nothing on its way. */
export interface LeftOutHousehold {
  householdId: string;
  label: string;
  room: string;
  isProxy: boolean;
  members: number;
  lastReceivedAt: string | null;
  /** Whom to call: its verified members, then a proxy household's contact (admins and its volunteers only). */
  contacts: { name: string; phone: string | null; proxy: boolean }[];
  needs: HouseholdNeed[];
  needsNote: string | null;
}

export interface Coverage {
  days: number;
  since: string;
  counts: CoverageCounts;
  buildings: (CoverageCounts & { buildingId: string; name: string })[];
  leftOut: LeftOutHousehold[] | null;
}

/** A household on the register, as sent: the server's entry with its time as an ISO string. */
export type NeedsEntry = Omit<ServerNeedsEntry, 'updatedAt'> & { updatedAt: string };
