import { describe, expect, it } from 'vitest';
import {
  applyOrderChanges,
  firstWaiters,
  promoteAfterRestock,
  type AllocItem,
  type AllocOrder,
  type BuySnapshot,
  type OrderChange,
} from './allocation-fns.ts';

const item = (over: Partial<AllocItem> = {}): AllocItem => ({
  id: 'egg',
  priceFen: 2500,
  stock: 5,
  perHouseholdMax: null,
  allocatedQty: 0,
  waitlistedQty: 0,
  ...over,
});

/** Applies changes one batch at a time, always passing every live order (the full book). */
function run(items: AllocItem[], batches: OrderChange[][], leaderFeeFen = 0) {
  let snap: BuySnapshot = { items, orders: [], nextSeq: 1, leaderFeeFen };
  const all = new Map<string, AllocOrder>();
  const results = [];
  for (const batch of batches) {
    const r = applyOrderChanges(snap, batch);
    if (r.kind !== 'done') throw new Error('full book should never need waitlists');
    for (const o of r.changedOrders) all.set(o.id, o);
    results.push(r);
    snap = {
      items: r.items,
      orders: [...all.values()].filter((o) => o.status !== 'cancelled'),
      nextSeq: r.nextSeq,
      leaderFeeFen,
    };
  }
  const orders = [...all.values()].sort((a, b) => a.seq - b.seq);
  const byHousehold = (h: string) => orders.filter((o) => o.householdId === h).at(-1)!;
  return { results, orders, items: snap.items, byHousehold, last: results.at(-1)! };
}

let n = 0;
const place = (householdId: string, qty: number, itemId = 'egg'): OrderChange => ({
  kind: 'place',
  householdId,
  newOrderId: `o${++n}`,
  lines: [{ itemId, qty }],
});
const cancel = (householdId: string): OrderChange => ({ kind: 'cancel', householdId });

/** An order of `qty` eggs, `allocated` of them held and the rest waiting; its id is its household's. */
const order = (id: string, seq: number, qty: number, allocated: number): AllocOrder => ({
  id,
  householdId: id,
  seq,
  status: allocated > 0 ? 'active' : 'waitlisted',
  amountFen: 2500 * allocated,
  lines: [{ itemId: 'egg', qty, allocatedQty: allocated, waitlistedQty: qty - allocated }],
});

const lineOf = (o: AllocOrder, itemId = 'egg') => {
  const l = o.lines.find((x) => x.itemId === itemId);
  return l ? [l.qty, l.allocatedQty, l.waitlistedQty] : null;
};

