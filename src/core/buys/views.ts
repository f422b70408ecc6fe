/** The shapes the buys API returns (api-contract.md), built from records. No private data lives here. */
import type { AllocLine, OrderStatus } from './allocation-fns.ts';
import type { BuyStatus, PickupMode } from './buy.ts';
import type { BuyWithItems, ItemRecord } from './ports.ts';
import type { QueuePlace } from './queue-place.ts';
import type { ListEntryChange } from '../shared/events.ts';

export interface ItemView {
  id: string;
  name: string;
  spec: string | null;
  unit: string | null;
  priceFen: number;
  stock: number | null;
  perHouseholdMax: number | null;
  packSize: number | null;
  allocatedQty: number;
  waitlistedQty: number;
  /** Stock left to allocate; null when unlimited. */
  remaining: number | null;
}

export interface BuyView {
  id: string;
  communityId: string;
  title: string;
  description: string;
  status: BuyStatus;
  deadline: string;
  deliveryDate: string | null;
  pickupMode: PickupMode;
  supplierName: string | null;
  supplierContact: string | null;
  minTotalQty: number | null;
  minAmountFen: number | null;
  leaderFeeFen: number;
  cancelReason: string | null;
  createdBy: string;
  publishedAt: string | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
  items: ItemView[];
  totals: { orders: number; allocatedQty: number; waitlistedQty: number; amountFen: number };
}

/**
 * An order line as the API shows it. `waitingAhead`, on a waiting line of the order a household reads or writes
 * as its own (GET/PUT …/orders/mine, and a volunteer's PUT for it): the quantity of the item waiting on orders
 * ahead of it in the list, all promoted before any of this line (queue-place.ts).
 */
export interface OrderLineView extends AllocLine {
  waitingAhead?: number;
}

export interface OrderView {
  id: string;
  buyId: string;
  seq: number;
  householdId: string;
  householdLabel: string;
  status: OrderStatus;
  lines: OrderLineView[];
  amountFen: number;
  note: string | null;
}

/** A household's order in a buy, as the API shows it (the household's label given: orders hold its id). */
export const orderView = (
  o: Omit<OrderView, 'buyId' | 'householdLabel'>,
  buyId: string,
  householdLabel: string,
  place?: QueuePlace,
): OrderView => ({
  id: o.id,
  buyId,
  seq: o.seq,
  householdId: o.householdId,
  householdLabel,
  status: o.status,
  lines: place ? linesWithPlace(o.lines, place) : o.lines,
  amountFen: o.amountFen,
  note: o.note,
});

/** The lines with what waits ahead of each waiting one (`place`, by item id); other lines as they are. */
export function linesWithPlace(lines: readonly AllocLine[], place: QueuePlace): OrderLineView[] {
  const out: OrderLineView[] = [];
  for (const l of lines) {
    const ahead = l.waitlistedQty > 0 ? place.get(l.itemId) : undefined;
    out.push(
      ahead === undefined
        ? { itemId: l.itemId, qty: l.qty, allocatedQty: l.allocatedQty, waitlistedQty: l.waitlistedQty }
        : {
            itemId: l.itemId,
            qty: l.qty,
            allocatedQty: l.allocatedQty,
            waitlistedQty: l.waitlistedQty,
            waitingAhead: ahead,
          },
    );
  }
  return out;
}

export function itemView(i: ItemRecord): ItemView {
  return {
    id: i.id,
    name: i.name,
    spec: i.spec,
    unit: i.unit,
    priceFen: i.priceFen,
    stock: i.stock,
    perHouseholdMax: i.perHouseholdMax,
    packSize: i.packSize,
    allocatedQty: i.allocatedQty,
    waitlistedQty: i.waitlistedQty,
    remaining: i.stock === null ? null : Math.max(0, i.stock - i.allocatedQty),
  };
}

export function buyView(b: BuyWithItems): BuyView {
  return {
    id: b.id,
    communityId: b.communityId,
    title: b.title,
    description: b.description,
    status: b.status,
    deadline: b.deadline.toISOString(),
    deliveryDate: b.deliveryDate,
    pickupMode: b.pickupMode,
    supplierName: b.supplierName,
    supplierContact: b.supplierContact,
    minTotalQty: b.minTotalQty,
    minAmountFen: b.minAmountFen,
    leaderFeeFen: b.leaderFeeFen,
    cancelReason: b.cancelReason,
    createdBy: b.createdBy,
    publishedAt: b.publishedAt?.toISOString() ?? null,
    closedAt: b.closedAt?.toISOString() ?? null,
    createdAt: b.createdAt.toISOString(),
    updatedAt: b.updatedAt.toISOString(),
    version: b.version,
    items: b.items.map(itemView),
    totals: {
      orders: b.liveOrders,
      allocatedQty: b.items.reduce((n, i) => n + i.allocatedQty, 0),
      waitlistedQty: b.items.reduce((n, i) => n + i.waitlistedQty, 0),
      amountFen: b.amountFen,
    },
  };
}

