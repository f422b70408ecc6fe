import type { DomainEvent } from '../shared/events.ts';
import { isUrgent, NOTIFYING_EVENTS, notificationsFor, type EventContext } from './mapping.ts';
import { deliverAfter, type QuietHours } from '../distribution/quiet-hours.ts';
import type { NotificationRow } from './model.ts';
import type { BuyFacts, ItemFacts, OrderFacts } from './mapping.ts';
import { claimKey, type NotificationWriter, type NotifierDeps } from './ports.ts';
import { orderFactsOf } from '../shared/event-facts.ts';

/** Facts shared by the events of one batch, loaded once: a rush publishes hundreds of order events a second. */
interface Prefetched {
  buys: Map<string, BuyFacts | null>;
  orders: Map<string, OrderFacts>;
  /** The items of the batch's promotions, by buy and item id (one query per buy, not per promotion). */
  items: Map<string, Map<string, ItemFacts>>;
  /** The batch's cancellers that hold a verified claim on the order's household (`claimKey`s). */
  claims: Set<string>;
}

/** A fact carried by every event about its id so far, or null once one came without it. */
const carry = <T>(map: Map<string, T | null>, id: string, value: T | undefined) =>
  map.set(id, value !== undefined && map.get(id) !== null ? value : null);
function missing<T>(map: Map<string, T | null>): string[] {
  const out: string[] = [];
  for (const [id, v] of map) if (!v) out.push(id);
  return out;
}
function known<T>(map: Map<string, T | null>): [string, T][] {
  const out: [string, T][] = [];
  for (const [id, v] of map) if (v) out.push([id, v]);
  return out;
}

async function prefetch(repo: NotificationWriter, events: readonly DomainEvent[]): Promise<Prefetched> {
  // A buy's or an order's facts come with the events when every event of this batch about it carries them
  // (the last one's: the state as of the batch, as a read would see it); otherwise they are read. A rush of
  // joins then costs no read at all.
  const buys = new Map<string, BuyFacts | null>();
  const orders = new Map<string, OrderFacts | null>();
  /** The buy of each order event's order. */
  const buyOf = new Map<string, string>();
  for (const e of events) {
    if (!NOTIFYING_EVENTS.has(e.type)) continue;
    const facts = orderFactsOf(e);
    if ('buyId' in e) carry(buys, e.buyId, facts?.buy.id === e.buyId ? facts.buy : undefined);
    if ('orderId' in e) {
      carry(orders, e.orderId, facts?.order.id === e.orderId ? facts.order : undefined);
      if ('buyId' in e) buyOf.set(e.orderId, e.buyId);
    }
  }
  const [buyIds, orderIds] = [missing(buys), missing(orders)];
  const ordersOf = new Set<string>();
  for (const id of orderIds) {
    const buyId = buyOf.get(id);
    if (buyId) ordersOf.add(buyId);
  }
  // One after another: the writer is a transaction's, whose connection takes one statement at a time (sent
  // together, they only queued in node-postgres's client, which pg 9 will refuse).
  const readBuys: (readonly [string, BuyFacts | null])[] = [];
  for (const id of buyIds) readBuys.push([id, await repo.buyFacts(id)]);
  const readOrders =
    orderIds.length > 0 ? await repo.ordersFacts(orderIds, [...ordersOf]) : new Map<string, OrderFacts>();
  const allOrders = new Map([...known(orders), ...readOrders]);
  // What promotions and cancellations look up, for the whole batch at once.
  const promoted = new Map<string, Set<string>>();
  const cancellers: { memberId: string; householdId: string }[] = [];
  for (const e of events) {
    if (e.type === 'order.promoted')
      promoted.set(e.buyId, (promoted.get(e.buyId) ?? new Set()).add(e.itemId));
    const order = e.type === 'order.cancelled' ? allOrders.get(e.orderId) : undefined;
    if (e.type === 'order.cancelled' && order && e.byMemberId !== undefined)
      cancellers.push({ memberId: e.byMemberId, householdId: order.householdId });
  }
  const items = new Map<string, Map<string, ItemFacts>>();
  for (const [buyId, ids] of promoted) {
    const list = await repo.itemFacts(buyId, [...ids]);
    items.set(buyId, new Map(list.map((i) => [i.id, i])));
  }
  const claims = cancellers.length > 0 ? await repo.verifiedClaims(cancellers) : new Set<string>();
  return { buys: new Map([...known(buys), ...readBuys]), orders: allOrders, items, claims };
}

