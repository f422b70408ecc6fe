/** Domain event + what the database says now → the notifications to store. Pure: no I/O. */
import type { DomainEvent } from '../shared/events.ts';
import type { FanOut, NotificationPlan, NotificationRow } from './model.ts';

export interface BuyFacts {
  id: string;
  communityId: string;
  title: string;
  deadline: string;
}

export interface OrderLineFacts {
  itemId: string;
  itemName: string;
  qty: number;
  waitlistedQty: number;
}

export interface OrderFacts {
  id: string;
  householdId: string;
  householdLabel: string;
  status: 'active' | 'waitlisted' | 'cancelled';
  lines: OrderLineFacts[];
}

export interface ItemFacts {
  id: string;
  name: string;
  unit: string | null;
  priceFen: number;
}

/** A waitlisted line as a notification records it (also what the dedupe compares). */
export interface WaitlistedLine {
  itemId: string;
  itemName: string;
  qty: number;
  waitlistedQty: number;
}

/** What the notifier looked up for one event; only the fields that event needs are filled. */
export interface EventContext {
  buy: BuyFacts | null;
  order?: OrderFacts | null;
  /** order.cancelled: the member who cancelled holds a verified claim on the order's household. */
  cancelledByOwnHousehold?: boolean;
  /** order.placed/updated: the lines of this order's latest notification, when that was a waitlist one. */
  lastWaitlisted?: WaitlistedLine[] | null;
  /** buy.items_changed and order.promoted: the items concerned, as they are now. */
  items?: ItemFacts[];
  /** buy.threshold_met: the compound was told before that this buy reached its threshold. */
  toldBefore?: boolean;
  /** buy.closed, buy.failed, pool.joined: the buy's leader, their household (if verified), the buy's counters. */
  leader?: LeaderFacts | null;
}

/** The member who runs a buy, as its close tells them (notify.ts reads it for buy.closed and buy.failed). */
export interface LeaderFacts {
  memberId: string;
  /** Their verified household in the buy's compound: where their notices go. */
  household: { id: string; label: string } | null;
  liveOrders: number;
  amountFen: number;
}

/** The event types that can lead to a notification; everything else is ignored without a lookup. */
export const NOTIFYING_EVENTS = new Set<DomainEvent['type']>([
  'buy.published',
  'buy.closed',
  'buy.failed',
  'buy.threshold_met',
  'pool.joined',
  'buy.cancelled',
  'buy.status_changed',
  'buy.items_changed',
  'order.placed',
  'order.updated',
  'order.promoted',
  'order.cancelled',
  // money
  'payment.confirmed',
  'payment.disputed',
  'refund.due',
  'refund.sent',
  // distribution
  'delivery.posted',
  'package.delivered',
  'package.undelivered',
  'order.adjusted',
  'delivery_report.resolved',
  // the compound
  'household.verified',
  // street
  'post.changed',
  'post.replied',
]);

/**
 * Whether an event's notifications go out at once, even in the compound's quiet hours. Buy and order events
 * keep their behaviour (immediate); distribution's news waits for the morning unless the leader marks a
 * post urgent ("at the gate now, come down": a household that asked to be woken). A refund that became due
 * waits too: the ledger's sync posts it by itself, seconds after the shortage (order.adjusted) that caused
 * it, and the two notices belong together, not one at 3 a.m. and the other at 7. So does 成团
 * (buy.threshold_met): good news that asks nothing of anyone, told to the whole compound; and a compound
 * joining a leader's pool (pool.joined).
 */
export function isUrgent(event: DomainEvent): boolean {
  switch (event.type) {
    case 'delivery.posted':
      return event.urgent;
    case 'package.delivered':
    case 'package.undelivered':
    case 'order.adjusted':
    case 'delivery_report.resolved':
    case 'refund.due':
    case 'buy.threshold_met':
    case 'pool.joined':
      return false;
    default:
      return true;
  }
}

/**
 * Every row in the same field order, whichever case built it (some spread a shared base, in another order):
 * the notifier's loops and the INSERT then see one object shape, and a buy's "opened" row between two rushes
 * does not make V8 drop their compiled code.
 */
const row = (r: NotificationRow): NotificationPlan => ({
  kind: 'row',
  row: { communityId: r.communityId, householdId: r.householdId, buyId: r.buyId, type: r.type, data: r.data },
});
const fanOut = (f: FanOut): NotificationPlan => ({ kind: 'fan_out', fanOut: f });

/** The waitlisted lines of a live order, ordered by item id so two notifications compare equal. */
export function waitlistedLines(order: OrderFacts): WaitlistedLine[] {
  const lines: WaitlistedLine[] = [];
  if (order.status === 'cancelled') return lines;
  for (const l of order.lines)
    if (l.waitlistedQty > 0)
      lines.push({ itemId: l.itemId, itemName: l.itemName, qty: l.qty, waitlistedQty: l.waitlistedQty });
  // Sorted only when there is something to sort: a rush's first orders (nothing waitlisted) and its later ones
  // then reach no array built-in with arrays of two element kinds, which made V8 drop the compiled function at
  // the start of each rush and compile it again.
  if (lines.length > 1) lines.sort((a, b) => (a.itemId < b.itemId ? -1 : a.itemId > b.itemId ? 1 : 0));
  return lines;
}

