import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyOrderChanges, type AllocItem, type AllocOrder, type OrderChange } from './allocation-fns.ts';
import { placeInList } from './list-place.ts';
import { batchPlaces, waitAsks, waitingBefore, WaitingSums, type QueuePlace } from './queue-place.ts';
import { jielongEntryOf } from './views.ts';

const ITEMS = ['a', 'b'];
const HOUSEHOLDS = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'h7', 'h8'];

const changeArb: fc.Arbitrary<Omit<OrderChange, 'newOrderId'>> = fc.oneof(
  fc.record({
    kind: fc.constant('place' as const),
    householdId: fc.constantFrom(...HOUSEHOLDS),
    lines: fc.uniqueArray(
      fc.record({ itemId: fc.constantFrom(...ITEMS), qty: fc.integer({ min: 0, max: 3 }) }),
      { minLength: 1, maxLength: 2, selector: (l) => l.itemId },
    ),
  }),
  fc.record({ kind: fc.constant('cancel' as const), householdId: fc.constantFrom(...HOUSEHOLDS) }),
);

/** Runs changes on the whole buy (every live order loaded); returns the items, the live orders and the result. */
function run(items: AllocItem[], orders: AllocOrder[], nextSeq: number, changes: OrderChange[]) {
  const result = applyOrderChanges({ items, orders, nextSeq, leaderFeeFen: 0 }, changes);
  if (result.kind !== 'done') throw new Error('every waiter was loaded');
  const live = new Map(orders.map((o) => [o.id, o]));
  for (const o of result.changedOrders)
    if (o.status === 'cancelled') live.delete(o.id);
    else live.set(o.id, o);
  return { result, items: result.items, orders: [...live.values()].sort((a, b) => a.seq - b.seq) };
}

/** The items with nothing ordered yet, `a` with its stock and `b` with its stock or none (unlimited). */
const emptyItems = (stock: { a: number; b: number | null }): AllocItem[] =>
  ITEMS.map((i) => ({
    id: i,
    priceFen: 100,
    stock: stock[i as 'a' | 'b'] ?? null,
    perHouseholdMax: null,
    allocatedQty: 0,
    waitlistedQty: 0,
  }));

/** What waits before each waiting line of `o`, counted over the whole queue. */
function counted(queue: readonly AllocOrder[], o: AllocOrder): QueuePlace {
  const place = new Map<string, number>();
  for (const { itemId } of waitAsks(o)) {
    let n = 0;
    for (const p of queue)
      if (p.seq < o.seq) n += p.lines.find((l) => l.itemId === itemId)?.waitlistedQty ?? 0;
    place.set(itemId, n);
  }
  return place;
}

