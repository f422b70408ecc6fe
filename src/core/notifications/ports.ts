import type { DomainEvent } from '../shared/events.ts';
import type { Clock, EventPublisher } from '../shared/ports.ts';
import type { BuyFacts, ItemFacts, LeaderFacts, OrderFacts, WaitlistedLine } from './mapping.ts';
import type { FanOut, NotificationRecord, NotificationRow, NotificationType, Withdrawal } from './model.ts';
import type { FeedViewer } from './policies.ts';
import type { QuietHours } from '../distribution/quiet-hours.ts';

/** What the notifier reads to turn an event into notifications, and how it stores them. */
/** A (member, household) pair as `verifiedClaims` answers it. */
export const claimKey = (memberId: string, householdId: string) => `${memberId} ${householdId}`;

export interface NotificationWriter {
  buyFacts(buyId: string): Promise<BuyFacts | null>;
  /**
   * Several orders at once (one query for all the order events of a batch), keyed by id. `buyIds`: the buys
   * they belong to (the order journal of those, and only those, is expanded before they are read).
   */
  ordersFacts(orderIds: readonly string[], buyIds: readonly string[]): Promise<Map<string, OrderFacts>>;
  itemFacts(buyId: string, itemIds: readonly string[]): Promise<ItemFacts[]>;
  /**
   * Which of these (member, household) pairs are verified claims, as `claimKey`s: one query for all the
   * cancellations of a batch (a rush's wake brings hundreds).
   */
  verifiedClaims(pairs: readonly { memberId: string; householdId: string }[]): Promise<Set<string>>;
  /** The lines of the order's latest waitlist/promotion notification, when the latest was a waitlist one. */
  lastWaitlisted(communityId: string, householdId: string, orderId: string): Promise<WaitlistedLine[] | null>;
  /** The buy's leader (the member who created it), their verified household there, and the buy's counters. */
  leaderOf(buyId: string): Promise<LeaderFacts | null>;
  /** Whether the whole compound has a notice of this type about the buy (a held one included). */
  toldBefore(communityId: string, buyId: string, type: NotificationType): Promise<boolean>;
  /** The compound's quiet hours (distribution settings; the default 22:00–07:00 Shanghai when unset). */
  quietHours(communityId: string): Promise<QuietHours | null>;
  /**
   * Stores the rows; returns those it did not store, which can only be a compound's 成团 row stored a moment
   * before by another instance's notifier (the two looked at once): normally none.
   */
  insertRows(rows: readonly NotificationRow[], at: Date): Promise<readonly NotificationRow[]>;
  /** One INSERT … SELECT over the buy's orders; returns how many households it reached. */
  /** Stores one row per household the fan-out reaches; returns those households' ids. */
  fanOut(f: FanOut, at: Date): Promise<string[]>;
  /** Deletes the withdrawal's notices not shown yet (a time after `now`); returns how many there were. */
  withdrawHeld(w: Withdrawal, now: Date): Promise<number>;
}

/** A row of a member's feed: whether it had committed when their read marker was last set (isRead). */
export interface FeedRecord extends NotificationRecord {
  committedByMark: boolean;
}

export interface FeedPage {
  items: FeedRecord[];
  hasMore: boolean;
}

export interface NotificationReader {
  /** The caller's standing in the compound, or null when they are not a member. */
  viewer(communityId: string, userId: string): Promise<FeedViewer | null>;
  /** A notification visible to the viewer (for cursors), or null. */
  findVisible(viewer: FeedViewer, id: string): Promise<NotificationRecord | null>;
  /** Newest first, strictly older than `before` (created_at, id) when given. */
  feed(viewer: FeedViewer, before: NotificationRecord | null, limit: number): Promise<FeedPage>;
  /** Unread notifications, counted up to `cap` (the badge says "99+"). */
  unreadCount(viewer: FeedViewer, cap: number): Promise<number>;
  /** unreadCount for each viewer, in one statement (the bells that open together), in their order. */
  unreadCounts(viewers: readonly FeedViewer[], cap: number): Promise<number[]>;
  /** The newest visible notification's time, or null when the feed is empty. */
  newestAt(viewer: FeedViewer): Promise<Date | null>;
  /**
   * Moves the member's read marker forward to `upTo` (never back) and takes a new snapshot of what has
   * committed (only ever more than the last one). Returns the marker as stored.
   */
  markRead(memberId: string, upTo: Date): Promise<{ lastReadAt: Date; readSnapshot: string }>;
}

export type NotificationsRepo = NotificationWriter & NotificationReader;

export interface NotifierDeps {
  repo: NotificationWriter;
  clock: Clock;
  events: EventPublisher;
  /**
   * Publishes events at a later time: the notification.created of notifications held for the quiet hours,
   * due when they appear in the feed. Without it they are published at once, like the others.
   */
  later?(at: Date, events: DomainEvent[]): void;
}

export interface FeedDeps {
  repo: NotificationReader;
  clock: Clock;
  /** Tells the household's other phones that a member marked notifications read (notifications.read). */
  events: EventPublisher;
}
