/**
 * A reference of the allocation rules (docs/buys.md, "Allocation rules"), written apart from
 * core/buys/allocation-fns.ts so that a test can replay what the server acknowledged, one change at a time in
 * the order the server stored its events, and compare every answer and the final lines with it. Deliberately
 * plain: maps and loops, no batching, no partial reads.
 *
 * - A new order gets the seq the server gave it; an increase takes free stock and waits for the rest; a
 *   reduction drops waiting quantity first, then allocated; a cancellation frees everything.
 * - Freed or raised stock goes at once to waiting lines in seq order.
 */
export interface ReferenceLine {
  qty: number;
  allocatedQty: number;
  waitlistedQty: number;
}

export interface ReferenceOrder {
  seq: number;
  /** By item id; an item not asked for has no line. */
  lines: Map<string, ReferenceLine>;
}

export class ReferenceBook {
  private readonly stock = new Map<string, number>();
  /** Live orders by id. */
  readonly orders = new Map<string, ReferenceOrder>();
  /** Quantity promoted from the waitlist, by `orderId itemId`. */
  readonly promoted = new Map<string, number>();

  constructor(stock: Record<string, number>) {
    for (const [item, n] of Object.entries(stock)) this.stock.set(item, n);
  }

  /** Places (a new id) or edits an order to ask for `want` (item id → qty > 0). */
  set(orderId: string, seq: number, want: ReadonlyMap<string, number>): ReferenceOrder {
    let order = this.orders.get(orderId);
    if (!order) this.orders.set(orderId, (order = { seq, lines: new Map() }));
    const freed: string[] = [];
    for (const item of new Set([...order.lines.keys(), ...want.keys()])) {
      const line = order.lines.get(item) ?? { qty: 0, allocatedQty: 0, waitlistedQty: 0 };
      const qty = want.get(item) ?? 0;
      if (qty > line.qty) {
        const more = qty - line.qty;
        const taken = Math.min(more, this.free(item));
        line.allocatedQty += taken;
        line.waitlistedQty += more - taken;
      } else if (qty < line.qty) {
        const less = line.qty - qty;
        const unwaited = Math.min(less, line.waitlistedQty);
        line.waitlistedQty -= unwaited;
        line.allocatedQty -= less - unwaited;
        if (less > unwaited) freed.push(item);
      }
      line.qty = qty;
      if (qty === 0) order.lines.delete(item);
      else order.lines.set(item, line);
    }
    for (const item of freed) this.promote(item);
    return order;
  }

  cancel(orderId: string): void {
    const order = this.orders.get(orderId);
    if (!order) throw new Error(`cancel of an order the reference does not hold: ${orderId}`);
    this.orders.delete(orderId);
    for (const item of order.lines.keys()) this.promote(item);
  }

  /** The item's stock raised (or set) to `stock`. */
  restock(item: string, stock: number): void {
    this.stock.set(item, stock);
    this.promote(item);
  }

  private free(item: string): number {
    let allocated = 0;
    for (const o of this.orders.values()) allocated += o.lines.get(item)?.allocatedQty ?? 0;
    return (this.stock.get(item) ?? 0) - allocated;
  }

  private promote(item: string): void {
    let free = this.free(item);
    const waiting = [...this.orders.entries()]
      .filter(([, o]) => (o.lines.get(item)?.waitlistedQty ?? 0) > 0)
      .sort(([, a], [, b]) => a.seq - b.seq);
    for (const [id, o] of waiting) {
      if (free <= 0) break;
      const line = o.lines.get(item)!;
      const n = Math.min(free, line.waitlistedQty);
      line.waitlistedQty -= n;
      line.allocatedQty += n;
      free -= n;
      const key = `${id} ${item}`;
      this.promoted.set(key, (this.promoted.get(key) ?? 0) + n);
    }
  }
}

/** An order's lines as the API shows them, sorted by item id, to compare with the reference's. */
export function linesOf(order: {
  lines: readonly { itemId: string; qty: number; allocatedQty: number; waitlistedQty: number }[];
}) {
  return order.lines
    .map(({ itemId, qty, allocatedQty, waitlistedQty }) => ({ itemId, qty, allocatedQty, waitlistedQty }))
    .sort((a, b) => a.itemId.localeCompare(b.itemId));
}

/** The reference order's lines in the same shape. */
export function referenceLines(order: ReferenceOrder) {
  return [...order.lines.entries()]
    .map(([itemId, l]) => ({ itemId, ...l }))
    .sort((a, b) => a.itemId.localeCompare(b.itemId));
}
