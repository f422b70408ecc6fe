/**
 * `npm run bench -- waitlist`: what a batch that frees stock costs on a sold-out buy. A batch of 70 (one
 * cancellation, 69 joins) on a buy of N orders whose stock (1,000) went to the first ones: the order path reads
 * the waiting orders from the buy's book and the pure allocation promotes from them. Measured both ways in the
 * same run: every waiter read (what the order paths did until 2026-12-01, thirteenth session) and only the first
 * ones by seq, as many as hold what was freed (`waitingPrefix`, docs/buys.md), and since the fourteenth session
 * those first ones taken from the book's index of its waiting orders in seq order (db/repos/waiting-index.ts,
 * kept up to date as batches commit) instead of a scan and sort of every order. Since the forty-ninth session
 * also what telling each answer its place in the queue adds to that batch (queue-place.ts: the waiting new
 * joins' places, from the item's waiting quantity and the batch's own changes), and what a waiting household's
 * own read of its place costs from the book's index (the last waiter's): a walk of the waiters before it, or
 * the running sums a book makes once per version (queue-place.ts, WaitingSums) and one binary search. Since the
 * fiftieth session also what a buy page's own count of the last waiter's place from the public 接龙 list costs
 * (list-place.ts, placeInList: one pass over the lines ahead; a phone does it instead of fetching its order). Pure
 * CPU: no server, no database. Medians of 30, after a first round that warms V8 up.
 */
import { randomUUID } from 'node:crypto';
import {
  applyOrderChanges,
  firstWaiters,
  type AllocOrder,
  type OrderChange,
} from '../src/core/buys/allocation-fns.ts';
import { waitingBySeq } from '../src/db/repos/waiting-index.ts';
import { placeInList } from '../src/core/buys/list-place.ts';
import { batchPlaces, waitAsks, waitingBefore, WaitingSums } from '../src/core/buys/queue-place.ts';
import { jielongEntryOf } from '../src/core/buys/views.ts';
import { fmt } from './support.ts';

/** How the book's waiters are read: every one, the first ones after a scan, the first ones from its index. */
type Read = 'all' | 'prefix' | 'index';

const copy = (o: AllocOrder): AllocOrder => ({ ...o, lines: o.lines.map((l) => ({ ...l })) });

function soldOut(n: number) {
  const item = {
    id: randomUUID(),
    priceFen: 2500,
    stock: 1000,
    perHouseholdMax: 3,
    allocatedQty: 0,
    waitlistedQty: 0,
  };
  const orders: AllocOrder[] = [];
  for (let i = 0; i < n; i++) {
    const qty = 1 + (i % 3);
    const allocated = Math.min(qty, item.stock - item.allocatedQty);
    item.allocatedQty += allocated;
    item.waitlistedQty += qty - allocated;
    orders.push({
      id: randomUUID(),
      householdId: randomUUID(),
      seq: i + 1,
      status: allocated > 0 ? 'active' : 'waitlisted',
      amountFen: allocated * 2500,
      lines: [{ itemId: item.id, qty, allocatedQty: allocated, waitlistedQty: qty - allocated }],
    });
  }
  return { item, orders };
}

/** One batch as the order path runs it, reading the waiters as `how` says. Milliseconds. */
function batch(
  n: number,
  book: ReturnType<typeof soldOut> & { index: AllocOrder[] },
  changes: OrderChange[],
  how: Read,
): number {
  return run(n, book, changes, how).ms;
}

function run(
  n: number,
  book: ReturnType<typeof soldOut> & { index: AllocOrder[] },
  changes: OrderChange[],
  how: Read,
) {
  const t0 = performance.now();
  const loaded = new Map([[book.orders[0]!.id, copy(book.orders[0]!)]]);
  const waitingThrough = new Map<string, number>();
  const snapshot = () => ({
    items: [{ ...book.item }],
    orders: [...loaded.values()],
    nextSeq: n + 1,
    leaderFeeFen: 0,
    waitingThrough,
  });
  let result = applyOrderChanges(snapshot(), changes);
  while (result.kind === 'needs_waitlists') {
    // The book's read (order-journal.ts): its waiters by seq, then all of them or the first ones.
    const waiting =
      how === 'index'
        ? book.index
        : book.orders.filter((o) => o.lines.some((l) => l.waitlistedQty > 0)).sort((a, b) => a.seq - b.seq);
    const read =
      how === 'all' ? { orders: waiting, through: new Map() } : firstWaiters(waiting, result.wants);
    for (const o of read.orders) if (!loaded.has(o.id)) loaded.set(o.id, copy(o));
    for (const [id, seq] of read.through) waitingThrough.set(id, seq);
    result = applyOrderChanges(snapshot(), changes);
  }
  if (result.kind !== 'done' || result.promotions.length === 0)
    throw new Error('the cancellation promoted nobody');
  return { ms: performance.now() - t0, result, loaded };
}

