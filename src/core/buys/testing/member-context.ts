import type { MemberContext } from '../ports.ts';

/** A plain member of compound `c1` (no roles, no household) with `over` applied: the policy tests' caller. */
export const memberContext = (over: Partial<MemberContext> = {}): MemberContext => ({
  memberId: 'm',
  communityId: 'c1',
  isAdmin: false,
  isLeader: false,
  volunteerBuildingIds: [],
  household: null,
  ...over,
});
