import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  applyCarried,
  applyCounters,
  applyStatus,
  echoesMyOrder,
  leavesListAlone,
  listEntryOf,
  orderEventParts,
  patchEntries,
  showsNothingHere,
  statusChangeOf,
  summaryDelay,
} from './list-patch.ts';
import { testLine, testOrder } from './test-orders.ts';
import type { Buy, BuyCounters, BuyStatusChange, JielongEntry, ListEntryChange } from './types.ts';

const entry = (seq: number, label: string, qty = 1, status: JielongEntry['status'] = 'active') => ({
  seq,
  householdLabel: label,
  status,
  items: [{ name: '鸡蛋', qty }],
});
const change = (
  seq: number,
  label: string,
  status: ListEntryChange['status'] = 'active',
  qty = 1,
): ListEntryChange => ({ ...entry(seq, label, qty), status });

describe('patchEntries', () => {
  it('appends new lines in seq order, replaces a household’s line and removes a cancelled one', () => {
    const list = [entry(1, '1-101'), entry(2, '1-102'), entry(3, '1-201')];
    const out = patchEntries(list, [
      change(5, '2-101'),
      change(4, '1-202'),
      change(2, '1-102', 'waitlisted', 3),
      change(1, '1-101', 'cancelled'),
    ]);
    expect(out.map((e) => `${e.seq} ${e.householdLabel} ${e.status}`)).toEqual([
      '2 1-102 waitlisted',
      '3 1-201 active',
      '4 1-202 active',
      '5 2-101 active',
    ]);
    expect(out[0]!.items).toEqual([{ name: '鸡蛋', qty: 3 }]);
    expect(list).toHaveLength(3); // the input is not changed
  });

  it('takes the last change of a household in a burst, and a line that moves to a new seq', () => {
    const list = [entry(1, '1-101'), entry(2, '1-102')];
    expect(
      patchEntries(list, [change(1, '1-101', 'cancelled'), change(3, '1-101')]).map((e) => e.seq),
    ).toEqual([2, 3]);
    expect(
      patchEntries(list, [change(3, '1-101'), change(3, '1-101', 'cancelled')]).map((e) => e.seq),
    ).toEqual([2]);
  });

  it('equals the list rebuilt from scratch, whatever the changes (property)', () => {
    // A model: each household's latest state; the list is the live ones in seq order.
    const labels = ['1-101', '1-102', '2-201', '2-202', '3-301'];
    const arbChange = fc.record({
      label: fc.constantFrom(...labels),
      seq: fc.integer({ min: 1, max: 50 }),
      status: fc.constantFrom('active', 'waitlisted', 'cancelled') as fc.Arbitrary<ListEntryChange['status']>,
    });
    fc.assert(
      fc.property(fc.array(arbChange, { maxLength: 30 }), fc.integer({ min: 0, max: 30 }), (all, cut) => {
        // seqs are unique among live lines: give each change its own seq
        const changes = all.map((c, n) => change(c.seq * 100 + n, c.label, c.status));
        const model = new Map<string, ListEntryChange>();
        for (const c of changes) model.set(c.householdLabel, c);
        const expected = [...model.values()]
          .filter((c) => c.status !== 'cancelled')
          .sort((a, b) => a.seq - b.seq)
          .map((c) => c.seq);
        // Applying in one burst or in two gives the same list as the model.
        const once = patchEntries([], changes).map((e) => e.seq);
        const twice = patchEntries(patchEntries([], changes.slice(0, cut)), changes.slice(cut)).map(
          (e) => e.seq,
        );
        expect(once).toEqual(expected);
        expect(twice).toEqual(expected);
      }),
    );
  });
});

describe('listEntryOf', () => {
  it('reads the line of an order event and nothing from anything else', () => {
    const c = change(7, '3-502', 'waitlisted', 2);
    expect(listEntryOf({ type: 'order.placed', listEntry: c })).toEqual(c);
    expect(listEntryOf({ type: 'buy.updated' })).toBeNull();
    expect(listEntryOf(null)).toBeNull();
    expect(listEntryOf('order.placed')).toBeNull();
    expect(listEntryOf({ listEntry: { ...c, status: 'gone' } })).toBeNull();
    expect(listEntryOf({ listEntry: { ...c, seq: '7' } })).toBeNull();
  });
});