/** The places of a batch's waiting answers (order-batch.ts, queuePlaces). Milliseconds. */
function places(
  n: number,
  book: ReturnType<typeof soldOut> & { index: AllocOrder[] },
  done: ReturnType<typeof run>,
): number {
  const t0 = performance.now();
  const orders: AllocOrder[] = [];
  for (const o of done.result.outcomes)
    if (o.ok && o.order.status !== 'cancelled' && waitAsks(o.order).length > 0) orders.push(o.order);
  const { stored, places: of } = batchPlaces({
    orders,
    changed: done.result.changedOrders,
    before: done.loaded,
    nextSeq: n + 1,
    itemWaiting: new Map([[book.item.id, book.item.waitlistedQty]]),
  });
  if (of(waitingBefore(book.index, stored)).length !== 69) throw new Error('every join waits');
  return performance.now() - t0;
}

export function benchWaitlist(): void {
  console.log('\n## A batch that frees stock on a sold-out buy: 1 cancellation + 69 joins, stock 1,000');
  const rows = [1000, 1000, 5000, 20000].map((n) => {
    const sold = soldOut(n);
    const book = { ...sold, index: waitingBySeq(sold.orders) };
    const changes: OrderChange[] = [
      { kind: 'cancel', householdId: book.orders[0]!.householdId },
      ...Array.from({ length: 69 }, () => ({
        kind: 'place' as const,
        householdId: randomUUID(),
        newOrderId: randomUUID(),
        lines: [{ itemId: book.item.id, qty: 1 }],
      })),
    ];
    const median = (how: Read) => {
      const times = Array.from({ length: 30 }, () => batch(n, book, changes, how)).sort((a, b) => a - b);
      return times[15]!;
    };
    const all = median('all');
    const first = median('prefix');
    const indexed = median('index');
    const done = run(n, book, changes, 'index');
    const placed = Array.from({ length: 30 }, () => places(n, book, done)).sort((a, b) => a - b)[15]!;
    const asks = waitAsks(book.index.at(-1)!);
    const timed = (f: () => unknown) =>
      Array.from({ length: 30 }, () => {
        const t0 = performance.now();
        f();
        return performance.now() - t0;
      }).sort((a, b) => a - b)[15]!;
    const walk = timed(() => waitingBefore(book.index, asks));
    const summed = timed(() => new WaitingSums(book.index));
    const sums = new WaitingSums(book.index);
    const fromSums = timed(() => sums.before(asks));
    const labelled = book.orders.map((o, i) => ({ ...o, householdLabel: `${1 + (i % 20)}-${i}` }));
    const items = [{ id: book.item.id, name: '鸡蛋' }];
    const entries = labelled.map(jielongEntryOf(items));
    const last = labelled.at(-1)!;
    if (placeInList(entries, last, items)?.get(book.item.id) !== waitingBefore(book.index, asks)[0])
      throw new Error('the list counts what the book counts');
    const fromList = timed(() => placeInList(entries, last, items));
    return {
      orders: fmt(n),
      waiting: fmt(book.orders.filter((o) => o.status === 'waitlisted').length),
      'every waiter ms': fmt(all, 2),
      'first waiters (scan) ms': fmt(first, 2),
      'first waiters (index) ms': fmt(indexed, 3),
      'every ÷ index': fmt(all / indexed, 1),
      "answers' places ms": fmt(placed, 3),
      'places ÷ batch (index)': fmt(placed / indexed, 2),
      "last waiter's read: walk ms": fmt(walk, 3),
      'sums made ms': fmt(summed, 3),
      'read from sums ms': fmt(fromSums, 4),
      "page's count from the list ms": fmt(fromList, 3),
    };
  });
  // The first row warms V8 up for both ways; it is not printed.
  console.table(rows.slice(1));
}
