/**
 * `npm run bench -- waitlist`: what a batch that frees stock costs on a sold-out buy. A batch of 70 (one
 * cancellation, 69 joins) on a buy of N orders whose stock (1,000) went to the first ones: the order path reads
 * the waiting orders from the buy's book and the pure allocation promotes from them. Measured both ways in the
 * same run: every waiter read (what the order paths did until 2026-12-01, thirteenth session) and only the first
 * ones by seq, as many as hold what was freed (what they do now: `waitingPrefix`, docs/buys.md). Pure CPU: no
 * server, no database. Medians of 30, after a first round that warms V8 up.
 */
import { randomUUID } from 'node:crypto';
import {
  applyOrderChanges,
  firstWaiters,
  type AllocOrder,
  type OrderChange,
} from '../src/core/buys/allocation-fns.ts';
import { fmt } from './support.ts';

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

/** One batch as the order path runs it; `prefix`: read the first waiters only. Milliseconds. */
function batch(n: number, book: ReturnType<typeof soldOut>, changes: OrderChange[], prefix: boolean): number {
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
    const waiting = book.orders
      .filter((o) => o.lines.some((l) => l.waitlistedQty > 0))
      .sort((a, b) => a.seq - b.seq);
    const read = prefix ? firstWaiters(waiting, result.wants) : { orders: waiting, through: new Map() };
    for (const o of read.orders) if (!loaded.has(o.id)) loaded.set(o.id, copy(o));
    for (const [id, seq] of read.through) waitingThrough.set(id, seq);
    result = applyOrderChanges(snapshot(), changes);
  }
  if (result.kind !== 'done' || result.promotions.length === 0)
    throw new Error('the cancellation promoted nobody');
  return performance.now() - t0;
}

export function benchWaitlist(): void {
  console.log('\n## A batch that frees stock on a sold-out buy: 1 cancellation + 69 joins, stock 1,000');
  const rows = [1000, 1000, 5000, 20000].map((n) => {
    const book = soldOut(n);
    const changes: OrderChange[] = [
      { kind: 'cancel', householdId: book.orders[0]!.householdId },
      ...Array.from({ length: 69 }, () => ({
        kind: 'place' as const,
        householdId: randomUUID(),
        newOrderId: randomUUID(),
        lines: [{ itemId: book.item.id, qty: 1 }],
      })),
    ];
    const median = (prefix: boolean) => {
      const times = Array.from({ length: 30 }, () => batch(n, book, changes, prefix)).sort((a, b) => a - b);
      return times[15]!;
    };
    const all = median(false);
    const first = median(true);
    return {
      orders: fmt(n),
      waiting: fmt(book.orders.filter((o) => o.status === 'waitlisted').length),
      'every waiter ms': fmt(all, 2),
      'first waiters ms': fmt(first, 2),
      'every ÷ first': fmt(all / first, 1),
    };
  });
  // The first row warms V8 up for both ways; it is not printed.
  console.table(rows.slice(1));
}