describe('batchPlaces (properties)', () => {
  it('gives each order of a batch the place the whole queue after the batch gives it', () => {
    fc.assert(
      fc.property(
        fc.record({ a: fc.integer({ min: 0, max: 6 }), b: fc.option(fc.integer({ min: 0, max: 6 })) }),
        fc.array(changeArb, { maxLength: 12 }),
        fc.array(changeArb, { minLength: 1, maxLength: 8 }),
        (stock, first, second) => {
          let id = 0;
          const ids = (cs: typeof first): OrderChange[] =>
            cs.map((c) => (c.kind === 'place' ? { ...c, newOrderId: `o${++id}` } : c) as OrderChange);
          const empty = emptyItems(stock);
          // What storage holds before the batch (made by the same rules), then the batch on it.
          const stored = run(empty, [], 1, ids(first));
          const nextSeq = stored.result.nextSeq;
          const after = run(stored.items, stored.orders, nextSeq, ids(second));
          const answered: AllocOrder[] = [];
          for (const o of after.result.outcomes)
            if (o.ok && o.order.status !== 'cancelled' && waitAsks(o.order).length > 0)
              answered.push(o.order);
          const { stored: asks, places } = batchPlaces({
            orders: answered,
            changed: after.result.changedOrders,
            before: new Map(stored.orders.map((o) => [o.id, o])),
            nextSeq,
            itemWaiting: new Map(stored.items.map((i) => [i.id, i.waitlistedQty])),
          });
          // Only orders that were stored are asked about.
          for (const a of asks) expect(a.seq).toBeLessThan(nextSeq);
          const got = places(waitingBefore(stored.orders, asks));
          answered.forEach((o, n) => expect(got[n]).toEqual(counted(after.orders, o)));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('counts from the public 接龙 list what the whole queue counts (a buy page counts its own place so)', () => {
    const named = ITEMS.map((id) => ({ id, name: `品${id}` }));
    fc.assert(
      fc.property(
        fc.record({ a: fc.integer({ min: 0, max: 6 }), b: fc.option(fc.integer({ min: 0, max: 6 })) }),
        fc.array(changeArb, { minLength: 1, maxLength: 16 }),
        (stock, changes) => {
          let id = 0;
          const empty = emptyItems(stock);
          const cs = changes.map(
            (c) => (c.kind === 'place' ? { ...c, newOrderId: `o${++id}` } : c) as OrderChange,
          );
          const { orders } = run(empty, [], 1, cs);
          const labelled = orders.map((o) => ({ ...o, householdLabel: `1-${o.householdId}` }));
          const entries = labelled.map(jielongEntryOf(named));
          for (const o of labelled) {
            if (waitAsks(o).length === 0) continue;
            expect(placeInList(entries, o, named)).toEqual(counted(orders, o));
            // A list that does not hold my line yet cannot tell.
            expect(
              placeInList(
                entries.filter((e) => e.seq !== o.seq),
                o,
                named,
              ),
            ).toBeNull();
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('reads from running sums what the walk counts', () => {
    const queueArb = fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { maxLength: 25 }).chain((seqs) =>
      fc.tuple(
        ...[...seqs]
          .sort((a, b) => a - b)
          .map((seq) =>
            fc.record({
              id: fc.constant(`o${seq}`),
              householdId: fc.constant(`h${seq}`),
              seq: fc.constant(seq),
              status: fc.constantFrom('active' as const, 'waitlisted' as const, 'cancelled' as const),
              amountFen: fc.constant(0),
              lines: fc.uniqueArray(
                fc
                  .record({ itemId: fc.constantFrom(...ITEMS), qty: fc.integer({ min: 1, max: 3 }) })
                  .chain((l) =>
                    fc.integer({ min: 0, max: l.qty }).map((w) => ({
                      ...l,
                      allocatedQty: l.qty - w,
                      waitlistedQty: w,
                    })),
                  ),
                { maxLength: 2, selector: (l) => l.itemId },
              ),
            }),
          ),
      ),
    );
    const askArb = fc.array(
      fc.record({ itemId: fc.constantFrom(...ITEMS, 'c'), seq: fc.integer({ min: 0, max: 62 }) }),
      { maxLength: 10 },
    );
    fc.assert(
      fc.property(queueArb, askArb, (queue, asks) => {
        expect(new WaitingSums(queue).before(asks)).toEqual(waitingBefore(queue, asks));
      }),
      { numRuns: 500 },
    );
  });

  it('counts nothing before the first waiter, and every waiting line before a later order', () => {
    const o = (id: string, seq: number, wait: Record<string, number>): AllocOrder => ({
      id,
      householdId: id,
      seq,
      status: 'waitlisted',
      amountFen: 0,
      lines: Object.entries(wait).map(([itemId, w]) => ({
        itemId,
        qty: w,
        allocatedQty: 0,
        waitlistedQty: w,
      })),
    });
    const queue = [o('x', 3, { a: 2 }), o('y', 5, { a: 1, b: 3 }), o('z', 9, { b: 1 })];
    expect(
      waitingBefore(queue, [
        { itemId: 'a', seq: 3 },
        { itemId: 'a', seq: 4 },
        { itemId: 'b', seq: 9 },
        { itemId: 'b', seq: 100 },
        { itemId: 'c', seq: 100 },
      ]),
    ).toEqual([0, 2, 3, 4, 0]);
  });
});
