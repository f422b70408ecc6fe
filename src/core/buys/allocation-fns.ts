/**
 * Stock allocation for the 接龙 list, as pure functions. A batch of order changes (place/replace a
 * household's lines, cancel) is applied in order to a snapshot of one buy; the result says what every
 * change did, which rows changed and which waitlisted quantity was promoted.
 *
 * The rules (api-contract.md, "Orders"): seq is numbered per buy from 1 in the order joins are allocated;
 * an order keeps its seq through edits and a cancel-and-rejoin goes to the back; an increase that finds no
 * stock is waitlisted and is promoted by its seq; a reduction drops waitlisted quantity before allocated
 * quantity; cancellations and reductions promote waitlisted quantity in seq order; stock null is unlimited.
 */
import { AppError, invalid } from '../shared/app-error.ts';
import type { Fen } from '../shared/money.ts';
import { orderAmountFen } from './buy.ts';

export const MAX_QTY = 9_999;

export interface AllocItem {
  id: string;
  priceFen: Fen;
  /** null: unlimited. */
  stock: number | null;
  perHouseholdMax: number | null;
  allocatedQty: number;
  waitlistedQty: number;
}

export interface AllocLine {
  itemId: string;
  qty: number;
  allocatedQty: number;
  waitlistedQty: number;
}

export type OrderStatus = 'active' | 'waitlisted' | 'cancelled';

export interface AllocOrder {
  id: string;
  householdId: string;
  seq: number;
  status: OrderStatus;
  amountFen: Fen;
  lines: AllocLine[];
}

/**
 * One buy as the batch sees it. `orders` holds the live orders that were loaded: at least those of the
 * households in the batch, plus, for items that need promotion, every order waiting for them.
 */
export interface BuySnapshot {
  items: readonly AllocItem[];
  orders: readonly AllocOrder[];
  nextSeq: number;
  leaderFeeFen: Fen;
  /**
   * Per item: every order waiting for it with a `seq` up to this one is among `orders` (the first waiters,
   * read as a prefix: WaitlistWant). Without it an item's waiters count only when all of them are loaded.
   */
  waitingThrough?: ReadonlyMap<string, number>;
}

/**
 * The waiting orders a batch needs to see for an item: the first ones by `seq` until their waiting quantity
 * reaches `qty` (Infinity: all of them). A promotion fills free stock in `seq` order, so it needs no more.
 */
export interface WaitlistWant {
  itemId: string;
  qty: number;
}

export interface RequestedLine {
  itemId: string;
  qty: number;
}

export type OrderChange =
  | { kind: 'place'; householdId: string; newOrderId: string; lines: readonly RequestedLine[] }
  | { kind: 'cancel'; householdId: string };

export interface Promotion {
  orderId: string;
  itemId: string;
  qty: number;
}

export type ChangeOutcome =
  { ok: true; order: AllocOrder; created: boolean; changed: boolean } | { ok: false; error: AppError };

export type BatchResult =
  | {
      kind: 'done';
      items: AllocItem[];
      /** Final state of every order the batch touched (placed, edited, cancelled or promoted). */
      changedOrders: AllocOrder[];
      changedItemIds: string[];
      outcomes: ChangeOutcome[];
      promotions: Promotion[];
      nextSeq: number;
    }
  /** Promotion needs waitlisted orders that were not loaded: load the first waiters of these items and rerun. */
  | { kind: 'needs_waitlists'; itemIds: string[]; wants: WaitlistWant[] };

/**
 * The first waiters wanted, from live orders in seq order that hold every waiter of the wanted items up to
 * what is wanted (a book's orders, or a repository's read of the prefix): the orders to return, and per item
 * the seq through which every waiter is among them (Infinity: all of them). Pure.
 */
