/**
 * Sharing out what arrived when the truck brought less than was allocated. Pure: the leader sees the
 * result as a preview and applying it writes exactly the same numbers.
 */
import { lineAmountFen, type Fen } from '../shared/money.ts';

/** How a shortage of one item is shared out among the households that were allocated it. */
export const SHORTAGE_POLICIES = ['seq', 'pro_rata'] as const;
export type ShortagePolicy = (typeof SHORTAGE_POLICIES)[number];

/** One household's claim on an item: its order's place in the 接龙 list and its allocated quantity. */
export interface Claim {
  orderId: string;
  seq: number;
  qty: number;
}

/**
 * What each claim receives when only `received` units arrived, in the claims' input order.
 * - `seq` (接龙 order): first joined, first served, by seq.
 * - `pro_rata`: each gets ⌊qty × received / total⌋, then the units left over go one each to the largest
 *   remainders (ties: earlier seq first), so the shares add up to `received` exactly.
 * Never more than a claim's qty, never negative; when enough arrived everyone gets their qty.
 */
export function shareOut(claims: readonly Claim[], received: number, policy: ShortagePolicy): number[] {
  const total = claims.reduce((n, c) => n + c.qty, 0);
  const available = Math.max(0, Math.min(Math.floor(received), total));
  if (available >= total) return claims.map((c) => c.qty);
  const bySeq = claims.map((c, i) => ({ c, i })).sort((a, b) => a.c.seq - b.c.seq || a.i - b.i);
  const out = claims.map(() => 0);
  if (policy === 'seq') {
    let left = available;
    for (const { c, i } of bySeq) {
      out[i] = Math.min(c.qty, left);
      left -= out[i]!;
    }
    return out;
  }
  // qty ≤ 9,999 and total ≤ 10^8: every product stays far below 2^53.
  let given = 0;
  const remainders = bySeq.map(({ c, i }) => {
    const scaled = c.qty * available;
    out[i] = Math.floor(scaled / total);
    given += out[i]!;
    return { i, rem: scaled % total, seq: c.seq };
  });
  remainders.sort((a, b) => b.rem - a.rem || a.seq - b.seq);
  for (let k = 0; k < available - given; k++) out[remainders[k]!.i]! += 1;
  return out;
}

export interface ArrivalItem {
  itemId: string;
  name: string;
  priceFen: Fen;
}

export interface ArrivalOrderLine {
  itemId: string;
  allocatedQty: number;
}

export interface ArrivalOrder {
  orderId: string;
  seq: number;
  householdId: string;
  householdLabel: string;
  lines: ArrivalOrderLine[];
}

export interface ItemOutcome {
  itemId: string;
  name: string;
  priceFen: Fen;
  allocatedQty: number;
  receivedQty: number;
  /** allocated − what is shared out (0 when enough arrived). */
  shortQty: number;
}

export interface LineOutcome {
  itemId: string;
  allocatedQty: number;
  newQty: number;
  /** newQty − allocatedQty (≤ 0). */
  qtyDelta: number;
  /** qtyDelta × price (≤ 0). */
  amountFenDelta: Fen;
}

export interface OrderOutcome {
  orderId: string;
  seq: number;
  householdId: string;
  householdLabel: string;
  lines: LineOutcome[];
  /** What the household is owed back: Σ |amountFenDelta|. */
  refundFen: Fen;
}

export interface ArrivalPlan {
  policy: ShortagePolicy;
  items: ItemOutcome[];
  /** Every order with something allocated, in seq order; `lines` only those with an allocation. */
  orders: OrderOutcome[];
  refundFen: Fen;
}

/**
 * The whole arrival: per item, what came against what was allocated, shared out by the policy; per order
 * its new quantities and the refund due. `received` maps item id → units that arrived (a missing item id
 * means everything arrived).
 */
export function planArrival(
  items: readonly ArrivalItem[],
  orders: readonly ArrivalOrder[],
  received: ReadonlyMap<string, number>,
  policy: ShortagePolicy,
): ArrivalPlan {
  const sorted = [...orders].sort((a, b) => a.seq - b.seq);
  const newQty = new Map<string, number>();
  const key = (orderId: string, itemId: string) => `${orderId} ${itemId}`;
  const itemOutcomes = items.map((item) => {
    const claims: Claim[] = [];
    for (const o of sorted)
      for (const l of o.lines)
        if (l.itemId === item.itemId && l.allocatedQty > 0)
          claims.push({ orderId: o.orderId, seq: o.seq, qty: l.allocatedQty });
    const allocatedQty = claims.reduce((n, c) => n + c.qty, 0);
    const receivedQty = Math.max(0, received.get(item.itemId) ?? allocatedQty);
    const shares = shareOut(claims, receivedQty, policy);
    claims.forEach((c, n) => newQty.set(key(c.orderId, item.itemId), shares[n]!));
    const shared = shares.reduce((n, s) => n + s, 0);
    return { ...item, allocatedQty, receivedQty, shortQty: allocatedQty - shared };
  });
  const price = new Map(items.map((i) => [i.itemId, i.priceFen]));
  const position = new Map(items.map((i, n) => [i.itemId, n]));
  const outcomes = sorted
    .map((o) => {
      const lines = o.lines
        .filter((l) => l.allocatedQty > 0 && price.has(l.itemId))
        // Lines in the buy's item order, whatever order storage returned them in.
        .sort((a, b) => position.get(a.itemId)! - position.get(b.itemId)!)
        .map((l) => {
          const q = newQty.get(key(o.orderId, l.itemId)) ?? l.allocatedQty;
          const qtyDelta = q - l.allocatedQty;
          return {
            itemId: l.itemId,
            allocatedQty: l.allocatedQty,
            newQty: q,
            qtyDelta,
            amountFenDelta: lineAmountFen(price.get(l.itemId)!, qtyDelta),
          };
        });
      const refundFen = lines.reduce((n, l) => n - l.amountFenDelta, 0);
      return { ...o, lines, refundFen };
    })
    .filter((o) => o.lines.length > 0);
  return {
    policy,
    items: itemOutcomes,
    orders: outcomes,
    refundFen: outcomes.reduce((n, o) => n + o.refundFen, 0),
  };
}
