/** Posts and viewers for 邻里街坊's unit tests. */
import type { Post } from '../model.ts';
import type { StreetViewer } from '../policies.ts';

export const COMMUNITY = 'c1';

/** A viewer: a resident of `household` (a label like "1-101", in building "b1"), or with the given roles. */
export function viewer(
  memberId: string,
  over: Partial<StreetViewer> & { label?: string } = {},
): StreetViewer {
  const { label, ...rest } = over;
  return {
    memberId,
    communityId: COMMUNITY,
    isAdmin: false,
    isLeader: false,
    volunteerBuildingIds: [],
    household: label ? { id: `h-${label}`, label, buildingId: `b${label.split('-')[0]}` } : null,
    ...rest,
  };
}

/** An open post of 1-101's, by member m1. */
export function post(over: Partial<Post> = {}): Post {
  const at = new Date('2026-12-06T08:00:00Z');
  return {
    id: 'p1',
    communityId: COMMUNITY,
    kind: 'need',
    status: 'open',
    title: '求药',
    body: null,
    householdId: 'h-1-101',
    householdLabel: '1-101',
    buildingId: 'b1',
    authorMemberId: 'm1',
    authorRole: null,
    onBehalf: false,
    helperHouseholdId: null,
    helperLabel: null,
    helperMemberId: null,
    helperRole: null,
    replyCount: 0,
    removedReason: null,
    createdAt: at,
    updatedAt: at,
    endedAt: null,
    ...over,
  };
}