export function firstWaiters<O extends AllocOrder>(
  bySeq: readonly O[],
  wants: readonly WaitlistWant[],
): { orders: O[]; through: Map<string, number> } {
  const picked = new Set<O>();
  const through = new Map<string, number>();
  for (const { itemId, qty } of wants) {
    let held = 0;
    let last = Number.NEGATIVE_INFINITY;
    for (const o of bySeq) {
      if (held >= qty) break;
      const line = o.lines.find((l) => l.itemId === itemId && l.waitlistedQty > 0);
      if (!line) continue;
      held += line.waitlistedQty;
      picked.add(o);
      last = o.seq;
    }
    // Short of the want: every waiter was taken. Else the prefix ends at the last one taken.
    through.set(itemId, held < qty ? Number.POSITIVE_INFINITY : last);
  }
  // In seq order, like bySeq; sorting what was picked, not filtering bySeq, keeps this as short as the prefix.
  return { orders: [...picked].sort((a, b) => a.seq - b.seq), through };
}

/** Checks a requested order against the buy's items; the error a person sees when it is wrong. */
export function validateLines(
  items: ReadonlyMap<string, AllocItem>,
  lines: readonly RequestedLine[],
): AppError | null {
  const seen = new Set<string>();
  for (const line of lines) {
    const item = items.get(line.itemId);
    if (!item)
      return invalid(`Item ${line.itemId} is not part of this buy`, 'unknown_item', { itemId: line.itemId });
    if (seen.has(line.itemId))
      return invalid('Each item may appear once in an order', 'duplicate_item', { itemId: line.itemId });
    seen.add(line.itemId);
    if (!Number.isInteger(line.qty) || line.qty < 0 || line.qty > MAX_QTY)
      return invalid(`qty must be a whole number from 0 to ${MAX_QTY}`, 'qty_out_of_range', {
        itemId: line.itemId,
      });
    if (item.perHouseholdMax !== null && line.qty > item.perHouseholdMax)
      return invalid(`At most ${item.perHouseholdMax} per household for this item`, 'qty_above_max', {
        itemId: line.itemId,
        perHouseholdMax: item.perHouseholdMax,
      });
  }
  if (!lines.some((l) => l.qty > 0))
    return invalid(
      'An order needs at least one item with qty 1 or more; to leave the list, cancel it',
      'empty_order',
    );
  return null;
}

/** Applies the changes in order. Pure: the snapshot is not modified. */
export function applyOrderChanges(snapshot: BuySnapshot, changes: readonly OrderChange[]): BatchResult {
  const book = new Book(snapshot);
  const outcomes: ChangeOutcome[] = [];
  for (const change of changes) {
    outcomes.push(change.kind === 'place' ? book.place(change) : book.cancel(change.householdId));
    if (book.missing.size > 0) return book.needsWaitlists();
  }
  return {
    kind: 'done',
    items: [...book.items.values()],
    changedOrders: book.changed(),
    changedItemIds: [...book.changedItems],
    outcomes,
    promotions: book.promotions,
    nextSeq: book.nextSeq,
  };
}

/** Promotes waiting quantity after stock was raised (or made unlimited) on an open buy. */
export function promoteAfterRestock(snapshot: BuySnapshot, itemIds: readonly string[]): BatchResult {
  const book = new Book(snapshot);
  for (const id of itemIds) book.promote(id);
  if (book.missing.size > 0) return book.needsWaitlists();
  return {
    kind: 'done',
    items: [...book.items.values()],
    changedOrders: book.changed(),
    changedItemIds: [...book.changedItems],
    outcomes: [],
    promotions: book.promotions,
    nextSeq: book.nextSeq,
  };
}

const copyOrder = (o: AllocOrder): AllocOrder => ({ ...o, lines: o.lines.map((l) => ({ ...l })) });