/** A household's line in the public 接龙 list: by label only (no household id, no names or phones). */
export interface JielongEntry extends Omit<ListEntryChange, 'status'> {
  status: 'active' | 'waitlisted';
}

/** A buy's items as its 接龙 entries need them (names, and their order in the buy), worked out once per buy. */
export interface JielongItems {
  names: ReadonlyMap<string, string>;
  position: ReadonlyMap<string, number>;
}

export function jielongItems(items: readonly { id: string; name: string }[]): JielongItems {
  const names = new Map<string, string>();
  const position = new Map<string, number>();
  items.forEach((i, n) => {
    names.set(i.id, i.name);
    position.set(i.id, n);
  });
  return { names, position };
}

const byPosition = (a: { at: number }, b: { at: number }) => a.at - b.at;

/**
 * The 接龙 entry of an order of this buy: its lines in the buy's item order, with the items' names. Module-level
 * and written with loops (it runs for every order of a rush's batches): see "V8 and short-lived closures" in
 * docs/benchmarks.md, sixteenth session.
 */
export function jielongEntry(
  items: JielongItems,
  o: {
    seq: number;
    status: string;
    lines: readonly { itemId: string; qty: number; waitlistedQty: number }[];
    householdLabel: string;
  },
): JielongEntry {
  // Part of an active order's line waits: the line says how much (list-place.ts). All of a waitlisted one does.
  const partly = o.status === 'active';
  const placed: { at: number; name: string; qty: number; waitlistedQty: number }[] = [];
  for (const l of o.lines)
    placed.push({
      at: items.position.get(l.itemId) ?? 0,
      name: items.names.get(l.itemId) ?? '?',
      qty: l.qty,
      waitlistedQty: partly ? l.waitlistedQty : 0,
    });
  placed.sort(byPosition);
  const lines: JielongEntry['items'] = [];
  for (const l of placed)
    lines.push(
      l.waitlistedQty > 0
        ? { name: l.name, qty: l.qty, waitlistedQty: l.waitlistedQty }
        : { name: l.name, qty: l.qty },
    );
  return {
    seq: o.seq,
    householdLabel: o.householdLabel,
    status: o.status === 'waitlisted' ? 'waitlisted' : 'active',
    items: lines,
  };
}

/** What jielongEntry answered for an order (a row object), and the items' names and order it answered with. */
const entryMemo = new WeakMap<object, { items: string; entry: JielongEntry }>();

/**
 * jielongEntry as a function of the order, for a list of one buy's orders. It remembers each order object's
 * entry: a repository that hands out the same object again for an order unchanged since (a buy's book does,
 * during a rush, where every batch makes a new version of the list) gets the same entry back, built once, as
 * long as the items' names and order are the same. Order objects are never changed in place.
 */
export function jielongEntryOf(
  items: readonly { id: string; name: string }[],
): (order: Parameters<typeof jielongEntry>[1]) => JielongEntry {
  const known = jielongItems(items);
  const key = items.map((i) => `${i.id}\t${i.name}`).join('\n');
  return (o) => {
    const kept = entryMemo.get(o);
    if (kept?.items === key) return kept.entry;
    const entry = jielongEntry(known, o);
    entryMemo.set(o, { items: key, entry });
    return entry;
  };
}

/**
 * A household's 接龙 line as a change leaves its order, for the change's event (`cancelled`: gone from the list):
 * what an open page patches into the list it shows (ListEntryChange).
 */
export function listEntryChange(
  items: JielongItems,
  after: {
    seq: number;
    status: OrderStatus;
    lines: readonly { itemId: string; qty: number; waitlistedQty: number }[];
  },
  householdLabel: string,
): ListEntryChange {
  const entry = jielongEntry(items, {
    seq: after.seq,
    status: after.status,
    lines: after.lines,
    householdLabel,
  });
  return {
    seq: entry.seq,
    householdLabel: entry.householdLabel,
    status: after.status === 'cancelled' ? 'cancelled' : entry.status,
    items: entry.items,
  };
}
