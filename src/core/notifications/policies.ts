/** Who may read which notifications. Pure. */

/** A member as the feed sees them: their compound, their verified household (if any), their read marker. */
export interface FeedViewer {
  memberId: string;
  communityId: string;
  /** Only a verified claim counts: a pending claimant must not read a household's notifications. */
  householdId: string | null;
  joinedAt: Date;
  lastReadAt: Date | null;
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

export const isRead = (createdAt: Date, viewer: Pick<FeedViewer, 'joinedAt' | 'lastReadAt'>): boolean =>
  createdAt.getTime() <= readMarker(viewer).getTime();

/** A read marker only moves forward: marking older notifications read never un-reads newer ones. */
export function nextReadMarker(current: Date | null, upTo: Date): Date {
  return current && current.getTime() >= upTo.getTime() ? current : upTo;
}