describe('applyCounters', () => {
  const buy = {
    version: 4,
    items: [
      { id: 'a', stock: 10, allocatedQty: 2, waitlistedQty: 0, remaining: 8 },
      { id: 'b', stock: null, allocatedQty: 1, waitlistedQty: 0, remaining: null },
    ],
    totals: { orders: 2, allocatedQty: 3, waitlistedQty: 0, amountFen: 7500 },
  } as unknown as Buy;

  it('shows the counters of a newer batch: stock left, quantities and totals', () => {
    const out = applyCounters(buy, {
      version: 6,
      liveOrders: 5,
      amountFen: 30000,
      items: [
        { id: 'a', allocatedQty: 10, waitlistedQty: 3 },
        { id: 'b', allocatedQty: 2, waitlistedQty: 0 },
      ],
    });
    expect(out.version).toBe(6);
    expect(out.items.map((i) => [i.allocatedQty, i.waitlistedQty, i.remaining])).toEqual([
      [10, 3, 0],
      [2, 0, null],
    ]);
    expect(out.totals).toEqual({ orders: 5, allocatedQty: 12, waitlistedQty: 3, amountFen: 30000 });
  });

  it('keeps what the page shows when the counters are not newer, or absent', () => {
    const old = {
      version: 4,
      liveOrders: 0,
      amountFen: 0,
      items: [{ id: 'a', allocatedQty: 0, waitlistedQty: 0 }],
    };
    expect(applyCounters(buy, old)).toBe(buy);
    expect(applyCounters(buy, null)).toBe(buy);
  });
});

describe('orderEventParts', () => {
  const c = change(7, '3-502');
  const counters = { version: 3, liveOrders: 1, amountFen: 2500, items: [] };
  it('reads the line and the counters of an order event; a line without counters still counts', () => {
    expect(orderEventParts({ type: 'order.placed', listEntry: c, counters })).toEqual([
      { entry: c, counters },
    ]);
    expect(orderEventParts({ type: 'order.placed', listEntry: c })).toEqual([{ entry: c, counters: null }]);
    expect(orderEventParts({ type: 'order.placed', listEntry: c, counters: { version: '3' } })).toEqual([
      { entry: c, counters: null },
    ]);
    expect(orderEventParts({ type: 'order.promoted', orderId: 'x' })).toBeNull();
  });

  it('reads every line of a batch (orders.changed) with its counters, or nothing if one is malformed', () => {
    const d = change(8, '3-503', 'waitlisted');
    expect(orderEventParts({ type: 'orders.changed', entries: [c, d], counters })).toEqual([
      { entry: c, counters },
      { entry: d, counters },
    ]);
    expect(
      orderEventParts({ type: 'orders.changed', entries: [c, { ...d, seq: 'x' }], counters }),
    ).toBeNull();
    expect(orderEventParts({ type: 'orders.changed', entries: [] })).toBeNull();
    expect(orderEventParts({ type: 'orders.changed' })).toBeNull();
  });
});

