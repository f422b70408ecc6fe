/**
 * A buy's book keeps its waiting orders (live, with a waitlisted line) in seq order, updated as each batch
 * commits, so that a batch that frees stock reads the first waiters (firstWaiters) without scanning and
 * sorting every order of the buy: in a rush's wake (thousands waiting, cancellations in every batch) that
 * scan was the largest single item of a batch's time. Pure; the book owns the array.
 */
import type { AllocOrder } from '../../core/buys/allocation-fns.ts';

const isWaiting = (o: AllocOrder) => o.status !== 'cancelled' && o.lines.some((l) => l.waitlistedQty > 0);

/** The waiting orders among these, in seq order. */
export function waitingBySeq<O extends AllocOrder>(orders: Iterable<O>): O[] {
  return [...orders].filter(isWaiting).sort((a, b) => a.seq - b.seq);
}

/** The first index in `bySeq` whose seq is not below `seq`. */
function lowerBound(bySeq: readonly AllocOrder[], seq: number): number {
  let lo = 0;
  let hi = bySeq.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (bySeq[mid]!.seq < seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Replaces an order's entry: `before` is the order as the index knew it (undefined: new), `after` as it is now
 * (undefined: gone). Each side is in the index exactly when it waits.
 */
export function updateWaiting<O extends AllocOrder>(
  bySeq: O[],
  before: O | undefined,
  after: O | undefined,
): void {
  if (before && isWaiting(before)) {
    for (let i = lowerBound(bySeq, before.seq); i < bySeq.length && bySeq[i]!.seq === before.seq; i++)
      if (bySeq[i]!.id === before.id) {
        bySeq.splice(i, 1);
        break;
      }
  }
  if (after && isWaiting(after)) {
    // After every order of the same seq (seqs are unique per buy; ties keep their arrival order).
    let i = lowerBound(bySeq, after.seq);
    while (i < bySeq.length && bySeq[i]!.seq === after.seq) i++;
    bySeq.splice(i, 0, after);
  }
}
