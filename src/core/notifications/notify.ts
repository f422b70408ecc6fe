import type { DomainEvent } from '../shared/events.ts';
import { isUrgent, NOTIFYING_EVENTS, notificationsFor, type EventContext } from './mapping.ts';
import { deliverAfter, type QuietHours } from '../distribution/quiet-hours.ts';
import type { NotificationPlan, NotificationRow } from './model.ts';
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
 * (community, household) reached so open phones refresh their badge. Events are handled in publication
 * order; rows of consecutive events that share a delivery time are inserted together (an arrival with a
 * shortage adjusts thousands of orders in one tick: one INSERT, not thousands). A failure is reported for
 * the events concerned and the rest still go through.
 */
export async function notifyOf(
  deps: NotifierDeps,
  events: readonly DomainEvent[],
  onError: (err: unknown, event: DomainEvent) => void,
): Promise<number> {
  const reached = new Map<string, { communityId: string; householdId: string | null }>();
  const reach = (a: { communityId: string; householdId: string | null }) =>
    reached.set(`${a.communityId} ${a.householdId}`, a);
  let stored = 0;
  let pre: Prefetched;
  try {
    pre = await prefetch(deps.repo, events);
  } catch (err) {
    for (const event of events) if (NOTIFYING_EVENTS.has(event.type)) onError(err, event);
    return 0;
  }
  const batchNow = deps.clock.now();
  const quiet = new Map<string, Promise<QuietHours | null>>();
  const quietOf = (communityId: string) => {
    let q = quiet.get(communityId);
    if (!q) quiet.set(communityId, (q = deps.repo.quietHours(communityId)));
    return q;
  };
  let pending: { at: Date; rows: NotificationRow[]; events: DomainEvent[] } | null = null;
  const flush = async () => {
    const batch = pending;
    pending = null;
    if (!batch) return;
    try {
      await deps.repo.insertRows(batch.rows, batch.at);
      stored += batch.rows.length;
      for (const r of batch.rows) reach({ communityId: r.communityId, householdId: r.householdId });
    } catch (err) {
      for (const event of batch.events) onError(err, event);
    }
  };
  for (const event of events) {
    if (!NOTIFYING_EVENTS.has(event.type)) continue;
    try {
      const plans = notificationsFor(event, await contextFor(deps.repo, event, pre));
      if (plans.length === 0) continue;
      // A notification held for quiet hours is stored with the time it may be shown: the feed only lists
      // rows whose time has come, so it appears (and counts as unread) when the quiet hours end.
      const at = isUrgent(event) ? batchNow : deliverAfter(batchNow, await quietOf(event.communityId), false);
      const rows = plans.flatMap((p) => (p.kind === 'row' ? [p.row] : []));
      if (rows.length > 0) {
        if (pending && pending.at.getTime() !== at.getTime()) await flush();
        pending ??= { at, rows: [], events: [] };
        pending.rows.push(...rows);
        pending.events.push(event);
      }
      const fanOuts = plans.flatMap((p) => (p.kind === 'fan_out' ? [p] : []));
      if (fanOuts.length > 0) await flush();
      for (const p of fanOuts) {
        const n = await deps.repo.fanOut(p.fanOut, at);
        stored += n;
        if (n > 0) reach(audienceOf(p));
      }
    } catch (err) {
      onError(err, event);
    }
  }
  await flush();
  const at = deps.clock.now().toISOString();
  deps.events.publish(
    [...reached.values()].map((a) => ({ type: 'notification.created', ...a, at }) satisfies DomainEvent),
  );
  return stored;
}
