import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../shared/events.ts';
import type { OrderFacts, WaitlistedLine } from './mapping.ts';
import type { NotificationRow } from './model.ts';
import { notifyOf } from './notify.ts';
import { withOrderFacts } from '../shared/event-facts.ts';
import { claimKey, type NotificationWriter } from './ports.ts';

const C = '00000000-0000-4000-8000-00000000000c';
const B = '00000000-0000-4000-8000-00000000000b';
const I = '00000000-0000-4000-8000-0000000000e1';
const at = '2026-05-01T00:00:00.000Z';
const buy = { id: B, communityId: C, title: '鸡蛋团购', deadline: '2026-05-02T04:00:00.000Z' };
const orderId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const householdId = (n: number) => `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`;

/** An in-memory writer that records its calls; `failFor` makes any INSERT holding that order's row fail. */
function fakeWriter(orders: Map<string, OrderFacts>, failFor: string | null = null) {
  const rows: NotificationRow[] = [];
  const calls: string[] = [];
  const times = new Map<NotificationRow, number>();
  const writer: NotificationWriter = {
    buyFacts: async () => {
      calls.push('buyFacts');
      return buy;
    },
    ordersFacts: async (ids) => {
      calls.push(`ordersFacts ${ids.length}`);
      return new Map(ids.flatMap((id) => (orders.has(id) ? [[id, orders.get(id)!]] : [])));
    },
    itemFacts: async () => [],
    verifiedClaims: async (pairs) => {
      calls.push(`verifiedClaims ${pairs.length}`);
      return new Set(pairs.map((p) => claimKey(p.memberId, p.householdId)));
    },
    lastWaitlisted: async (_c, _h, id): Promise<WaitlistedLine[] | null> => {
      calls.push('lastWaitlisted');
      const last = rows.filter((r) => (r.data as { orderId?: string }).orderId === id).at(-1);
      return last ? ((last.data as { items: WaitlistedLine[] }).items ?? null) : null;
    },
    insertRows: async (list, at) => {
      calls.push(`insert ${list.length}`);
      if (list.some((r) => (r.data as { orderId?: string }).orderId === failFor)) throw new Error('boom');
      rows.push(...list);
      for (const r of list) times.set(r, at.getTime());
      return [];
    },
    withdrawHeld: async (w, now) => {
      calls.push('withdrawHeld');
      const held = rows.filter(
        (r) =>
          r.householdId === w.householdId &&
          r.buyId === w.buyId &&
          r.type === w.type &&
          times.get(r)! > now.getTime(),
      );
      for (const r of held) rows.splice(rows.indexOf(r), 1);
      return held.length;
    },
    leaderOf: async () => {
      calls.push('leaderOf');
      return null;
    },
    toldBefore: async (_c, buyId, type) => {
      calls.push('toldBefore');
      return rows.some((r) => r.buyId === buyId && r.householdId === null && r.type === type);
    },
    fanOut: async () => [],
    quietHours: async () => null,
  };
  return { writer, rows, calls };
}

const waitlisted = (n: number, waitlistedQty = 1): OrderFacts => ({
  id: orderId(n),
  householdId: householdId(n),
  householdLabel: `1-${100 + n}`,
  status: 'waitlisted',
  lines: [{ itemId: I, itemName: '鸡蛋', qty: 2, waitlistedQty }],
});
const event = (type: 'order.placed' | 'order.updated', n: number): DomainEvent => ({
  type,
  communityId: C,
  buyId: B,
  orderId: orderId(n),
  at,
});
/** The event with the facts an order batch attaches (core/buys/order-event-facts.ts). */
const carrying = (e: DomainEvent, order: OrderFacts) => withOrderFacts(e, { buy, order });
const deps = (writer: NotificationWriter) => ({
  repo: writer,
  clock: { now: () => new Date(at) },
  events: { publish: () => {} },
});

