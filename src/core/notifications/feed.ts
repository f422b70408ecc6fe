import { AppError, forbidden } from '../shared/app-error.ts';
import type { Actor } from '../shared/actor.ts';
import type { NotificationRecord } from './model.ts';
import type { FeedDeps } from './ports.ts';
import {
  canReadFeed,
  isRead,
  nextReadMarker,
  onBehalfOf,
  type FeedViewer,
  type ProxyWatched,
} from './policies.ts';

export const MAX_PAGE = 100;
/** The unread badge counts this far and then says "99+": a bounded count stays cheap at any size. */
export const UNREAD_CAP = 100;

export interface FeedItem extends NotificationRecord {
  read: boolean;
  /** The proxy household when the notice is for one the reader looks after (代管), not their own. */
  onBehalfOf: ProxyWatched | null;
}

export interface Feed {
  notifications: FeedItem[];
  unreadCount: number;
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: string | null;
}

async function requireViewer(deps: FeedDeps, communityId: string, actor: Actor): Promise<FeedViewer> {
  const viewer = await deps.repo.viewer(communityId, actor.userId);
  if (!canReadFeed(viewer))
    throw forbidden('Only members of this compound can read its notifications', 'not_a_member');
  return viewer;
}

async function cursor(deps: FeedDeps, viewer: FeedViewer, id: string | undefined) {
  if (id === undefined) return null;
  const found = await deps.repo.findVisible(viewer, id);
  if (!found)
    throw new AppError('invalid', 'That notification is not in your feed; start again without it', {
      code: 'unknown_notification',
    });
  return found;
}

/** GET /api/communities/{id}/notifications: the member's household's and the compound's, newest first. */
export async function listNotifications(
  deps: FeedDeps,
  actor: Actor,
  input: { communityId: string; before?: string; limit: number },
): Promise<Feed> {
  const viewer = await requireViewer(deps, input.communityId, actor);
  const before = await cursor(deps, viewer, input.before);
  const limit = Math.min(Math.max(1, input.limit), MAX_PAGE);
  const [page, unreadCount] = await Promise.all([
    deps.repo.feed(viewer, before, limit),
    deps.repo.unreadCount(viewer, UNREAD_CAP),
  ]);
  return {
    notifications: page.items.map(({ committedByMark, ...n }) => ({
      ...n,
      read: isRead({ createdAt: n.createdAt, committedByMark }, viewer),
      onBehalfOf: onBehalfOf(n, viewer),
    })),
    unreadCount,
    nextBefore: page.hasMore ? (page.items.at(-1)?.id ?? null) : null,
  };
}

/**
 * POST /api/communities/{id}/notifications/read: marks the feed read up to a notification (`upTo`), or all
 * of it. The marker's time never moves back; what has committed by now is taken anew each time, so a notice
 * that came in late under the marker's time is read once it is marked (the phone sends the newest it shows).
 * Returns the new unread count.
 */
export async function markNotificationsRead(
  deps: FeedDeps,
  actor: Actor,
  input: { communityId: string; upTo?: string },
): Promise<{ unreadCount: number }> {
  const viewer = await requireViewer(deps, input.communityId, actor);
  const upTo =
    input.upTo === undefined
      ? await deps.repo.newestAt(viewer)
      : (await cursor(deps, viewer, input.upTo))!.createdAt;
  if (upTo) {
    const marker = await deps.repo.markRead(viewer.memberId, nextReadMarker(viewer.lastReadAt, upTo));
    viewer.lastReadAt = marker.lastReadAt;
    viewer.readSnapshot = marker.readSnapshot;
    // The household's other phones ask their count again (a member without a verified household shares a
    // bell with every such member of the compound, so theirs wait for the minute's poll).
    if (viewer.householdId !== null)
      deps.events.publish([
        {
          type: 'notifications.read',
          communityId: viewer.communityId,
          householdId: viewer.householdId,
          at: deps.clock.now().toISOString(),
        },
      ]);
  }
  return { unreadCount: await deps.repo.unreadCount(viewer, UNREAD_CAP) };
}

/**
 * The counts of bells that open together (realtime/bell-counts.ts): each member's unread count, read afresh
 * (they may have marked their notices read on another phone meanwhile), or null once they are not a member.
 * Two statements for the lot: the viewers (batched), and the counts.
 */
export async function unreadCountsOf(
  deps: FeedDeps,
  asks: readonly { communityId: string; userId: string }[],
): Promise<(number | null)[]> {
  const viewers = await Promise.all(asks.map((a) => deps.repo.viewer(a.communityId, a.userId)));
  const members = viewers.filter(canReadFeed);
  const counts = await deps.repo.unreadCounts(members, UNREAD_CAP);
  let next = 0;
  return viewers.map((v) => (canReadFeed(v) ? counts[next++]! : null));
}

/**
 * GET /api/communities/{id}/notifications/events: whose bell the caller hears: their verified household's
 * notices and the compound's (members only, like the feed), and those of the proxy households they look after
 * (`looksAfter`: their ids, as of the bell's opening).
 */
export async function bellOf(
  deps: FeedDeps,
  actor: Actor,
  communityId: string,
): Promise<{ communityId: string; householdId: string | null; looksAfter: string[] }> {
  const viewer = await requireViewer(deps, communityId, actor);
  return { communityId, householdId: viewer.householdId, looksAfter: viewer.looksAfter.map((p) => p.id) };
}