/** What `notificationsFor` needs for this event: prefetched facts, plus a query only where one is needed. */
async function contextFor(
  repo: NotificationWriter,
  event: DomainEvent,
  pre: Prefetched,
  /** Stores the rows planned so far, so a lookup of earlier notifications sees them. */
  beforeLookup: () => Promise<void>,
): Promise<EventContext> {
  if (!('buyId' in event)) return { buy: null };
  const buy = pre.buys.get(event.buyId) ?? null;
  if (!buy) return { buy: null };
  switch (event.type) {
    case 'buy.items_changed':
      return { buy, items: await repo.itemFacts(buy.id, event.itemIds) };
    // Once a buy (a pool's join: a few times): who runs it, to tell them (mapping.ts).
    case 'buy.closed':
    case 'buy.failed':
    case 'pool.joined':
      return { buy, leader: await repo.leaderOf(buy.id) };
    // Rare (once a buy, or again after a fall back under): a lookup of the compound's earlier notice.
    case 'buy.threshold_met':
      await beforeLookup();
      return { buy, toldBefore: await repo.toldBefore(buy.communityId, buy.id, 'buy_threshold_met') };
    // A placed order is new (a rejoin gets a new id): nothing can have been said about it yet, so a rush
    // of joins costs no lookup per join.
    case 'order.placed':
      return { buy, order: pre.orders.get(event.orderId) ?? null, lastWaitlisted: null };
    case 'order.updated': {
      const order = pre.orders.get(event.orderId) ?? null;
      if (!order || !order.lines.some((l) => l.waitlistedQty > 0)) return { buy, order };
      await beforeLookup();
      return {
        buy,
        order,
        lastWaitlisted: await repo.lastWaitlisted(buy.communityId, order.householdId, order.id),
      };
    }
    case 'order.promoted': {
      const order = pre.orders.get(event.orderId) ?? null;
      const item = pre.items.get(buy.id)?.get(event.itemId);
      return { buy, order, items: item ? [item] : [] };
    }
    case 'order.cancelled': {
      const order = pre.orders.get(event.orderId) ?? null;
      if (!order || event.byMemberId === undefined) return { buy, order };
      return {
        buy,
        order,
        cancelledByOwnHousehold: pre.claims.has(claimKey(event.byMemberId, order.householdId)),
      };
    }
    default:
      return { buy };
  }
}

/** Rows planned for one event, not stored yet. */
interface PendingRows {
  event: DomainEvent;
  rows: NotificationRow[];
  at: Date;
}

/**
 * Turns domain events into stored notifications, then publishes one notification.created per
 * (community, household) reached, with how many it brings, so open phones refresh their badge (a fan-out
 * to a buy's households reaches each of them, not the compound). Events are handled in publication
 * order. Their single rows are stored together (one INSERT per distinct timestamp, normally one per batch),
 * before any fan-out or lookup of earlier notifications so the order of rows and what the lookups see are
 * as if each event were stored on its own. A failure is reported per event and the rest still go through:
 * when a combined INSERT fails, its events are retried one by one. A notification held for the compound's
 * quiet hours is stored with the time it may be shown (the feed lists only rows whose time has come).
 */
