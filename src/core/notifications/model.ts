/** In-app notifications: what a household (or the whole compound) is told, as type + parameters. */

export const NOTIFICATION_TYPES = [
  'buy_opened',
  'order_waitlisted',
  'order_promoted',
  'order_cancelled_for_you',
  'buy_closed',
  'buy_failed',
  'buy_threshold_met',
  // the leader's own (to their household): the deadline closed their buy
  'leader_buy_closed',
  'leader_buy_failed',
  'pool_joined',
  'buy_cancelled',
  'buy_arrived',
  'buy_items_changed',
  // money
  'payment_confirmed',
  'payment_disputed',
  'refund_due',
  'refund_sent',
  // distribution
  'delivery_update',
  'package_delivered',
  // a delivery mark taken back after its 已送达 notice was shown
  'package_undelivered',
  'order_adjusted',
  'report_resolved',
  // the compound: a claim on the household was verified (its members may join buys now)
  'claim_verified',
  // street (邻里街坊)
  'help_offered',
  'help_released',
  'help_resolved',
  'post_replied',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/** Message parameters (never prose: the web localises). Values are plain JSON. */
export type NotificationData = Record<string, unknown>;

export interface NotificationRecord {
  id: string;
  communityId: string;
  /** null: community-wide. */
  householdId: string | null;
  buyId: string | null;
  type: NotificationType;
  data: NotificationData;
  createdAt: Date;
}

/** One row to store: for one household, or community-wide (householdId null). */
export interface NotificationRow {
  communityId: string;
  householdId: string | null;
  buyId: string | null;
  type: NotificationType;
  data: NotificationData;
}

/**
 * Which households of a buy a fan-out reaches (resolved by one INSERT … SELECT, never a loop):
 * live: every order not cancelled; allocated: orders that hold goods; released: orders the buy itself
 * cancelled (it failed or was cancelled); holders: live orders with a line on one of `itemIds`.
 */
export type FanOutAudience =
  | { kind: 'live' }
  | { kind: 'allocated' }
  | { kind: 'released'; reason: 'buy_failed' | 'buy_cancelled' }
  | { kind: 'holders'; itemIds: string[] };

/** One notification per household of a buy's audience; each row's data also gets `orderStatus`. */
export interface FanOut {
  communityId: string;
  buyId: string;
  type: NotificationType;
  data: NotificationData;
  audience: FanOutAudience;
}

/**
 * A household's notices of one type about a buy that are still held for the quiet hours (stored with a time to
 * come), to be deleted: they would tell what is no longer true.
 */
export interface Withdrawal {
  communityId: string;
  householdId: string;
  buyId: string;
  type: NotificationType;
}

/**
 * What an event makes: a row, a fan-out, or a withdrawal of held notices with the row to store instead when
 * nothing was held (the notice was shown: a correction follows it).
 */
export type NotificationPlan =
  | { kind: 'row'; row: NotificationRow }
  | { kind: 'fan_out'; fanOut: FanOut }
  | { kind: 'withdraw'; withdraw: Withdrawal; otherwise: NotificationRow };