describe('notifyOf: a rush of joins', () => {
  it('stores the waitlist notices of a batch of new orders with one INSERT and no lookups', async () => {
    const orders = new Map(Array.from({ length: 50 }, (_, n) => [orderId(n), waitlisted(n)] as const));
    const { writer, rows, calls } = fakeWriter(orders);
    const errors: unknown[] = [];
    const stored = await notifyOf(
      deps(writer),
      [...orders.keys()].map((_, n) => event('order.placed', n)),
      (err) => errors.push(err),
    );
    expect(stored).toBe(50);
    expect(rows).toHaveLength(50);
    expect(calls).toEqual(['buyFacts', 'ordersFacts 50', 'insert 50']);
    expect(errors).toEqual([]);
  });

  it('an edit in the same batch sees the notice stored for the order just before it (no duplicate)', async () => {
    const orders = new Map([[orderId(1), waitlisted(1)]]);
    const { writer, rows, calls } = fakeWriter(orders);
    await notifyOf(deps(writer), [event('order.placed', 1), event('order.updated', 1)], () => {});
    // The placed row is stored before the lookup, which then finds the same waitlist: nothing new to say.
    expect(calls).toEqual(['buyFacts', 'ordersFacts 1', 'insert 1', 'lastWaitlisted']);
    expect(rows).toHaveLength(1);
  });

  it('a failing combined INSERT is retried event by event and only the bad event is reported', async () => {
    const orders = new Map(Array.from({ length: 5 }, (_, n) => [orderId(n), waitlisted(n)] as const));
    const { writer, rows, calls } = fakeWriter(orders, orderId(2));
    const failed: DomainEvent[] = [];
    const stored = await notifyOf(
      deps(writer),
      [0, 1, 2, 3, 4].map((n) => event('order.placed', n)),
      (_err, e) => failed.push(e),
    );
    expect(calls[2]).toBe('insert 5');
    expect(stored).toBe(4);
    expect(rows.map((r) => (r.data as { orderId: string }).orderId)).toEqual([0, 1, 3, 4].map(orderId));
    expect(failed.map((e) => ('orderId' in e ? e.orderId : null))).toEqual([orderId(2)]);
  });
});

describe('notifyOf: 成团', () => {
  it('tells the whole compound once that a buy reached its threshold, after the batch’s own notices', async () => {
    const orders = new Map([[orderId(1), waitlisted(1)]]);
    const { writer, rows, calls } = fakeWriter(orders);
    const met: DomainEvent = { type: 'buy.threshold_met', communityId: C, buyId: B, at };
    await notifyOf(deps(writer), [carrying(event('order.placed', 1), waitlisted(1)), met], () => {});
    expect(calls).toEqual(['buyFacts', 'insert 1', 'toldBefore', 'insert 1']);
    expect(rows.at(-1)).toEqual({
      communityId: C,
      householdId: null,
      buyId: B,
      type: 'buy_threshold_met',
      data: { buyTitle: buy.title, deadline: buy.deadline },
    });
    // Back under (a cancellation) and over again: said once.
    await notifyOf(deps(writer), [met], () => {});
    expect(rows.filter((r) => r.type === 'buy_threshold_met')).toHaveLength(1);
  });
});

describe('notifyOf: facts published with the events', () => {
  it('uses them instead of reading the buy and the orders back, and stores the same notices', async () => {
    const orders = new Map(Array.from({ length: 3 }, (_, n) => [orderId(n), waitlisted(n)] as const));
    const read = fakeWriter(orders);
    await notifyOf(
      deps(read.writer),
      [0, 1, 2].map((n) => event('order.placed', n)),
      () => {},
    );
    const carried = fakeWriter(new Map());
    await notifyOf(
      deps(carried.writer),
      [0, 1, 2].map((n) => carrying(event('order.placed', n), waitlisted(n))),
      () => {},
    );
    expect(carried.calls).toEqual(['insert 3']);
    expect(carried.rows).toEqual(read.rows);
  });

  it("takes an order's last facts of the batch (its state as of the batch, as a read would be)", async () => {
    const { writer, rows, calls } = fakeWriter(new Map());
    await notifyOf(
      deps(writer),
      [
        carrying(event('order.placed', 1), waitlisted(1, 1)),
        carrying(event('order.updated', 1), waitlisted(1, 2)),
      ],
      () => {},
    );
    expect(calls).toEqual(['insert 1', 'lastWaitlisted']);
    expect((rows[0]!.data as { items: WaitlistedLine[] }).items[0]!.waitlistedQty).toBe(2);
  });

  it('reads the buy and the order back when one of their events in the batch came without facts', async () => {
    const { writer, rows, calls } = fakeWriter(new Map([[orderId(1), waitlisted(1, 3)]]));
    await notifyOf(
      deps(writer),
      [carrying(event('order.placed', 1), waitlisted(1, 1)), event('order.updated', 1)],
      () => {},
    );
    expect(calls.slice(0, 2)).toEqual(['buyFacts', 'ordersFacts 1']);
    expect((rows[0]!.data as { items: WaitlistedLine[] }).items[0]!.waitlistedQty).toBe(3);
  });
});

