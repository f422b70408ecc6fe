/** What the accounts API shows. Fields are picked one by one so a password hash never leaves by accident. */
import type { AccessTokenRecord, MembershipSummary, User } from '../../core/auth/model.ts';

/** The caller's own account; this is the only place a user sees a phone number that is theirs. */
export function presentUser(user: User) {
  return { id: user.id, displayName: user.displayName, phone: user.phone, locale: user.locale };
}

export function presentMembership(m: MembershipSummary) {
  return {
    communityId: m.communityId,
    communityName: m.communityName,
    memberId: m.memberId,
    roles: { admin: m.isAdmin, leader: m.isLeader, volunteerBuildingIds: m.volunteerBuildingIds },
    household: m.household
      ? { id: m.household.id, label: m.household.label, status: m.household.status }
      : null,
  };
}

export function presentToken(t: AccessTokenRecord) {
  return {
    id: t.id,
    name: t.name,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt ? t.lastUsedAt.toISOString() : null,
  };
}

export function presentCreatedToken(t: AccessTokenRecord, secret: string) {
  return { token: { id: t.id, name: t.name, createdAt: t.createdAt.toISOString() }, secret };
}
