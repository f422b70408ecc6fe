import type { DomainEvent } from '../shared/events.ts';
import { isUrgent, NOTIFYING_EVENTS, notificationsFor, type EventContext } from './mapping.ts';
import { deliverAfter } from '../distribution/quiet-hours.ts';
import type { NotificationPlan } from './model.ts';
import type { BuyFacts, OrderFacts } from './mapping.ts';
import type { NotificationWriter, NotifierDeps } from './ports.ts';

/** Facts shared by the events of one batch, loaded once: a rush publishes hundreds of order events a second. */
interface Prefetched {
  buys: Map<string, BuyFacts | null>;
  orders: Map<string, OrderFacts>;
}

async function prefetch(repo: NotificationWriter, events: readonly DomainEvent[]): Promise<Prefetched> {
  const buyIds = new Set<string>();
  const orderIds = new Set<string>();
  for (const e of events) {
    if (!NOTIFYING_EVENTS.has(e.type)) continue;
    if ('buyId' in e) buyIds.add(e.buyId);
    if ('orderId' in e) orderIds.add(e.orderId);
  }
  const [buys, orders] = await Promise.all([
    Promise.all([...buyIds].map(async (id) => [id, await repo.buyFacts(id)] as const)),
    repo.ordersFacts([...orderIds]),
  ]);
  return { buys: new Map(buys), orders };
}

/** What `notificationsFor` needs for this event: prefetched facts, plus a query only where one is needed. */
async function contextFor(
  repo: NotificationWriter,
  event: DomainEvent,
  pre: Prefetched,
): Promise<EventContext> {
  if (!('buyId' in event)) return { buy: null };
  const buy = pre.buys.get(event.buyId) ?? null;
  if (!buy) return { buy: null };
  switch (event.type) {
    case 'buy.items_changed':
      return { buy, items: await repo.itemFacts(buy.id, event.itemIds) };
    case 'order.placed':
    case 'order.updated': {
      const order = pre.orders.get(event.orderId) ?? null;
      if (!order || !order.lines.some((l) => l.waitlistedQty > 0)) return { buy, order };
      return { buy, order, lastWaitlisted: await repo.lastWaitlisted(order.householdId, order.id) };
    }
    case 'order.promoted': {
      const order = pre.orders.get(event.orderId) ?? null;
      return { buy, order, items: await repo.itemFacts(buy.id, [event.itemId]) };
    }
    case 'order.cancelled': {
      const order = pre.orders.get(event.orderId) ?? null;
      if (!order || event.byMemberId === undefined) return { buy, order };
      return {
        buy,
        order,
        cancelledByOwnHousehold: await repo.isVerifiedClaimant(event.byMemberId, order.householdId),
      };
    }
    default:
      return { buy };
  }
}

/** Whom a stored plan concerns, for the live notification.created event. */
const audienceOf = (plan: NotificationPlan) =>
  plan.kind === 'row'
    ? { communityId: plan.row.communityId, householdId: plan.row.householdId }
    : { communityId: plan.fanOut.communityId, householdId: null };

/**
 * Turns domain events into stored notifications, then publishes one notification.created per
 * (community, household) reached so open phones refresh their badge. Events are handled one by one in
 * publication order; a failure on one is reported and the rest still go through.
 */
export async function notifyOf(
  deps: NotifierDeps,
  events: readonly DomainEvent[],
  onError: (err: unknown, event: DomainEvent) => void,
): Promise<number> {
  const reached = new Map<string, { communityId: string; householdId: string | null }>();
  let stored = 0;
  let pre: Prefetched;
  try {
    pre = await prefetch(deps.repo, events);
  } catch (err) {
    for (const event of events) if (NOTIFYING_EVENTS.has(event.type)) onError(err, event);
    return 0;
  }
  for (const event of events) {
    if (!NOTIFYING_EVENTS.has(event.type)) continue;
    try {
      const plans = notificationsFor(event, await contextFor(deps.repo, event, pre));
      if (plans.length === 0) continue;
      // A notification held for quiet hours is stored with the time it may be shown: the feed only lists
      // rows whose time has come, so it appears (and counts as unread) when the quiet hours end.
      const now = isUrgent(event)
        ? deps.clock.now()
        : deliverAfter(deps.clock.now(), await deps.repo.quietHours(event.communityId), false);
      const rows = plans.flatMap((p) => (p.kind === 'row' ? [p.row] : []));
      if (rows.length > 0) await deps.repo.insertRows(rows, now);
      stored += rows.length;
      for (const p of plans) {
        if (p.kind !== 'fan_out') continue;
        const n = await deps.repo.fanOut(p.fanOut, now);
        stored += n;
        if (n === 0) continue;
        const a = audienceOf(p);
        reached.set(`${a.communityId} ${a.householdId}`, a);
      }
      for (const p of plans.filter((x) => x.kind === 'row')) {
        const a = audienceOf(p);
        reached.set(`${a.communityId} ${a.householdId}`, a);
      }
    } catch (err) {
      onError(err, event);
    }
  }
  const at = deps.clock.now().toISOString();
  deps.events.publish(
    [...reached.values()].map((a) => ({ type: 'notification.created', ...a, at }) satisfies DomainEvent),
  );
  return stored;
}