describe('notifyOf: the live notice of a notification held for the quiet hours', () => {
  const night = '2026-05-01T16:00:00.000Z'; // 00:00 in Shanghai
  const morning = '2026-05-01T23:00:00.000Z'; // 07:00 in Shanghai, the end of the default quiet hours
  const adjusted = (n: number): DomainEvent => ({
    type: 'order.adjusted',
    communityId: C,
    buyId: B,
    orderId: orderId(n),
    householdId: householdId(n),
    kind: 'shortage',
    amountFenDelta: -2500,
    at: night,
  });

  /** The events at night, with quiet hours 22:00–07:00: what was published at once, and what for later. */
  async function atNight(waitlistedOrder: number, events: DomainEvent[]) {
    const { writer, rows } = fakeWriter(new Map([[orderId(waitlistedOrder), waitlisted(waitlistedOrder)]]));
    writer.quietHours = async () => ({ start: '22:00', end: '07:00', timeZone: 'Asia/Shanghai' });
    const now: DomainEvent[][] = [];
    const later: [string, DomainEvent[]][] = [];
    await notifyOf(
      {
        repo: writer,
        clock: { now: () => new Date(night) },
        events: { publish: (e) => now.push([...e]) },
        later: (when, e) => later.push([when.toISOString(), e]),
      },
      events,
      () => {},
    );
    return { rows, now: now.flat(), later };
  }
  const ring = (n: number, at: string, count: number): DomainEvent => ({
    type: 'notification.created',
    communityId: C,
    householdId: householdId(n),
    at,
    count,
  });

  it('goes out when the notification appears, while the urgent ones go out at once', async () => {
    const { rows, now, later } = await atNight(2, [adjusted(1), event('order.placed', 2)]);
    expect(rows.map((r) => r.type)).toEqual(['order_adjusted', 'order_waitlisted']);
    expect(now).toEqual([ring(2, night, 1)]);
    expect(later).toEqual([[morning, [ring(1, morning, 1)]]]);
  });

  it('rings a household now for its urgent notice and in the morning for the one held, each with its count', async () => {
    const { now, later } = await atNight(1, [adjusted(1), event('order.placed', 1), adjusted(1)]);
    expect(now).toEqual([ring(1, night, 1)]);
    expect(later).toEqual([[morning, [ring(1, morning, 2)]]]);
  });

  const delivery = (type: 'package.delivered' | 'package.undelivered', n: number): DomainEvent => ({
    type,
    communityId: C,
    buyId: B,
    packageId: orderId(n),
    householdId: householdId(n),
    at: night,
  });

  it('withdraws a 已送达 still held when the mark is taken back, and rings for neither', async () => {
    const { rows, now, later } = await atNight(9, [
      delivery('package.delivered', 1),
      delivery('package.delivered', 2),
      delivery('package.undelivered', 1),
    ]);
    expect(rows.map((r) => [r.type, r.householdId])).toEqual([['package_delivered', householdId(2)]]);
    expect(now).toEqual([]);
    expect(later).toEqual([[morning, [ring(2, morning, 1)]]]);
  });

  it('follows a 已送达 already shown with a correction (it was not held)', async () => {
    const { writer, rows } = fakeWriter(new Map());
    const published: DomainEvent[] = [];
    const deps = {
      repo: writer,
      clock: { now: () => new Date(at) },
      events: { publish: (e: readonly DomainEvent[]) => published.push(...e) },
    };
    await notifyOf(deps, [delivery('package.delivered', 1)], () => {});
    await notifyOf(deps, [delivery('package.undelivered', 1)], () => {});
    expect(rows.map((r) => [r.type, r.data])).toEqual([
      ['package_delivered', { buyTitle: '鸡蛋团购' }],
      ['package_undelivered', { buyTitle: '鸡蛋团购' }],
    ]);
    expect(published.map((e) => e.type === 'notification.created' && e.count)).toEqual([1, 1]);
  });

  it('goes out at once when nothing can publish it later', async () => {
    const { writer } = fakeWriter(new Map());
    writer.quietHours = async () => ({ start: '22:00', end: '07:00', timeZone: 'Asia/Shanghai' });
    const now: DomainEvent[][] = [];
    await notifyOf(
      { repo: writer, clock: { now: () => new Date(night) }, events: { publish: (e) => now.push([...e]) } },
      [adjusted(1)],
      () => {},
    );
    // It rings now, but says nothing came: the notice is not in the feed until the morning.
    expect(now.flat()).toEqual([ring(1, night, 0)]);
  });
});