const sameWaitlist = (a: readonly WaitlistedLine[], b: readonly WaitlistedLine[]) =>
  a.length === b.length &&
  a.every((l, i) => l.itemId === b[i]!.itemId && l.waitlistedQty === b[i]!.waitlistedQty);

function orderWaitlisted(buy: BuyFacts, ctx: EventContext): NotificationPlan[] {
  const order = ctx.order;
  if (!order) return [];
  const lines = waitlistedLines(order);
  // Edits that leave the waitlist as it was (a note, another item) do not tell the household again.
  if (lines.length === 0 || (ctx.lastWaitlisted && sameWaitlist(lines, ctx.lastWaitlisted))) return [];
  return [
    row({
      communityId: buy.communityId,
      householdId: order.householdId,
      buyId: buy.id,
      type: 'order_waitlisted',
      data: { buyTitle: buy.title, householdLabel: order.householdLabel, orderId: order.id, items: lines },
    }),
  ];
}

/**
 * The leader's own notice of their buy's close, when they did not close it themselves: the deadline did (or
 * the pool's, or an admin), perhaps at night, and the supplier's order is theirs to send now (a failure: that
 * the orders were released). To their household, whose bell they hear; none without one (the home's 待办 still
 * lists the buy). Beside the participants' notice, which their household also gets when it ordered.
 */
function toLeader(
  event: DomainEvent & { type: 'buy.closed' | 'buy.failed' },
  ctx: EventContext,
  type: 'leader_buy_closed' | 'leader_buy_failed',
): NotificationPlan[] {
  const { buy, leader } = ctx;
  if (!buy || !leader?.household || event.byMemberId === leader.memberId) return [];
  return [
    row({
      communityId: buy.communityId,
      householdId: leader.household.id,
      buyId: buy.id,
      type,
      data: {
        buyTitle: buy.title,
        householdLabel: leader.household.label,
        ...(type === 'leader_buy_closed' ? { orders: leader.liveOrders, amountFen: leader.amountFen } : {}),
      },
    }),
  ];
}