/** The mutable working copy behind applyOrderChanges; never escapes this module. */
class Book {
  readonly items = new Map<string, AllocItem>();
  readonly orders = new Map<string, AllocOrder>();
  readonly liveByHousehold = new Map<string, string>();
  readonly changedOrders = new Set<string>();
  readonly changedItems = new Set<string>();
  /** Items whose waiters promotion needs and did not have, with the free quantity to fill. */
  readonly missing = new Map<string, number>();
  readonly waitingThrough: ReadonlyMap<string, number>;
  readonly promotions: Promotion[] = [];
  /** Cancelled orders leave the live map but must still be written. */
  readonly cancelled = new Map<string, AllocOrder>();
  readonly leaderFeeFen: Fen;
  nextSeq: number;

  constructor(s: BuySnapshot) {
    for (const item of s.items) this.items.set(item.id, { ...item });
    for (const order of s.orders) {
      if (order.status === 'cancelled') continue;
      this.orders.set(order.id, copyOrder(order));
      this.liveByHousehold.set(order.householdId, order.id);
    }
    this.nextSeq = s.nextSeq;
    this.leaderFeeFen = s.leaderFeeFen;
    this.waitingThrough = s.waitingThrough ?? new Map();
  }

  needsWaitlists(): Extract<BatchResult, { kind: 'needs_waitlists' }> {
    return {
      kind: 'needs_waitlists',
      itemIds: [...this.missing.keys()],
      wants: [...this.missing].map(([itemId, qty]) => ({ itemId, qty })),
    };
  }

  changed(): AllocOrder[] {
    // (Loops rather than callbacks on the per-join path: "V8 and short-lived closures", docs/benchmarks.md.)
    const out: AllocOrder[] = [];
    for (const id of this.changedOrders) out.push(this.orders.get(id)!);
    for (const o of this.cancelled.values()) out.push(o);
    return out;
  }

  place(change: Extract<OrderChange, { kind: 'place' }>): ChangeOutcome {
    const error = validateLines(this.items, change.lines);
    if (error) return { ok: false, error };
    const existingId = this.liveByHousehold.get(change.householdId);
    const created = existingId === undefined;
    const order: AllocOrder = created
      ? {
          id: change.newOrderId,
          householdId: change.householdId,
          seq: this.nextSeq++,
          status: 'waitlisted',
          amountFen: 0,
          lines: [],
        }
      : this.orders.get(existingId)!;
    if (created) {
      this.orders.set(order.id, order);
      this.liveByHousehold.set(order.householdId, order.id);
    }
    const wanted = new Map<string, number>();
    for (const l of change.lines) wanted.set(l.itemId, l.qty);
    const touched = new Set<string>();
    for (const l of order.lines) touched.add(l.itemId);
    for (const itemId of wanted.keys()) touched.add(itemId);
    let changed = created;
    // Stable item order so the same request always allocates the same way.
    for (const itemId of [...touched].sort()) {
      changed = this.setLineQty(order, itemId, wanted.get(itemId) ?? 0) || changed;
    }
    if (changed) this.touch(order);
    for (const itemId of touched) this.promote(itemId);
    return { ok: true, order: copyOrder(order), created, changed };
  }

  cancel(householdId: string): ChangeOutcome {
    const orderId = this.liveByHousehold.get(householdId);
    if (orderId === undefined)
      return {
        ok: false,
        error: new AppError('not_found', 'This household has no order in this buy', {
          code: 'order_not_found',
        }),
      };
    const order = this.orders.get(orderId)!;
    for (const line of order.lines) {
      const item = this.items.get(line.itemId)!;
      item.allocatedQty -= line.allocatedQty;
      item.waitlistedQty -= line.waitlistedQty;
      this.changedItems.add(item.id);
    }
    order.status = 'cancelled';
    order.amountFen = 0;
    this.liveByHousehold.delete(householdId);
    this.orders.delete(orderId);
    this.changedOrders.delete(orderId);
    const result = copyOrder(order);
    this.cancelled.set(orderId, result);
    for (const line of order.lines) this.promote(line.itemId);
    return { ok: true, order: result, created: false, changed: true };
  }