describe('echoesMyOrder', () => {
  const items = [
    { id: 'egg', name: '鸡蛋' },
    { id: 'milk', name: '牛奶' },
  ];
  const mine = testOrder;
  const line = testLine;

  const eggsAndMilk = line(7, [
    ['鸡蛋', 2],
    ['牛奶', 1],
  ]);

  it('is my own join, change or cancellation as the page shows it', () => {
    expect(
      echoesMyOrder(
        eggsAndMilk,
        mine(7, [
          ['egg', 2],
          ['milk', 1],
        ]),
        items,
      ),
    ).toBe(true);
    expect(
      echoesMyOrder(line(7, [['鸡蛋', 2]], 'waitlisted'), mine(7, [['egg', 2]], 'waitlisted'), items),
    ).toBe(true);
    expect(echoesMyOrder(line(7, [['鸡蛋', 2]], 'cancelled'), null, items)).toBe(true);
  });

  it('is not a change made elsewhere: another seq, status or quantity, or an order the page does not show', () => {
    const shown = mine(7, [['egg', 2]]);
    expect(echoesMyOrder(line(8, [['鸡蛋', 2]]), shown, items)).toBe(false);
    expect(echoesMyOrder(line(7, [['鸡蛋', 3]]), shown, items)).toBe(false);
    expect(echoesMyOrder(line(7, [['牛奶', 2]]), shown, items)).toBe(false);
    expect(echoesMyOrder(eggsAndMilk, shown, items)).toBe(false);
    expect(echoesMyOrder(line(7, [['鸡蛋', 2]], 'waitlisted'), shown, items)).toBe(false);
    expect(echoesMyOrder(line(7, [['鸡蛋', 2]], 'cancelled'), shown, items)).toBe(false);
    expect(echoesMyOrder(line(7, [['鸡蛋', 2]]), null, items)).toBe(false);
  });
});

describe('leavesListAlone', () => {
  it('is a change of the buy alone: the close, a later status, the opening, a detail', () => {
    for (const type of ['buy.closed', 'buy.status_changed', 'buy.published', 'buy.updated'])
      expect(leavesListAlone({ type, buyId: 'b' }), type).toBe(true);
  });

  it('is an edit of the items that renamed none (a restock, a price)', () => {
    expect(leavesListAlone({ type: 'buy.items_changed', buyId: 'b', keepsList: true })).toBe(true);
    for (const keepsList of [false, undefined, 'yes'])
      expect(leavesListAlone({ type: 'buy.items_changed', buyId: 'b', keepsList })).toBe(false);
  });

  it('is not a change that touches the list (item names, orders released), an order event or anything else', () => {
    for (const type of ['buy.items_changed', 'buy.failed', 'buy.cancelled', 'order.promoted', 'order.placed'])
      expect(leavesListAlone({ type, buyId: 'b' }), type).toBe(false);
    for (const data of [null, 'buy.closed', {}, { type: 7 }]) expect(leavesListAlone(data)).toBe(false);
  });
});

describe('showsNothingHere', () => {
  it('is the ledger’s change and 成团, which the buy page does not show (again)', () => {
    expect(showsNothingHere({ type: 'money.updated', buyId: 'b' })).toBe(true);
    // 成团: what the page shows of it (the progress) came with the batch's order events.
    expect(showsNothingHere({ type: 'buy.threshold_met', buyId: 'b' })).toBe(true);
    expect(showsNothingHere({ type: 'pool.joined', buyId: 'b' })).toBe(true);
    for (const data of [{ type: 'buy.updated' }, { type: 'order.placed' }, null, 'money.updated'])
      expect(showsNothingHere(data)).toBe(false);
  });
});

const closedAt = '2026-12-05T12:00:00.000Z';
const statusChange = (version: number, status = 'closed'): BuyStatusChange => ({
  version,
  status,
  publishedAt: '2026-12-05T08:00:00.000Z',
  closedAt: status === 'open' ? null : closedAt,
  cancelReason: null,
  updatedAt: closedAt,
});

describe('statusChangeOf', () => {
  it('is the status a change of status carried, on its own event and on the buy.updated after it', () => {
    for (const type of ['buy.closed', 'buy.status_changed', 'buy.published', 'buy.updated'])
      expect(statusChangeOf({ type, buyId: 'b', change: statusChange(7) }), type).toEqual(statusChange(7));
  });

  it('is null without one (an older server, a change of details) or for anything malformed', () => {
    const ok = statusChange(7);
    for (const data of [
      { type: 'buy.updated', buyId: 'b' },
      { type: 'order.placed', change: ok },
      { type: 'buy.failed', change: ok },
      { type: 'buy.closed', change: null },
      { type: 'buy.closed', change: { ...ok, version: '7' } },
      { type: 'buy.closed', change: { ...ok, status: 'gone' } },
      { type: 'buy.closed', change: { ...ok, closedAt: 5 } },
      { type: 'buy.closed', change: { ...ok, publishedAt: undefined } },
      { type: 'buy.closed', change: { ...ok, cancelReason: {} } },
      { type: 'buy.closed', change: { ...ok, updatedAt: null } },
      null,
      'buy.closed',
    ])
      expect(statusChangeOf(data), JSON.stringify(data)).toBeNull();
  });
});