/** The notifications one domain event leads to (none for events nobody needs to be told about). */
export function notificationsFor(event: DomainEvent, ctx: EventContext): NotificationPlan[] {
  if (event.type === 'post.changed' || event.type === 'post.replied') return streetNotices(event);
  if (event.type === 'household.verified') return claimNotice(event);
  const buy = ctx.buy;
  if (!buy) return [];
  const base = { communityId: buy.communityId, buyId: buy.id };
  const buyTitle = buy.title;
  switch (event.type) {
    case 'buy.published':
      return [
        row({ ...base, householdId: null, type: 'buy_opened', data: { buyTitle, deadline: buy.deadline } }),
      ];
    case 'buy.closed':
      return [
        fanOut({ ...base, type: 'buy_closed', data: { buyTitle }, audience: { kind: 'live' } }),
        ...toLeader(event, ctx, 'leader_buy_closed'),
      ];
    // Another compound joined the leader's 联合团购: to the host leader's household, like their close notices.
    case 'pool.joined': {
      const household = ctx.leader?.household;
      if (!household) return [];
      return [
        row({
          ...base,
          householdId: household.id,
          type: 'pool_joined',
          data: {
            buyTitle,
            householdLabel: household.label,
            compoundName: event.compoundName,
            gate: event.gate,
          },
        }),
      ];
    }
    // 成团, once per buy (a cancellation can take it back under and a join over again): the whole compound, in
    // one row, as for the opening. Those in it learn it goes ahead; the others, that a join now is a sure one.
    // A 联合团购's says how many compounds reached it together.
    case 'buy.threshold_met':
      if (ctx.toldBefore !== false) return [];
      return [
        row({
          ...base,
          householdId: null,
          type: 'buy_threshold_met',
          data: event.pool
            ? { buyTitle, deadline: buy.deadline, compounds: event.pool.compounds }
            : { buyTitle, deadline: buy.deadline },
        }),
      ];
    case 'buy.failed':
      return [
        fanOut({
          ...base,
          type: 'buy_failed',
          data: { buyTitle },
          audience: { kind: 'released', reason: 'buy_failed' },
        }),
        ...toLeader(event, ctx, 'leader_buy_failed'),
      ];
    case 'buy.cancelled':
      return [
        fanOut({
          ...base,
          type: 'buy_cancelled',
          data: { buyTitle, reason: event.reason },
          audience: { kind: 'released', reason: 'buy_cancelled' },
        }),
      ];
    case 'buy.status_changed':
      if (event.status !== 'arrived') return [];
      return [fanOut({ ...base, type: 'buy_arrived', data: { buyTitle }, audience: { kind: 'allocated' } })];
    case 'buy.items_changed': {
      const items = (ctx.items ?? []).filter((i) => event.itemIds.includes(i.id));
      if (items.length === 0) return [];
      return [
        fanOut({
          ...base,
          type: 'buy_items_changed',
          data: {
            buyTitle,
            items: items.map((i) => ({ itemId: i.id, itemName: i.name, unit: i.unit, priceFen: i.priceFen })),
          },
          audience: { kind: 'holders', itemIds: items.map((i) => i.id) },
        }),
      ];
    }
    case 'order.placed':
    case 'order.updated':
      return orderWaitlisted(buy, ctx);
    case 'order.promoted': {
      const order = ctx.order;
      if (!order || order.status === 'cancelled') return [];
      const item = ctx.items?.find((i) => i.id === event.itemId);
      return [
        row({
          ...base,
          householdId: order.householdId,
          type: 'order_promoted',
          data: {
            buyTitle,
            householdLabel: order.householdLabel,
            orderId: order.id,
            itemId: event.itemId,
            itemName: item?.name ?? null,
            qty: event.qty,
          },
        }),
      ];
    }
    case 'order.cancelled': {
      const order = ctx.order;
      // Unknown canceller (an older event) or the household itself: nothing to tell.
      if (!order || event.byMemberId === undefined || ctx.cancelledByOwnHousehold !== false) return [];
      return [
        row({
          ...base,
          householdId: order.householdId,
          type: 'order_cancelled_for_you',
          data: { buyTitle, householdLabel: order.householdLabel, orderId: order.id },
        }),
      ];
    }
    case 'payment.confirmed':
    case 'payment.disputed':
      return [
        row({
          ...base,
          householdId: event.householdId,
          type: event.type === 'payment.confirmed' ? 'payment_confirmed' : 'payment_disputed',
          data: { buyTitle, amountFen: event.amountFen, reason: event.reason ?? null },
        }),
      ];
    case 'refund.due':
    case 'refund.sent':
      return [
        row({
          ...base,
          householdId: event.householdId,
          type: event.type === 'refund.due' ? 'refund_due' : 'refund_sent',
          data: { buyTitle, amountFen: event.amountFen },
        }),
      ];
    case 'delivery.posted':
      return [
        fanOut({
          ...base,
          type: 'delivery_update',
          data: { buyTitle, kind: event.kind, message: event.message },
          audience: { kind: 'allocated' },
        }),
      ];
    case 'package.delivered':
      return [
        row({ ...base, householdId: event.householdId, type: 'package_delivered', data: { buyTitle } }),
      ];
    // A mark taken back: its 已送达 notice, while still held for the morning, is withdrawn (nobody hears of
    // either); one already shown is followed by a correction.
    case 'package.undelivered':
      return [
        {
          kind: 'withdraw',
          withdraw: { ...base, householdId: event.householdId, type: 'package_delivered' },
          otherwise: {
            ...base,
            householdId: event.householdId,
            type: 'package_undelivered',
            data: { buyTitle },
          },
        },
      ];
    case 'order.adjusted':
      return [
        row({
          ...base,
          householdId: event.householdId,
          type: 'order_adjusted',
          data: { buyTitle, kind: event.kind, orderId: event.orderId, refundFen: -event.amountFenDelta },
        }),
      ];
    case 'delivery_report.resolved':
      // A refund is told once, by its order.adjusted notification (with the amount).
      if (event.resolution === 'refunded') return [];
      return [
        row({
          ...base,
          householdId: event.householdId,
          type: 'report_resolved',
          data: { buyTitle, reportId: event.reportId, resolution: event.resolution },
        }),
      ];
    default:
      return [];
  }
}

/** The changes of a post its household is told of. */
const STREET_CHANGES: Partial<Record<string, 'help_offered' | 'help_released' | 'help_resolved'>> = {
  take: 'help_offered',
  release: 'help_released',
  resolve: 'help_resolved',
};

/**
 * A claim on a household was verified: its members hear they may join buys now (the claimant waited for it; a
 * member already there learns a neighbour of theirs joined). A proxy registered by a volunteer tells no one.
 */
function claimNotice(event: Extract<DomainEvent, { type: 'household.verified' }>): NotificationPlan[] {
  if (event.claimLabel === undefined) return [];
  return [
    row({
      communityId: event.communityId,
      householdId: event.householdId,
      buyId: null,
      type: 'claim_verified',
      data: { householdLabel: event.claimLabel },
    }),
  ];
}

/**
 * 邻里街坊: a post's household hears that someone took its need (help_offered), let it go again (help_released:
 * it waits for a helper again), marked it resolved (help_resolved: its helper or an admin did) or answered its post
 * (post_replied), not what its own members did. The event
 * brings everything the notice says.
 */
function streetNotices(
  event: Extract<DomainEvent, { type: 'post.changed' | 'post.replied' }>,
): NotificationPlan[] {
  if (event.postHouseholdId === null || event.byOwnSide) return [];
  const changed = event.type === 'post.changed' ? STREET_CHANGES[event.action] : 'post_replied';
  if (!changed) return [];
  return [
    row({
      communityId: event.communityId,
      householdId: event.postHouseholdId,
      buyId: null,
      type: changed,
      data: {
        postId: event.postId,
        postTitle: event.postTitle,
        byLabel: event.byLabel,
        byRole: event.byRole,
      },
    }),
  ];
}
