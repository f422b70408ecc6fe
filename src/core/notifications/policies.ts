/** Who may read which notifications. Pure. */

/** A member as the feed sees them: their compound, their verified household (if any), their read marker. */
export interface FeedViewer {
  memberId: string;
  communityId: string;
  /** Only a verified claim counts: a pending claimant must not read a household's notifications. */
  householdId: string | null;
  joinedAt: Date;
  lastReadAt: Date | null;
  /**
   * Which writes had committed when the marker was last set (PostgreSQL's pg_snapshot, as text; the
   * repository compares rows with it). Null without a marker, or for one set before snapshots were kept.
   */
  readSnapshot: string | null;
  /**
   * Proxy households (代管户: a neighbour without a smartphone) whose notices this member is told too
   * (`looksAfter`): nobody of such a household reads its own. Empty for most members.
   */
  looksAfter: ProxyWatched[];
}

/** A proxy household: its id, and its label for the feed ("代管 1-101"). */
export interface ProxyRef {
  id: string;
  label: string;
}

/** A proxy household whose notices a member reads for it, and whether they act for it (`actsForProxy`). */
export interface ProxyWatched extends ProxyRef {
  actsFor: boolean;
}

/** A proxy household as `looksAfter` weighs it: where it is, and who registered it (or last updated it). */
export interface ProxyCandidate extends ProxyRef {
  communityId: string;
  buildingId: string;
  managedBy: string | null;
}

/** The member as `looksAfter` weighs them: their roles in the compound. */
export interface ProxyWatcher {
  memberId: string;
  communityId: string;
  isAdmin: boolean;
  volunteerBuildingIds: readonly string[];
}

/**
 * Whose notices a member is told for a proxy household: every volunteer of its building (楼长 knock on the door
 * and order for it), and the admin who registered it (a building without a volunteer). Other admins are not:
 * the whole compound's proxies would fill their feed. One who no longer has the role is told nothing.
 */
export function looksAfter(m: ProxyWatcher, h: ProxyCandidate): boolean {
  if (h.communityId !== m.communityId) return false;
  return m.volunteerBuildingIds.includes(h.buildingId) || (m.isAdmin && h.managedBy === m.memberId);
}

/**
 * Who acts for a proxy household on its notices (pays for it, hands its refunds over, signs for it: 代付, 代收退款,
 * 代签收, the money and distribution contexts' rules): its building's volunteers. The admin who registered it reads
 * its notices, and acts from 收款对账 and the board as for any household.
 */
export function actsForProxy(m: ProxyWatcher, h: ProxyCandidate): boolean {
  return h.communityId === m.communityId && m.volunteerBuildingIds.includes(h.buildingId);
}

/** Any member of the compound has a feed (community-wide rows at least); nobody else. */
export function canReadFeed(viewer: FeedViewer | null): viewer is FeedViewer {
  return viewer !== null;
}

/**
 * A notification is visible to a member of its compound when it is community-wide, for their household, or for
 * a proxy household they look after.
 */
export function isVisibleTo(
  n: { communityId: string; householdId: string | null },
  viewer: Pick<FeedViewer, 'communityId' | 'householdId' | 'looksAfter'>,
): boolean {
  if (n.communityId !== viewer.communityId) return false;
  if (n.householdId === null || (viewer.householdId !== null && n.householdId === viewer.householdId))
    return true;
  return viewer.looksAfter.some((p) => p.id === n.householdId);
}

/** The proxy household a notice is for, when it is one the viewer looks after (not their own). */
export function onBehalfOf(
  n: { householdId: string | null },
  viewer: Pick<FeedViewer, 'householdId' | 'looksAfter'>,
): ProxyWatched | null {
  if (n.householdId === null || n.householdId === viewer.householdId) return null;
  const p = viewer.looksAfter.find((w) => w.id === n.householdId);
  return p ? { id: p.id, label: p.label, actsFor: p.actsFor } : null;
}

/** Everything up to this instant is read: the member's marker, or the moment they joined (no backlog). */
export function readMarker(viewer: Pick<FeedViewer, 'joinedAt' | 'lastReadAt'>): Date {
  return viewer.lastReadAt ?? viewer.joinedAt;
}

/**
 * Read: dated at or before the marker, and already committed when the marker was set (`committedByMark`). A
 * row's time is its batch's, taken before the batch commits: with two writers at once a row can commit
 * after a newer one was marked read, and the member never saw it.
 */
export const isRead = (
  n: { createdAt: Date; committedByMark: boolean },
  viewer: Pick<FeedViewer, 'joinedAt' | 'lastReadAt'>,
): boolean => n.committedByMark && n.createdAt.getTime() <= readMarker(viewer).getTime();

/** A read marker only moves forward: marking older notifications read never un-reads newer ones. */
export function nextReadMarker(current: Date | null, upTo: Date): Date {
  return current && current.getTime() >= upTo.getTime() ? current : upTo;
}