describe('applyStatus', () => {
  const buy = {
    version: 4,
    status: 'open',
    publishedAt: '2026-12-05T08:00:00.000Z',
    closedAt: null,
    cancelReason: null,
    title: '鸡蛋团购',
  } as unknown as Buy;

  it('shows a newer status: the status, its times and the version', () => {
    expect(applyStatus(buy, statusChange(5))).toEqual({ ...buy, ...statusChange(5), updatedAt: undefined });
  });

  it('keeps what the page shows when the change is not newer, or absent', () => {
    expect(applyStatus(buy, statusChange(4))).toBe(buy);
    expect(applyStatus(buy, null)).toBe(buy);
  });
});

describe('applyCarried', () => {
  const buy = {
    version: 10,
    status: 'draft',
    publishedAt: null,
    closedAt: null,
    cancelReason: null,
    items: [{ id: 'a', stock: 10, allocatedQty: 0, waitlistedQty: 0, remaining: 10 }],
    totals: { orders: 0, allocatedQty: 0, waitlistedQty: 0, amountFen: 0 },
  } as unknown as Buy;
  const counters = (version: number): BuyCounters => ({
    version,
    liveOrders: version,
    amountFen: version * 100,
    items: [{ id: 'a', allocatedQty: version, waitlistedQty: 1 }],
  });

  it('applies counters and a status in the order of their versions (joined, then closed; opened, then joined)', () => {
    const closed = applyCarried(buy, counters(12), statusChange(13));
    expect([closed.version, closed.status, closed.totals.orders]).toEqual([13, 'closed', 12]);
    const joined = applyCarried(buy, counters(12), statusChange(11, 'open'));
    expect([joined.version, joined.status, joined.publishedAt, joined.totals.orders]).toEqual([
      12,
      'open',
      '2026-12-05T08:00:00.000Z',
      12,
    ]);
  });

  it('equals applying every carried change newer than the page one by one, in version order (property)', () => {
    const carried = fc.array(fc.oneof(fc.constant('counters' as const), fc.constant('status' as const)), {
      maxLength: 8,
    });
    fc.assert(
      fc.property(carried, fc.integer({ min: 6, max: 14 }), (kinds, first) => {
        const changes = kinds.map((kind, n) => ({ kind, version: first + n }));
        let oneByOne = buy;
        for (const c of changes)
          oneByOne =
            c.kind === 'counters'
              ? applyCounters(oneByOne, counters(c.version))
              : applyStatus(oneByOne, statusChange(c.version, c.version % 2 ? 'closed' : 'open'));
        const newest = (kind: string) => changes.filter((c) => c.kind === kind).at(-1)?.version;
        const n = newest('counters');
        const st = newest('status');
        const out = applyCarried(
          buy,
          n === undefined ? null : counters(n),
          st === undefined ? null : statusChange(st, st % 2 ? 'closed' : 'open'),
        );
        expect(out).toEqual(oneByOne);
      }),
      { numRuns: 300 },
    );
  });
});

describe('summaryDelay', () => {
  it('is due at once after a quiet spell, and at most every 15 s while events keep coming', () => {
    expect(summaryDelay(100_000, 0)).toBe(0);
    expect(summaryDelay(100_000, 85_000)).toBe(0);
    expect(summaryDelay(100_000, 95_000)).toBe(10_000);
    expect(summaryDelay(100_000, 99_000, 2_000)).toBe(1_000);
  });
});
