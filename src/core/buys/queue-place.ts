/**
 * A waiting household's place in the queue: for each line of its order that waits, the quantity of the same
 * item waiting on live orders ahead of it (a lower `seq`). Promotion fills an item's waiters in `seq` order
 * (api-contract.md, "Orders"), so that much stock must be freed before any of the line's own waiting quantity
 * is: "前面还有 N 份在排队". Pure.
 */
import type { AllocOrder } from './allocation-fns.ts';

/** One waiting line whose place is asked: its item and its order's seq. */
export interface WaitAsk {
  itemId: string;
  seq: number;
}

/** What waits ahead of each waiting line of an order, by item id (lines that do not wait are absent). */
export type QueuePlace = ReadonlyMap<string, number>;

const waitedOn = (o: AllocOrder, itemId: string): number => {
  if (o.status === 'cancelled') return 0;
  for (const l of o.lines) if (l.itemId === itemId) return l.waitlistedQty;
  return 0;
};

/** The asks of an order: one per line that waits. */
export function waitAsks(o: AllocOrder): WaitAsk[] {
  const asks: WaitAsk[] = [];
  if (o.status === 'cancelled') return asks;
  for (const l of o.lines) if (l.waitlistedQty > 0) asks.push({ itemId: l.itemId, seq: o.seq });
  return asks;
}

/**
 * The waiting quantity of each ask's item on the orders before its seq, from live orders in seq order (a
 * book's waiting orders, or a page of them): one pass per item asked, cut off at the ask's seq.
 */
export function waitingBefore(bySeq: readonly AllocOrder[], asks: readonly WaitAsk[]): number[] {
  return asks.map(({ itemId, seq }) => {
    let n = 0;
    for (const o of bySeq) {
      if (o.seq >= seq) break;
      n += waitedOn(o, itemId);
    }
    return n;
  });
}

/** The first index in `seqs` (ascending) whose value is not below `seq`. */
function lowerBound(seqs: readonly number[], seq: number): number {
  let lo = 0;
  let hi = seqs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (seqs[mid]! < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Running sums of what waits, per item, over live orders in seq order: what waits before a seq is one binary
 * search. Built in one pass (a book builds it once per version, when a household reads its place: after a
 * promotion every waiting page reads its own at once, and with 19,500 waiting the walk of `waitingBefore`
 * for the last one took 0.6 ms, bench/waitlist.ts).
 */
export class WaitingSums {
  readonly #items = new Map<string, { seqs: number[]; upTo: number[] }>();

  constructor(bySeq: readonly AllocOrder[]) {
    for (const o of bySeq) {
      if (o.status === 'cancelled') continue;
      for (const l of o.lines) {
        if (l.waitlistedQty <= 0) continue;
        let item = this.#items.get(l.itemId);
        if (!item) this.#items.set(l.itemId, (item = { seqs: [], upTo: [0] }));
        item.seqs.push(o.seq);
        item.upTo.push(item.upTo.at(-1)! + l.waitlistedQty);
      }
    }
  }

  before(asks: readonly WaitAsk[]): number[] {
    return asks.map(({ itemId, seq }) => {
      const item = this.#items.get(itemId);
      return item ? item.upTo[lowerBound(item.seqs, seq)]! : 0;
    });
  }
}

/** An order's place from what waits before each of its waiting lines (`ahead[i]` for `waitAsks(o)[i]`). */
export function placeOf(o: AllocOrder, ahead: readonly number[]): QueuePlace {
  const asks = waitAsks(o);
  const place = new Map<string, number>();
  asks.forEach((a, i) => place.set(a.itemId, Math.max(0, ahead[i] ?? 0)));
  return place;
}

/**
 * The places of orders as a batch leaves the queue, without reading the whole queue back: what waited before
 * each ask in storage before the batch (`stored`, asked only for the orders that were there: a new order
 * comes after every stored one, so what waited before it is the item's whole waiting quantity,
 * `waitingBefore`), corrected by what the batch changed on the orders ahead (`changed`, as the batch leaves
 * them, against `before`, as it found them; a new order was not there, a cancelled one waits no more).
 *
 * `orders`: the orders whose place is wanted (their waiting lines, as the batch answers them; what waits
 * ahead is counted as the batch leaves the queue). `nextSeq`: the buy's next seq before the batch. `itemWaiting`: each item's waiting quantity before the batch. Returns the asks to read from
 * storage, then (given their answers, in order) each order's place.
 */
export function batchPlaces(input: {
  orders: readonly AllocOrder[];
  changed: readonly AllocOrder[];
  before: ReadonlyMap<string, AllocOrder>;
  nextSeq: number;
  itemWaiting: ReadonlyMap<string, number>;
}): { stored: WaitAsk[]; places: (storedAhead: readonly number[]) => QueuePlace[] } {
  const { orders, changed, before, nextSeq, itemWaiting } = input;
  const stored: WaitAsk[] = [];
  const perOrder = orders.map((o) => {
    const asks = waitAsks(o);
    const from = asks.map((a) => {
      if (a.seq >= nextSeq) return -1;
      stored.push(a);
      return stored.length - 1;
    });
    return { o, asks, from };
  });
  // Per item, the batch's change to what waits, by the seq of the order it changed (in seq order).
  const deltas = new Map<string, { seq: number; delta: number }[]>();
  for (const o of changed) {
    const was = before.get(o.id);
    const items = new Set<string>();
    for (const l of o.lines) items.add(l.itemId);
    for (const l of was?.lines ?? []) items.add(l.itemId);
    for (const itemId of items) {
      const delta = waitedOn(o, itemId) - (was ? waitedOn(was, itemId) : 0);
      if (delta === 0) continue;
      const list = deltas.get(itemId) ?? [];
      list.push({ seq: o.seq, delta });
      deltas.set(itemId, list);
    }
  }
  // Per item, the changes' seqs in order and their running sums: what changed before a seq is one binary
  // search (a batch of a rush has a hundred or more new orders, each asking).
  const sums = new Map<string, { seqs: number[]; upTo: number[] }>();
  for (const [itemId, list] of deltas) {
    list.sort((a, b) => a.seq - b.seq);
    const upTo = [0];
    for (const d of list) upTo.push(upTo.at(-1)! + d.delta);
    sums.set(itemId, { seqs: list.map((d) => d.seq), upTo });
  }
  const changedBefore = (itemId: string, seq: number) => {
    const s = sums.get(itemId);
    return s ? s.upTo[lowerBound(s.seqs, seq)]! : 0;
  };
  return {
    stored,
    places: (storedAhead) =>
      perOrder.map(({ o, asks, from }) =>
        placeOf(
          o,
          asks.map(
            (a, i) =>
              (from[i]! >= 0 ? (storedAhead[from[i]!] ?? 0) : (itemWaiting.get(a.itemId) ?? 0)) +
              changedBefore(a.itemId, a.seq),
          ),
        ),
      ),
  };
}
