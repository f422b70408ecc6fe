/** What the notification routes send: fields picked one by one (the household id stays on the server). */
import type { Feed, FeedItem } from '../../core/notifications/feed.ts';

export const presentNotification = (n: FeedItem) => ({
  id: n.id,
  type: n.type,
  buyId: n.buyId,
  data: n.data,
  createdAt: n.createdAt.toISOString(),
  read: n.read,
  onBehalfOf: n.onBehalfOf,
});

export const presentFeed = (feed: Feed) => ({
  notifications: feed.notifications.map(presentNotification),
  unreadCount: feed.unreadCount,
  nextBefore: feed.nextBefore,
});