export async function notifyOf(
  deps: NotifierDeps,
  events: readonly DomainEvent[],
  onError: (err: unknown, event: DomainEvent) => void,
): Promise<number> {
  // Whom the stored notifications reach (a household, or the whole compound), from when they show (later,
  // for one held till morning), and how many of them.
  const reached = new Map<
    string,
    { communityId: string; householdId: string | null; from: number; count: number }
  >();
  const reach = (communityId: string, householdId: string | null, at: Date) => {
    const key = `${communityId} ${householdId} ${at.getTime()}`;
    const count = (reached.get(key)?.count ?? 0) + 1;
    reached.set(key, { communityId, householdId, from: at.getTime(), count });
  };
  const unreach = (communityId: string, householdId: string, count: number) => {
    for (const [key, r] of reached)
      if (count > 0 && r.communityId === communityId && r.householdId === householdId) {
        const less = Math.min(count, r.count);
        count -= less;
        stored -= less;
        if (r.count === less) reached.delete(key);
        else r.count -= less;
      }
  };
  let stored = 0;
  let pending: PendingRows[] = [];

  // What was stored rings; a row not stored (a compound's 成团 another instance stored a moment before) does not.
  const done = (p: PendingRows, notStored: readonly NotificationRow[]) => {
    for (const row of p.rows) {
      if (notStored.length > 0 && notStored.includes(row)) continue;
      stored++;
      reach(row.communityId, row.householdId, p.at);
    }
  };
  const storeRows = async () => {
    const batch = pending;
    pending = [];
    for (let from = 0; from < batch.length;) {
      let to = from + 1;
      while (to < batch.length && batch[to]!.at.getTime() === batch[from]!.at.getTime()) to++;
      const group = batch.slice(from, to);
      try {
        const notStored = await deps.repo.insertRows(
          group.flatMap((p) => p.rows),
          group[0]!.at,
        );
        for (const p of group) done(p, notStored);
      } catch {
        for (const p of group)
          try {
            done(p, await deps.repo.insertRows(p.rows, p.at));
          } catch (err) {
            onError(err, p.event);
          }
      }
      from = to;
    }
  };

  let pre: Prefetched;
  try {
    pre = await prefetch(deps.repo, events);
  } catch (err) {
    for (const event of events) if (NOTIFYING_EVENTS.has(event.type)) onError(err, event);
    return 0;
  }
  const batchNow = deps.clock.now();
  // Quiet hours are read once per compound per batch (an arrival adjusts thousands of orders in one tick).
  const quiet = new Map<string, Promise<QuietHours | null>>();
  const quietOf = (communityId: string) => {
    let q = quiet.get(communityId);
    if (!q) quiet.set(communityId, (q = deps.repo.quietHours(communityId)));
    return q;
  };
  for (const event of events) {
    if (!NOTIFYING_EVENTS.has(event.type)) continue;
    try {
      const plans = notificationsFor(event, await contextFor(deps.repo, event, pre, storeRows));
      if (plans.length === 0) continue;
      const now = isUrgent(event)
        ? batchNow
        : deliverAfter(batchNow, await quietOf(event.communityId), false);
      const rows = plans.flatMap((p) => (p.kind === 'row' ? [p.row] : []));
      for (const p of plans) {
        if (p.kind !== 'withdraw') continue;
        // The notice withdrawn may be among the rows planned so far (its event earlier in this batch).
        await storeRows();
        const withdrawn = await deps.repo.withdrawHeld(p.withdraw, batchNow);
        if (withdrawn === 0) rows.push(p.otherwise);
        // Those of this batch do not ring (those of earlier batches rang, or their ring is already set).
        else unreach(p.withdraw.communityId, p.withdraw.householdId, withdrawn);
      }
      if (rows.length > 0) pending.push({ event, rows, at: now });
      for (const p of plans) {
        if (p.kind !== 'fan_out') continue;
        await storeRows();
        const households = await deps.repo.fanOut(p.fanOut, now);
        stored += households.length;
        for (const h of households) reach(p.fanOut.communityId, h, now);
      }
    } catch (err) {
      onError(err, event);
    }
  }
  await storeRows();
  // Open phones refresh their badge: now for what shows now, and when the quiet hours end for what waits,
  // one event per audience and time, saying how many notices show then (an urgent notice and one held till
  // morning for the same household ring now for the one, and in the morning for the other).
  const at = deps.clock.now();
  const due = new Map<number, Map<string, DomainEvent & { type: 'notification.created' }>>();
  for (const { communityId, householdId, from, count } of reached.values()) {
    const when = deps.later && from > at.getTime() ? from : at.getTime();
    let events = due.get(when);
    if (!events) due.set(when, (events = new Map()));
    const key = `${communityId} ${householdId}`;
    const was = events.get(key)?.count ?? 0;
    events.set(key, {
      type: 'notification.created',
      communityId,
      householdId,
      at: new Date(when).toISOString(),
      // (With nothing to ring later, a held notice rings now but is not in the feed yet: not counted.)
      count: was + (from <= when ? count : 0),
    });
  }
  for (const [when, events] of due)
    if (when > at.getTime()) deps.later!(new Date(when), [...events.values()]);
    else deps.events.publish([...events.values()]);
  return stored;
}