  /** Sets one line's quantity; returns whether anything changed. */
  private setLineQty(order: AllocOrder, itemId: string, qty: number): boolean {
    const item = this.items.get(itemId)!;
    let line = order.lines.find((l) => l.itemId === itemId);
    if (!line) {
      if (qty === 0) return false;
      line = { itemId, qty: 0, allocatedQty: 0, waitlistedQty: 0 };
      order.lines.push(line);
    }
    if (qty < line.qty) {
      // A reduction gives back waiting quantity first, so an order never loses goods it could keep.
      const drop = line.qty - qty;
      const fromWaiting = Math.min(line.waitlistedQty, drop);
      line.waitlistedQty -= fromWaiting;
      item.waitlistedQty -= fromWaiting;
      line.allocatedQty -= drop - fromWaiting;
      item.allocatedQty -= drop - fromWaiting;
    } else if (qty > line.qty) {
      // Free stock never coexists with waiters (promotion fills it), so taking it jumps nobody.
      const more = qty - line.qty;
      const take = Math.min(more, this.free(item));
      line.allocatedQty += take;
      item.allocatedQty += take;
      line.waitlistedQty += more - take;
      item.waitlistedQty += more - take;
    } else {
      return false;
    }
    line.qty = qty;
    if (qty === 0) order.lines = order.lines.filter((l) => l.itemId !== itemId);
    this.changedItems.add(itemId);
    return true;
  }

  private free(item: AllocItem): number {
    return item.stock === null ? Number.POSITIVE_INFINITY : Math.max(0, item.stock - item.allocatedQty);
  }

  /** Fills free stock of an item from its waiting lines, lowest seq first. */
  promote(itemId: string): void {
    const item = this.items.get(itemId);
    if (!item || item.waitlistedQty === 0) return;
    let free = this.free(item);
    if (free === 0) return;
    const waiting: { order: AllocOrder; line: AllocLine }[] = [];
    let known = 0;
    for (const order of this.orders.values()) {
      const line = order.lines.find((l) => l.itemId === itemId && l.waitlistedQty > 0);
      if (line) {
        waiting.push({ order, line });
        known += line.waitlistedQty;
      }
    }
    waiting.sort((a, b) => a.order.seq - b.order.seq);
    if (known !== item.waitlistedQty) {
      // Some waiter was not loaded. Promoting is right only among the first waiters, all of them loaded
      // (those up to `waitingThrough`), and only if they hold what is free: else an earlier seq could be
      // skipped. Then the loop below stops within them. When every waiter was read (through Infinity) and the
      // item's count still says more wait, the count was read before a change that promoted them (an
      // optimistic batch's reads, whose commit then finds the buy changed and runs it again): asking again
      // would never end, so the known waiters are all there is.
      const through = this.waitingThrough.get(itemId) ?? Number.NEGATIVE_INFINITY;
      let first = 0;
      for (const w of waiting) if (w.order.seq <= through) first += w.line.waitlistedQty;
      if (first < free && through !== Number.POSITIVE_INFINITY) {
        this.missing.set(itemId, free);
        return;
      }
    }
    for (const { order, line } of waiting) {
      if (free === 0) break;
      const qty = Math.min(free, line.waitlistedQty);
      line.waitlistedQty -= qty;
      line.allocatedQty += qty;
      item.waitlistedQty -= qty;
      item.allocatedQty += qty;
      free -= qty;
      this.promotions.push({ orderId: order.id, itemId, qty });
      this.touch(order);
    }
    this.changedItems.add(itemId);
  }

  private touch(order: AllocOrder): void {
    let holds = false;
    const priced: { allocatedQty: number; priceFen: Fen }[] = [];
    for (const l of order.lines) {
      if (l.allocatedQty > 0) holds = true;
      priced.push({ allocatedQty: l.allocatedQty, priceFen: this.items.get(l.itemId)!.priceFen });
    }
    order.status = holds ? 'active' : 'waitlisted';
    order.amountFen = orderAmountFen(priced, this.leaderFeeFen);
    this.changedOrders.add(order.id);
  }
}
