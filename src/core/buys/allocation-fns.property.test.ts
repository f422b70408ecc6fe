import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyOrderChanges,
  firstWaiters,
  type AllocItem,
  type AllocOrder,
  type OrderChange,
} from './allocation-fns.ts';

const ITEMS = ['egg', 'milk'];
const HOUSEHOLDS = ['a', 'b', 'c', 'd', 'e', 'f'];

type Op = { kind: 'place'; h: string; qtys: number[] } | { kind: 'cancel'; h: string };

const opArb = (maxQty: number, items: number): fc.Arbitrary<Op> =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('place' as const),
        h: fc.constantFrom(...HOUSEHOLDS),
        qtys: fc.array(fc.integer({ min: 0, max: maxQty }), { minLength: items, maxLength: items }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('cancel' as const), h: fc.constantFrom(...HOUSEHOLDS) }),
    },
  );

const scenarioArb = fc.record({
  stocks: fc.tuple(
    fc.option(fc.integer({ min: 0, max: 8 }), { nil: null, freq: 5 }),
    fc.option(fc.integer({ min: 0, max: 8 }), { nil: null, freq: 5 }),
  ),
  ops: fc.array(opArb(4, 2), { maxLength: 40 }),
  batchSizes: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 40, maxLength: 40 }),
  partial: fc.boolean(),
});

let idCounter = 0;
function toChange(op: Op): OrderChange {
  if (op.kind === 'cancel') return { kind: 'cancel', householdId: op.h };
  return {
    kind: 'place',
    householdId: op.h,
    newOrderId: `o${++idCounter}`,
    lines: op.qtys.map((qty, i) => ({ itemId: ITEMS[i]!, qty })),
  };
}

/**
 * Runs ops in batches like the server does. With `partial`, a batch sees only its own households' orders
 * and is rerun with the waiters when it asks for them (what the repository does).
 */
function simulate(stocks: (number | null)[], ops: Op[], batchSizes: number[], partial: boolean) {
  let items: AllocItem[] = stocks.map((stock, i) => ({
    id: ITEMS[i]!,
    priceFen: 100 * (i + 1),
    stock,
    perHouseholdMax: null,
    allocatedQty: 0,
    waitlistedQty: 0,
  }));
  const all = new Map<string, AllocOrder>();
  let nextSeq = 1;
  const promotionsPerBatch: { seqs: number[]; itemId: string; orders: AllocOrder[] }[] = [];
  let i = 0;
  let b = 0;
  while (i < ops.length) {
    const size = batchSizes[b++ % batchSizes.length]!;
    const changes = ops.slice(i, i + size).map(toChange);
    i += size;
    const live = [...all.values()].filter((o) => o.status !== 'cancelled');
    const households = new Set(changes.map((c) => c.householdId));
    let orders = partial ? live.filter((o) => households.has(o.householdId)) : live;
    const waitingThrough = new Map<string, number>();
    let r = applyOrderChanges({ items, orders, nextSeq, leaderFeeFen: 0, waitingThrough }, changes);
    // The first waiters, as many as hold what was freed, as order-batch.ts asks the repository for them.
    const asked = new Map<string, number>();
    for (let round = 1; r.kind === 'needs_waitlists'; round++) {
      if (round > 100) throw new Error('kept asking for waiters');
      const wants = r.wants.map((w) => {
        const before = asked.get(w.itemId);
        const qty = before === undefined ? w.qty : Math.max(w.qty, before * 2);
        asked.set(w.itemId, qty);
        return { itemId: w.itemId, qty };
      });
      const first = firstWaiters(
        [...live].sort((x, y) => x.seq - y.seq),
        wants,
      );
      for (const [id, seq] of first.through)
        waitingThrough.set(id, Math.max(waitingThrough.get(id) ?? Number.NEGATIVE_INFINITY, seq));
      orders = [...new Map([...orders, ...first.orders].map((o) => [o.id, o])).values()];
      r = applyOrderChanges({ items, orders, nextSeq, leaderFeeFen: 0, waitingThrough }, changes);
    }
    for (const o of r.changedOrders) all.set(o.id, o);
    items = r.items;
    nextSeq = r.nextSeq;
    if (changes.length === 1) {
      for (const itemId of ITEMS) {
        const seqs = r.promotions.filter((p) => p.itemId === itemId).map((p) => all.get(p.orderId)!.seq);
        promotionsPerBatch.push({ seqs, itemId, orders: [...all.values()] });
      }
    }
  }
  return { items, orders: [...all.values()], promotionsPerBatch };
}

