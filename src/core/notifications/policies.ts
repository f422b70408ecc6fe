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
}

/** Any member of the compound has a feed (community-wide rows at least); nobody else. */
export function canReadFeed(viewer: FeedViewer | null): viewer is FeedViewer {
  return viewer !== null;
}

/** A notification is visible to a member of its compound when it is community-wide or for their household. */
export function isVisibleTo(
  n: { communityId: string; householdId: string | null },
  viewer: Pick<FeedViewer, 'communityId' | 'householdId'>,
): boolean {
  if (n.communityId !== viewer.communityId) return false;
  return n.householdId === null || (viewer.householdId !== null && n.householdId === viewer.householdId);
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
