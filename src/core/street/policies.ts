/**
 * 邻里街坊: who may do what. Pure functions of the viewer (their roles and verified household) and the post;
 * `decide` (post-fns.ts) applies them with the post's state, and every street route goes through it.
 */
import type { Post, PostKind, StreetRole } from './model.ts';

/** The person acting, as 邻里街坊 sees them: their roles and their verified household, if any. */
export interface StreetViewer {
  memberId: string;
  communityId: string;
  isAdmin: boolean;
  isLeader: boolean;
  volunteerBuildingIds: readonly string[];
  /** A household with the viewer's verified claim (a pending or rejected one does not count). */
  household: { id: string; label: string; buildingId: string } | null;
}

/** The role shown beside a label: the highest the viewer holds. */
export function roleOf(
  v: Pick<StreetViewer, 'isAdmin' | 'isLeader' | 'volunteerBuildingIds'>,
): StreetRole | null {
  if (v.isAdmin) return 'admin';
  if (v.isLeader) return 'leader';
  return v.volunteerBuildingIds.length > 0 ? 'volunteer' : null;
}

/** Someone the compound knows: a verified household, or a role it gave them. Others only read. */
export const isKnown = (v: StreetViewer): boolean => v.household !== null || roleOf(v) !== null;

/** The post's own side: its household's verified members and whoever posted it. */
export const isAuthorSide = (v: StreetViewer, p: Pick<Post, 'householdId' | 'authorMemberId'>): boolean =>
  (p.householdId !== null && v.household?.id === p.householdId) || v.memberId === p.authorMemberId;

/** Whoever took the need: the helper's household's members and the helper. */
export const isHelperSide = (
  v: StreetViewer,
  p: Pick<Post, 'helperHouseholdId' | 'helperMemberId'>,
): boolean =>
  (p.helperHouseholdId !== null && v.household?.id === p.helperHouseholdId) ||
  v.memberId === p.helperMemberId;

/** Whether the viewer may post this kind at all (a notice: admins and leaders). */
export function mayPostKind(v: StreetViewer, kind: PostKind): boolean {
  return kind === 'notice' ? v.isAdmin || v.isLeader : isKnown(v);
}

/** 代发: an admin, or a volunteer of the household's building, posts for it (not a notice). */
export function mayPostFor(v: StreetViewer, household: { buildingId: string }, kind: PostKind): boolean {
  return kind !== 'notice' && (v.isAdmin || v.volunteerBuildingIds.includes(household.buildingId));
}
