import type { DomainEvent } from '../shared/events.ts';
import { NOTIFYING_EVENTS, notificationsFor, type EventContext } from './mapping.ts';
import type { NotificationPlan } from './model.ts';
import type { NotificationWriter, NotifierDeps } from './ports.ts';

/** Looks up what `notificationsFor` needs for this event: one or two small queries, only for notifying events. */
async function contextFor(repo: NotificationWriter, event: DomainEvent): Promise<EventContext> {
  if (!('buyId' in event)) return { buy: null };
  const buy = await repo.buyFacts(event.buyId);
  if (!buy) return { buy: null };
  switch (event.type) {
    case 'buy.items_changed':
      return { buy, items: await repo.itemFacts(buy.id, event.itemIds) };
    case 'order.placed':
    case 'order.updated': {
      const order = await repo.orderFacts(event.orderId);
      if (!order || !order.lines.some((l) => l.waitlistedQty > 0)) return { buy, order };
      return { buy, order, lastWaitlisted: await repo.lastWaitlisted(order.householdId, order.id) };
    }
    case 'order.promoted': {
      const [order, items] = await Promise.all([
        repo.orderFacts(event.orderId),
        repo.itemFacts(buy.id, [event.itemId]),
      ]);
      return { buy, order, items };
    }
    case 'order.cancelled': {
      const order = await repo.orderFacts(event.orderId);
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
  for (const event of events) {
    if (!NOTIFYING_EVENTS.has(event.type)) continue;
    try {
      const plans = notificationsFor(event, await contextFor(deps.repo, event));
      if (plans.length === 0) continue;
      const now = deps.clock.now();
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
