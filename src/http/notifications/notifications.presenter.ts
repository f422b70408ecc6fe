/**
 * What the notification routes send: fields picked one by one. The household id stays on the server, but for a
 * proxy household's notice read by a volunteer of its building (代管): they act for it by its id (代付, 代签收).
 */
import type { Feed, FeedItem } from '../../core/notifications/feed.ts';

export const presentNotification = (n: FeedItem) => ({
  id: n.id,
  type: n.type,
  buyId: n.buyId,
  data: n.data,
  createdAt: n.createdAt.toISOString(),
  read: n.read,
  onBehalfOf: n.onBehalfOf?.label ?? null,
  // Only to those who act for it (its building's volunteers): the links it opens are theirs.
  onBehalfOfHouseholdId: n.onBehalfOf?.actsFor ? n.onBehalfOf.id : null,
});

export const presentFeed = (feed: Feed) => ({
  notifications: feed.notifications.map(presentNotification),
  unreadCount: feed.unreadCount,
  nextBefore: feed.nextBefore,
});