function checkInvariants(items: AllocItem[], orders: AllocOrder[]) {
  const live = orders.filter((o) => o.status !== 'cancelled');
  for (const item of items) {
    const lines = live.flatMap((o) => o.lines.filter((l) => l.itemId === item.id));
    const allocated = lines.reduce((n, l) => n + l.allocatedQty, 0);
    const waiting = lines.reduce((n, l) => n + l.waitlistedQty, 0);
    expect(item.allocatedQty).toBe(allocated);
    expect(item.waitlistedQty).toBe(waiting);
    if (item.stock !== null) expect(allocated).toBeLessThanOrEqual(item.stock);
    // Free stock and waiters never coexist: promotion always fills what it can.
    if (waiting > 0) expect(item.stock === null ? 0 : item.stock - allocated).toBe(0);
  }
  for (const o of live) {
    for (const l of o.lines) {
      expect(l.allocatedQty + l.waitlistedQty).toBe(l.qty);
      expect(l.qty).toBeGreaterThan(0);
      expect(Math.min(l.allocatedQty, l.waitlistedQty)).toBeGreaterThanOrEqual(0);
    }
    expect(o.status).toBe(o.lines.some((l) => l.allocatedQty > 0) ? 'active' : 'waitlisted');
  }
  const households = live.map((o) => o.householdId);
  expect(new Set(households).size).toBe(households.length);
  const seqs = orders.map((o) => o.seq);
  expect(new Set(seqs).size).toBe(seqs.length);
}

describe('allocation properties', () => {
  it('keeps the invariants for any sequence of place, edit and cancel, batched any way', () => {
    fc.assert(
      fc.property(scenarioArb, ({ stocks, ops, batchSizes, partial }) => {
        const { items, orders } = simulate(stocks, ops, batchSizes, partial);
        checkInvariants(items, orders);
      }),
      { numRuns: 500 },
    );
  });

  it('gives the same result with partial loading as with the full book', () => {
    fc.assert(
      fc.property(scenarioArb, ({ stocks, ops, batchSizes }) => {
        idCounter = 0;
        const full = simulate(stocks, ops, batchSizes, false);
        idCounter = 0;
        const partial = simulate(stocks, ops, batchSizes, true);
        const norm = (os: AllocOrder[]) => [...os].sort((x, y) => x.seq - y.seq);
        expect(norm(partial.orders)).toEqual(norm(full.orders));
        expect(partial.items).toEqual(full.items);
      }),
      { numRuns: 300 },
    );
  });

  it('without edits, allocation is first-come-first-served by seq (the reference model)', () => {
    // Joins and cancels only: a household places once per life; the reference allocates greedily by seq.
    const noEditOps = fc.array(opArb(4, 2), { maxLength: 40 }).map((ops) => {
      const live = new Set<string>();
      return ops.filter((op) => {
        if (op.kind === 'cancel') return live.delete(op.h);
        if (live.has(op.h) || !op.qtys.some((q) => q > 0)) return false;
        live.add(op.h);
        return true;
      });
    });
    fc.assert(
      fc.property(scenarioArb, noEditOps, ({ stocks, batchSizes, partial }, ops) => {
        const { items, orders } = simulate(stocks, ops, batchSizes, partial);
        checkInvariants(items, orders);
        const live = orders.filter((o) => o.status !== 'cancelled').sort((x, y) => x.seq - y.seq);
        ITEMS.forEach((itemId, i) => {
          let left = stocks[i] ?? Number.POSITIVE_INFINITY;
          for (const o of live) {
            const line = o.lines.find((l) => l.itemId === itemId);
            if (!line) continue;
            const want = Math.min(line.qty, left);
            left -= want;
            expect(line.allocatedQty).toBe(want);
          }
        });
      }),
      { numRuns: 500 },
    );
  });

  it('promotes in seq order: a promoted order leaves no earlier order waiting for that item', () => {
    fc.assert(
      fc.property(scenarioArb, ({ stocks, ops, partial }) => {
        const { promotionsPerBatch } = simulate(stocks, ops, [1], partial);
        for (const { seqs, itemId, orders } of promotionsPerBatch) {
          expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
          const last = seqs.at(-1);
          if (last === undefined) continue;
          for (const o of orders) {
            if (o.status === 'cancelled' || o.seq >= last) continue;
            expect(o.lines.find((l) => l.itemId === itemId)?.waitlistedQty ?? 0).toBe(0);
          }
        }
      }),
      { numRuns: 500 },
    );
  });
});