describe('applyOrderChanges', () => {
  it.each([
    {
      name: 'joins in order until stock runs out, the rest waits',
      batches: [[place('a', 2), place('b', 2), place('c', 2)]],
      expect: { a: [2, 2, 0], b: [2, 2, 0], c: [2, 1, 1] },
      stock: 5,
    },
    {
      name: 'sold out: a line is fully waitlisted',
      batches: [[place('a', 5), place('b', 1)]],
      expect: { a: [5, 5, 0], b: [1, 0, 1] },
      stock: 5,
    },
    {
      name: 'cancel promotes the first waiter by seq',
      batches: [[place('a', 3), place('b', 2), place('c', 2), place('d', 1)], [cancel('a')]],
      expect: { b: [2, 2, 0], c: [2, 2, 0], d: [1, 1, 0] },
      stock: 5,
    },
    {
      name: 'reduction drops waiting quantity before allocated quantity',
      batches: [[place('a', 4), place('b', 3)], [place('b', 1)]],
      expect: { a: [4, 4, 0], b: [1, 1, 0] },
      stock: 5,
    },
    {
      name: 'reduction of allocated quantity promotes the next waiter',
      batches: [[place('a', 4), place('b', 3)], [place('a', 1)]],
      expect: { a: [1, 1, 0], b: [3, 3, 0] },
      stock: 5,
    },
    {
      name: 'an increase that finds no stock waits and is promoted before later seqs',
      batches: [[place('a', 2), place('b', 3), place('c', 1)], [place('a', 3)], [place('b', 1)]],
      expect: { a: [3, 3, 0], b: [1, 1, 0], c: [1, 1, 0] },
      stock: 5,
    },
    {
      name: 'unlimited stock never waits',
      batches: [[place('a', 9999), place('b', 9999)]],
      expect: { a: [9999, 9999, 0], b: [9999, 9999, 0] },
      stock: null,
    },
    {
      name: 'zero stock waits everyone',
      batches: [[place('a', 1)]],
      expect: { a: [1, 0, 1] },
      stock: 0,
    },
  ])('$name', ({ batches, expect: want, stock }) => {
    const r = run([item({ stock })], batches);
    for (const [h, line] of Object.entries(want)) expect(lineOf(r.byHousehold(h)), h).toEqual(line);
  });

  it('keeps the seq through edits; a cancel-and-rejoin goes to the back', () => {
    const r = run(
      [item()],
      [[place('a', 1), place('b', 1)], [place('a', 2)], [cancel('b')], [place('b', 1)]],
    );
    expect(r.byHousehold('a').seq).toBe(1);
    expect(r.byHousehold('b').seq).toBe(3);
  });

  it('reports promotions in seq order, with quantities', () => {
    const r = run([item({ stock: 3 })], [[place('a', 3), place('b', 1), place('c', 2)], [cancel('a')]]);
    expect(r.last.promotions.map((p) => [p.orderId, p.qty])).toEqual([
      [r.byHousehold('b').id, 1],
      [r.byHousehold('c').id, 2],
    ]);
  });

  it('sets the status: waitlisted when nothing is allocated, cancelled after cancel', () => {
    const r = run([item({ stock: 1 })], [[place('a', 1), place('b', 1), place('c', 1)], [cancel('c')]]);
    expect(r.byHousehold('a').status).toBe('active');
    expect(r.byHousehold('b').status).toBe('waitlisted');
    expect(r.byHousehold('c').status).toBe('cancelled');
    expect(r.items[0]).toMatchObject({ allocatedQty: 1, waitlistedQty: 1 });
  });

  it('computes amountFen from allocated quantity plus the leader fee', () => {
    const r = run([item({ stock: 3 })], [[place('a', 2), place('b', 2), place('c', 1)]], 100);
    expect(r.byHousehold('a').amountFen).toBe(2 * 2500 + 100);
    expect(r.byHousehold('b').amountFen).toBe(2500 + 100);
    expect(r.byHousehold('c').amountFen).toBe(0); // nothing allocated: owes nothing, not even the fee
  });

  it('replaces lines: items left out are dropped, qty 0 drops an item', () => {
    const items = [item({ id: 'egg' }), item({ id: 'milk', stock: null })];
    const r = run(items, [
      [
        {
          kind: 'place',
          householdId: 'a',
          newOrderId: 'x1',
          lines: [
            { itemId: 'egg', qty: 1 },
            { itemId: 'milk', qty: 2 },
          ],
        },
      ],
      [
        {
          kind: 'place',
          householdId: 'a',
          newOrderId: 'x2',
          lines: [
            { itemId: 'egg', qty: 0 },
            { itemId: 'milk', qty: 1 },
          ],
        },
      ],
    ]);
    const a = r.byHousehold('a');
    expect(a.id).toBe('x1');
    expect(a.lines).toEqual([{ itemId: 'milk', qty: 1, allocatedQty: 1, waitlistedQty: 0 }]);
    expect(r.items.find((i) => i.id === 'egg')!.allocatedQty).toBe(0);
  });

  it('a repeated identical request changes nothing', () => {
    const r = run([item()], [[place('a', 2)], [place('a', 2)]]);
    const outcome = r.last.outcomes[0]!;
    expect(outcome.ok && outcome.changed).toBe(false);
    expect(r.last.changedOrders).toEqual([]);
  });

  it.each([
    { name: 'above the per-household maximum', lines: [{ itemId: 'egg', qty: 4 }], code: 'qty_above_max' },
    { name: 'unknown item', lines: [{ itemId: 'nope', qty: 1 }], code: 'unknown_item' },
    {
      name: 'duplicate item',
      lines: [
        { itemId: 'egg', qty: 1 },
        { itemId: 'egg', qty: 1 },
      ],
      code: 'duplicate_item',
    },
    { name: 'empty order', lines: [{ itemId: 'egg', qty: 0 }], code: 'empty_order' },
    { name: 'no lines', lines: [], code: 'empty_order' },
    { name: 'qty out of range', lines: [{ itemId: 'egg', qty: 10_000 }], code: 'qty_out_of_range' },
    { name: 'fractional qty', lines: [{ itemId: 'egg', qty: 1.5 }], code: 'qty_out_of_range' },
  ])('rejects $name with 422 $code and changes nothing', ({ lines, code }) => {
    const r = applyOrderChanges(
      { items: [item({ perHouseholdMax: 3 })], orders: [], nextSeq: 1, leaderFeeFen: 0 },
      [{ kind: 'place', householdId: 'a', newOrderId: 'o', lines }],
    );
    expect(r.kind).toBe('done');
    if (r.kind !== 'done') return;
    const outcome = r.outcomes[0]!;
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect([outcome.error.kind, outcome.error.code]).toEqual(['invalid', code]);
    expect(r.nextSeq).toBe(1);
    expect(r.changedOrders).toEqual([]);
  });

  it('cancelling without an order is a 404 order_not_found', () => {
    const r = applyOrderChanges({ items: [item()], orders: [], nextSeq: 1, leaderFeeFen: 0 }, [cancel('a')]);
    expect(r.kind === 'done' && !r.outcomes[0]!.ok && r.outcomes[0]!.error.code).toBe('order_not_found');
  });

  it('asks for the waitlist when a promotion would need waiters that were not loaded', () => {
    const items = [item({ stock: 1, allocatedQty: 1, waitlistedQty: 1 })];
    const a: AllocOrder = {
      id: 'oa',
      householdId: 'a',
      seq: 1,
      status: 'active',
      amountFen: 2500,
      lines: [{ itemId: 'egg', qty: 1, allocatedQty: 1, waitlistedQty: 0 }],
    };
    const b: AllocOrder = {
      id: 'ob',
      householdId: 'b',
      seq: 2,
      status: 'waitlisted',
      amountFen: 0,
      lines: [{ itemId: 'egg', qty: 1, allocatedQty: 0, waitlistedQty: 1 }],
    };
    const partial = applyOrderChanges({ items, orders: [a], nextSeq: 3, leaderFeeFen: 0 }, [cancel('a')]);
    // As many waiters as hold the one freed.
    expect(partial).toEqual({
      kind: 'needs_waitlists',
      itemIds: ['egg'],
      wants: [{ itemId: 'egg', qty: 1 }],
    });
    const full = applyOrderChanges({ items, orders: [a, b], nextSeq: 3, leaderFeeFen: 0 }, [cancel('a')]);
    expect(full.kind === 'done' && full.promotions).toEqual([{ orderId: 'ob', itemId: 'egg', qty: 1 }]);
  });

  it('promotes from the first waiters when they hold what was freed, and asks for more when they do not', () => {
    const items = [item({ stock: 2, allocatedQty: 2, waitlistedQty: 4 })];
    const a = order('a', 1, 2, 2);
    const [b, c, d] = [order('b', 2, 1, 0), order('c', 3, 2, 0), order('d', 4, 1, 0)];
    // The first waiters by seq through b hold 1 of the 2 freed: short, so more are asked for.
    const through = (seq: number) => new Map([['egg', seq]]);
    const short = applyOrderChanges(
      { items, orders: [a, b, d], nextSeq: 5, leaderFeeFen: 0, waitingThrough: through(2) },
      [cancel('a')],
    );
    expect(short).toEqual({ kind: 'needs_waitlists', itemIds: ['egg'], wants: [{ itemId: 'egg', qty: 2 }] });
    // Through c they hold 3: b gets its one, c one of its two; d (loaded, later) is not reached.
    const done = applyOrderChanges(
      { items, orders: [a, b, c, d], nextSeq: 5, leaderFeeFen: 0, waitingThrough: through(3) },
      [cancel('a')],
    );
    expect(done.kind === 'done' && done.promotions).toEqual([
      { orderId: 'b', itemId: 'egg', qty: 1 },
      { orderId: 'c', itemId: 'egg', qty: 1 },
    ]);
  });

  it('does not ask again when every waiter was read and the item still counts more (a stale count)', () => {
    // The item's count says 1 waits; the rows read after it hold none (a restock promoted them in between).
    const items = [item({ stock: 4, allocatedQty: 4, waitlistedQty: 1 })];
    const a = order('a', 1, 1, 1);
    const asked = applyOrderChanges({ items, orders: [a], nextSeq: 4, leaderFeeFen: 0 }, [cancel('a')]);
    expect(asked).toEqual({ kind: 'needs_waitlists', itemIds: ['egg'], wants: [{ itemId: 'egg', qty: 1 }] });
    const read = firstWaiters([], [{ itemId: 'egg', qty: 1 }]);
    expect(read.through.get('egg')).toBe(Number.POSITIVE_INFINITY);
    const done = applyOrderChanges(
      { items, orders: [a], nextSeq: 4, leaderFeeFen: 0, waitingThrough: read.through },
      [cancel('a')],
    );
    expect(done.kind === 'done' && done.promotions).toEqual([]);
  });

  it('firstWaiters takes waiters by seq until they hold the want, and says through which seq', () => {
    const w = (id: string, seq: number, waiting: number, itemId = 'egg'): AllocOrder => ({
      id,
      householdId: id,
      seq,
      status: 'waitlisted',
      amountFen: 0,
      lines: [{ itemId, qty: waiting, allocatedQty: 0, waitlistedQty: waiting }],
    });
    const bySeq = [w('a', 1, 2), w('m', 2, 1, 'milk'), w('b', 3, 1), w('c', 4, 3)];
    const first = firstWaiters(bySeq, [{ itemId: 'egg', qty: 3 }]);
    expect(first.orders.map((o) => o.id)).toEqual(['a', 'b']);
    expect(first.through).toEqual(new Map([['egg', 3]]));
    const all = firstWaiters(bySeq, [
      { itemId: 'egg', qty: Number.POSITIVE_INFINITY },
      { itemId: 'milk', qty: 5 },
    ]);
    expect(all.orders.map((o) => o.id)).toEqual(['a', 'm', 'b', 'c']);
    expect(all.through).toEqual(
      new Map([
        ['egg', Number.POSITIVE_INFINITY],
        ['milk', Number.POSITIVE_INFINITY],
      ]),
    );
  });

  it('does not need the waitlist when nothing is freed', () => {
    const items = [item({ stock: 1, allocatedQty: 1, waitlistedQty: 1 })];
    const r = applyOrderChanges({ items, orders: [], nextSeq: 3, leaderFeeFen: 0 }, [place('c', 1)]);
    expect(r.kind).toBe('done');
  });

  it('promoteAfterRestock fills raised stock in seq order', () => {
    const first = run([item({ stock: 1 })], [[place('a', 1), place('b', 2), place('c', 1)]]);
    const items = first.items.map((i) => ({ ...i, stock: 3 }));
    const r = promoteAfterRestock({ items, orders: first.orders, nextSeq: 4, leaderFeeFen: 0 }, ['egg']);
    expect(r.kind === 'done' && r.promotions.map((p) => p.qty)).toEqual([2]);
  });
});
