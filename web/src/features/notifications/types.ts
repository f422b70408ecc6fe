/** GET /api/communities/{id}/notifications (docs/notifications.md). */
export const NOTIFICATION_TYPES = [
  'buy_opened',
  'order_waitlisted',
  'order_promoted',
  'order_cancelled_for_you',
  'buy_closed',
  'buy_failed',
  'buy_threshold_met',
  'leader_buy_closed',
  'leader_buy_failed',
  'pool_joined',
  'buy_cancelled',
  'buy_arrived',
  'buy_items_changed',
  'payment_confirmed',
  'payment_disputed',
  'refund_due',
  'refund_sent',
  // distribution
  'delivery_update',
  'package_delivered',
  'package_undelivered',
  'order_adjusted',
  'report_resolved',
  // the compound: a claim on the household was verified ({householdLabel})
  'claim_verified',
  // 邻里街坊 (docs/street.md): no buy, a post ({postId, postTitle, byLabel, byRole})
  'help_offered',
  'help_released',
  'help_resolved',
  'post_replied',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

export interface Notification {
  id: string;
  /** A string, not the union: a newer server may send a type this screen does not know yet. */
  type: string;
  /** The buy it is about; null for a street post's notice (its post is in `data.postId`). */
  buyId: string | null;
  data: Record<string, unknown>;
  createdAt: string;
  read: boolean;
  /**
   * For a proxy household the reader looks after (代管: a neighbour without a smartphone), its label; null for
   * their own household's and the compound's. Absent from an older server.
   */
  onBehalfOf?: string | null;
  /** That proxy household's id, for its building's volunteers' links that act for it (代付, 代签收); else null. */
  onBehalfOfHouseholdId?: string | null;
}

export interface NotificationFeed {
  notifications: Notification[];
  unreadCount: number;
  nextBefore: string | null;
}
