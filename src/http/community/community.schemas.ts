import { z } from 'zod';
import { PATTERN_LIMITS } from '../../core/community/labels.ts';

const text = (max: number) => z.string().trim().max(max);
const optionalText = (max: number) => text(max).nullable().optional();

export const communityParams = z.object({ communityId: z.uuid() });
export const buildingParams = z.object({ buildingId: z.uuid() });
export const householdParams = z.object({ householdId: z.uuid() });
export const inviteParams = z.object({ inviteId: z.uuid() });
export const claimParams = z.object({ claimId: z.uuid() });
export const memberParams = z.object({ memberId: z.uuid() });
/** Invite codes are base64url; anything else cannot be one (and never reaches the database). */
export const codeParams = z.object({ code: z.string().regex(/^[A-Za-z0-9_-]{4,64}$/, 'not an invite code') });

export const createCommunityBody = z.object({ name: text(100).min(1), address: optionalText(200) });
export const updateCommunityBody = z.object({
  name: text(100).min(1).optional(),
  address: optionalText(200),
});

export const generateBody = z.object({
  buildingFrom: z.int().min(1).max(PATTERN_LIMITS.building),
  buildingTo: z.int().min(1).max(PATTERN_LIMITS.building),
  floors: z.int().min(1).max(PATTERN_LIMITS.floors),
  roomsPerFloor: z.int().min(1).max(PATTERN_LIMITS.roomsPerFloor),
});

/** The byte limit (200 KB, a 413) is checked by the use-case; this only stops absurd strings early. */
export const importBody = z.object({ csv: z.string().max(1024 * 1024) });
export const renameBuildingBody = z.object({ name: text(20).min(1) });
export const householdsQuery = z.object({ buildingId: z.uuid().optional() });
export const createHouseholdBody = z.object({ buildingId: z.uuid(), room: text(20).min(1) });
export const updateHouseholdBody = z.object({ room: text(20).min(1) });

export const createInviteBody = z
  .object({
    expiresInDays: z.int().min(1).max(365).nullable().optional(),
    maxUses: z.int().min(1).max(100_000).nullable().optional(),
  })
  .nullish(); // a POST without a body is fine

export const createClaimBody = z.object({ householdId: z.uuid() });
export const claimsQuery = z.object({ status: z.enum(['pending', 'verified', 'rejected']).optional() });
export const rejectBody = z.object({ reason: optionalText(500) }).nullish();

export const rolesBody = z.object({
  admin: z.boolean(),
  leader: z.boolean(),
  volunteerBuildingIds: z.array(z.uuid()).max(200),
});

export const proxyBody = z.object({
  householdId: z.uuid(),
  contactName: text(50).min(1),
  contactPhone: optionalText(30),
  notes: optionalText(500),
});

// --- responses (the serializer drops anything not listed here: a second guard on private fields) ---

const claimStatus = z.enum(['pending', 'verified', 'rejected']);
const rolesOut = z.object({
  admin: z.boolean(),
  leader: z.boolean(),
  volunteerBuildingIds: z.array(z.string()),
});
const householdRef = z.object({ id: z.string(), label: z.string(), status: claimStatus }).nullable();

export const membershipOut = z.object({
  communityId: z.string(),
  communityName: z.string(),
  memberId: z.string(),
  roles: rolesOut,
  household: householdRef,
});

/**
 * The caller's membership as a compound's page reads it: with no live claim, their latest claim if a reviewer
 * rejected it, and the reason the reviewer gave (null: none given), so they know to claim again.
 */
export const compoundMembershipOut = membershipOut.extend({
  rejectedClaim: z.object({ householdLabel: z.string(), reason: z.string().nullable() }).nullable(),
});

const statsOut = z.object({
  buildings: z.number(),
  households: z.number(),
  verifiedHouseholds: z.number(),
  members: z.number(),
});

export const communityOut = z.object({
  id: z.string(),
  name: z.string(),
  address: z.string().nullable(),
  createdAt: z.string(),
  stats: statsOut.optional(),
});

export const buildingOut = z.object({
  id: z.string(),
  name: z.string(),
  householdCount: z.number(),
  verifiedCount: z.number(),
});

export const householdOut = z.object({
  id: z.string(),
  label: z.string(),
  buildingId: z.string(),
  room: z.string(),
  isProxy: z.boolean(),
  verified: z.boolean(),
});

export const inviteOut = z.object({
  id: z.string(),
  code: z.string(),
  url: z.string(),
  expiresAt: z.string().nullable(),
  maxUses: z.number().nullable(),
  uses: z.number(),
  revokedAt: z.string().nullable(),
  status: z.enum(['valid', 'expired', 'revoked', 'used_up']),
  createdAt: z.string(),
});

export const claimOut = z.object({
  id: z.string(),
  householdId: z.string(),
  householdLabel: z.string(),
  buildingId: z.string(),
  status: claimStatus,
  createdAt: z.string(),
  reviewedAt: z.string().nullable(),
  rejectReason: z.string().nullable(),
  claimant: z.object({ memberId: z.string(), displayName: z.string(), phone: z.string() }).optional(),
});

export const memberOut = z.object({
  id: z.string(),
  displayName: z.string(),
  phone: z.string(),
  roles: rolesOut,
  household: householdRef,
});

export const proxyOut = z.object({
  householdId: z.string(),
  householdLabel: z.string(),
  buildingId: z.string(),
  contactName: z.string(),
  contactPhone: z.string().nullable(),
  notes: z.string().nullable(),
  managedBy: z.string().nullable(),
});