describe('notifyOf: the rings', () => {
  it("says how many notices each household got, and a fan-out rings the households it reached, not the compound's", async () => {
    const orders = new Map([1, 2].map((n) => [orderId(n), waitlisted(n)] as const));
    const { writer } = fakeWriter(orders);
    writer.fanOut = async () => [householdId(1), householdId(3)];
    const published: DomainEvent[] = [];
    const stored = await notifyOf(
      { ...deps(writer), events: { publish: (e) => published.push(...e) } },
      [
        carrying(event('order.placed', 1), waitlisted(1)),
        carrying(event('order.placed', 2), waitlisted(2)),
        { type: 'buy.published', communityId: C, buyId: B, at },
        { type: 'buy.closed', communityId: C, buyId: B, at },
      ],
      (err) => {
        throw err;
      },
    );
    const counts = Object.fromEntries(
      published.map((e) => [
        e.type === 'notification.created' ? e.householdId : e.type,
        'count' in e ? e.count : null,
      ]),
    );
    expect(counts).toEqual({
      [householdId(1)]: 2, // waitlisted, then the buy closed
      [householdId(2)]: 1,
      [householdId(3)]: 1, // reached by the fan-out only
      null: 1, // the buy opened: one notice for the whole compound
    });
    expect(stored).toBe(5);
  });
});

describe('notifyOf: a rush of changes of mind', () => {
  it('looks up the cancellers’ claims and the promoted items once per batch, not once per event', async () => {
    const orders = new Map(Array.from({ length: 4 }, (_, n) => [orderId(n), waitlisted(n)] as const));
    const { writer, rows, calls } = fakeWriter(orders);
    const item = { id: I, name: '鸡蛋', unit: '盒', priceFen: 2500 };
    writer.itemFacts = async (_buyId, ids) => {
      calls.push(`itemFacts ${ids.length}`);
      return [item];
    };
    // Members 0 and 1 cancel their own household's orders; member 9 (a volunteer) cancels order 2 for it.
    const member = (n: number) => `00000000-0000-4000-a000-${String(n).padStart(12, '0')}`;
    writer.verifiedClaims = async (pairs) => {
      calls.push(`verifiedClaims ${pairs.length}`);
      return new Set(
        pairs.filter((p) => p.memberId !== member(9)).map((p) => claimKey(p.memberId, p.householdId)),
      );
    };
    const cancelled = (n: number, by: number): DomainEvent => ({
      type: 'order.cancelled',
      communityId: C,
      buyId: B,
      orderId: orderId(n),
      byMemberId: member(by),
      at,
    });
    const promoted = (n: number): DomainEvent => ({
      type: 'order.promoted',
      communityId: C,
      buyId: B,
      orderId: orderId(n),
      itemId: I,
      qty: 1,
      at,
    });
    await notifyOf(
      deps(writer),
      [cancelled(0, 0), cancelled(1, 1), cancelled(2, 9), promoted(3), promoted(3)],
      () => {},
    );
    expect(calls.filter((c) => c.startsWith('verifiedClaims') || c.startsWith('itemFacts'))).toEqual([
      'itemFacts 1',
      'verifiedClaims 3',
    ]);
    expect(rows.map((r) => [r.type, r.householdId])).toEqual([
      ['order_cancelled_for_you', householdId(2)],
      ['order_promoted', householdId(3)],
      ['order_promoted', householdId(3)],
    ]);
  });
});
