/**
 * The leader's numbers for a buy: totals per item, per building and per household, and the packing list.
 * Pure: everything is computed from rows the report repository loads in a few set-based queries.
 */
import { lineAmountFen, type Fen } from '../shared/money.ts';
import { orderAmountFen, type BuyStatus, type PickupMode } from './buy.ts';

export interface ReportItem {
  id: string;
  name: string;
  spec: string | null;
  unit: string | null;
  priceFen: Fen;
}

export interface ReportBuilding {
  id: string;
  name: string;
  sortKey: number;
}

export interface ProxyContact {
  name: string;
  phone: string | null;
}

export interface ReportLine {
  itemId: string;
  qty: number;
  allocatedQty: number;
  waitlistedQty: number;
}

/** A live (not cancelled) order with what the report needs of its household. */
export interface ReportOrder {
  orderId: string;
  seq: number;
  householdId: string;
  householdLabel: string;
  buildingId: string;
  status: 'active' | 'waitlisted';
  /** Created by someone who does not live there (a building volunteer or an admin ordering for it). */
  placedByVolunteer: boolean;
  isProxy: boolean;
  /** The proxy household's contact; the repository loads it, the use-case decides who sees it. */
  proxyContact: ProxyContact | null;
  lines: ReportLine[];
}

export interface ReportHeader {
  id: string;
  communityId: string;
  communityName: string;
  communityAddress: string | null;
  title: string;
  status: BuyStatus;
  supplierName: string | null;
  supplierContact: string | null;
  deliveryDate: string | null;
  pickupMode: PickupMode;
  leaderFeeFen: Fen;
  createdBy: string;
}

export interface ReportData {
  buy: ReportHeader;
  /** In display order. */
  items: ReportItem[];
  buildings: ReportBuilding[];
  orders: ReportOrder[];
}

export interface ItemSummary extends Omit<ReportItem, 'id'> {
  itemId: string;
  orderedQty: number;
  allocatedQty: number;
  waitlistedQty: number;
  /** allocated × price: the goods value (leader fees are not per item). */
  amountFen: Fen;
}

export interface BuildingSummary {
  buildingId: string;
  name: string;
  /** Households of the building with something allocated (the bags to pack). */
  households: number;
  /** Allocated quantity per item, in item order (zeros included). */
  items: { itemId: string; allocatedQty: number }[];
  goodsFen: Fen;
  /** What the building's households owe: goods plus leader fees. */
  amountFen: Fen;
}

export interface HouseholdSummary {
  orderId: string;
  seq: number;
  householdId: string;
  label: string;
  buildingId: string;
  buildingName: string;
  status: 'active' | 'waitlisted';
  placedByVolunteer: boolean;
  isProxy: boolean;
  proxyContact: ProxyContact | null;
  lines: (ReportLine & { amountFen: Fen })[];
  amountFen: Fen;
}

export interface SummaryTotals {
  orders: number;
  households: number;
  orderedQty: number;
  allocatedQty: number;
  waitlistedQty: number;
  goodsFen: Fen;
  leaderFeesFen: Fen;
  amountFen: Fen;
}

export interface BuySummary {
  buy: ReportHeader;
  items: ItemSummary[];
  buildings: BuildingSummary[];
  households: HouseholdSummary[];
  totals: SummaryTotals;
}

/** The summary without its households: what the supplier sheet needs (totals-fns.ts). */
export type BuyTotals = Omit<BuySummary, 'households'>;

/**
 * A key that sorts naturally with a plain string comparison: each run of digits becomes its length (one
 * character) followed by the digits without leading zeros, so "2" < "10" and 1-101 < 1-201 < 2-101 < 10-101.
 * Computed once per label, so sorting 10,000 households stays cheap.
 */
export function naturalKey(label: string): string {
  // A scan rather than a replace with a callback: the summary and the packing lists key every household, and
  // 10,000 keys took ~9–12 ms that way against ~2–3 ms (warm; docs/benchmarks.md, twenty-seventh session).
  let key = '';
  let from = 0; // start of the text not yet copied
  const end = label.length;
  for (let i = 0; i < end;) {
    if (!isDigit(label.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i;
    while (j < end && isDigit(label.charCodeAt(j))) j++;
    let first = i; // leading zeros dropped, but not the last digit
    while (first < j - 1 && label.charCodeAt(first) === 0x30) first++;
    key += label.slice(from, i) + String.fromCharCode(0x30 + Math.min(j - first, 40)) + label.slice(first, j);
    from = i = j;
  }
  return from === 0 ? label : key + label.slice(from);
}

/** ASCII 0–9 only, as `\d` without the `u` flag. */
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;

function compareKeys(ka: string, kb: string, a: string, b: string): number {
  if (ka !== kb) return ka < kb ? -1 : 1;
  // Same number, different leading zeros ("01" and "1"): the shorter label first, then plain order.
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/** Natural order for household labels and building names (see naturalKey). */
export function naturalCompare(a: string, b: string): number {
  return compareKeys(naturalKey(a), naturalKey(b), a, b);
}

/** Sorts by a label in natural order, computing each key once. */
export function sortNaturally<T>(
  list: readonly T[],
  label: (t: T) => string,
  tie: (a: T, b: T) => number,
): T[] {
  return list
    .map((t) => ({ t, l: label(t), k: naturalKey(label(t)) }))
    .sort((x, y) => compareKeys(x.k, y.k, x.l, y.l) || tie(x.t, y.t))
    .map((x) => x.t);
}

/** Buildings by their sort key, then naturally by name. */
export function compareBuildings(a: ReportBuilding, b: ReportBuilding): number {
  return a.sortKey - b.sortKey || naturalCompare(a.name, b.name);
}

interface Lookup {
  price: Map<string, Fen>;
  position: Map<string, number>;
  buildingNames: Map<string, string>;
  leaderFeeFen: Fen;
}

function householdOf(
  o: ReportOrder,
  { price, position, buildingNames, leaderFeeFen }: Lookup,
): HouseholdSummary {
  const lines = o.lines
    .filter((l) => price.has(l.itemId))
    .sort((a, b) => position.get(a.itemId)! - position.get(b.itemId)!)
    // Explicit fields, not a spread: spreading 20,000 lines was the slowest step of the whole summary.
    .map((l) => ({
      itemId: l.itemId,
      qty: l.qty,
      allocatedQty: l.allocatedQty,
      waitlistedQty: l.waitlistedQty,
      amountFen: lineAmountFen(price.get(l.itemId)!, l.allocatedQty),
    }));
  return {
    orderId: o.orderId,
    seq: o.seq,
    householdId: o.householdId,
    label: o.householdLabel,
    buildingId: o.buildingId,
    buildingName: buildingNames.get(o.buildingId) ?? '',
    status: o.status,
    placedByVolunteer: o.placedByVolunteer,
    isProxy: o.isProxy,
    proxyContact: o.proxyContact,
    lines,
    amountFen: orderAmountFen(
      lines.map((l) => ({ allocatedQty: l.allocatedQty, priceFen: price.get(l.itemId)! })),
      leaderFeeFen,
    ),
  };
}

/**
 * Totals per item, per building and per household over the live orders. Amounts are recomputed from the
 * lines with the same rule as the write path (allocated × price, plus the leader fee when anything is
 * allocated), so the parts always add up to the grand total.
 */
export function buildSummary(data: ReportData): BuySummary {
  const buildingNames = new Map(data.buildings.map((b) => [b.id, b.name]));
  const lookup: Lookup = {
    price: new Map(data.items.map((i) => [i.id, i.priceFen])),
    position: new Map(data.items.map((i, n) => [i.id, n])),
    buildingNames,
    leaderFeeFen: data.buy.leaderFeeFen,
  };
  const households = sortNaturally(
    data.orders.map((o) => householdOf(o, lookup)),
    (h) => h.label,
    (a, b) => a.seq - b.seq,
  );

  const items = emptyItemSummaries(data.items);
  const itemIndex = new Map(items.map((i, n) => [i.itemId, n]));
  const perBuilding = new Map<string, BuildingSummary>();
  const buildingOf = (id: string): BuildingSummary => {
    let b = perBuilding.get(id);
    if (!b) {
      b = emptyBuildingSummary(id, buildingNames, items);
      perBuilding.set(id, b);
    }
    return b;
  };

  for (const h of households) {
    const b = buildingOf(h.buildingId);
    let allocated = 0;
    for (const l of h.lines) {
      const n = itemIndex.get(l.itemId)!;
      const item = items[n]!;
      item.orderedQty += l.qty;
      item.allocatedQty += l.allocatedQty;
      item.waitlistedQty += l.waitlistedQty;
      item.amountFen += l.amountFen;
      b.items[n]!.allocatedQty += l.allocatedQty;
      b.goodsFen += l.amountFen;
      allocated += l.allocatedQty;
    }
    if (allocated > 0) b.households += 1;
    b.amountFen += h.amountFen;
  }

  const buildings = sortBuildingSummaries([...perBuilding.values()], data.buildings);
  return {
    buy: data.buy,
    items,
    buildings,
    households,
    totals: grandTotals(
      items,
      buildings,
      households.length,
      households.reduce((n, h) => n + h.amountFen, 0),
    ),
  };
}

/** Every item of the buy with zero totals, in item order. */
export function emptyItemSummaries(items: readonly ReportItem[]): ItemSummary[] {
  return items.map(({ id, ...i }) => ({
    ...i,
    itemId: id,
    orderedQty: 0,
    allocatedQty: 0,
    waitlistedQty: 0,
    amountFen: 0,
  }));
}

/** A building with zero totals, one (zero) quantity per item. */
export function emptyBuildingSummary(
  id: string,
  names: ReadonlyMap<string, string>,
  items: readonly ItemSummary[],
): BuildingSummary {
  return {
    buildingId: id,
    name: names.get(id) ?? '',
    households: 0,
    items: items.map((i) => ({ itemId: i.itemId, allocatedQty: 0 })),
    goodsFen: 0,
    amountFen: 0,
  };
}

/** Buildings in the compound's order (sort key, then name); unknown ones by name. */
export function sortBuildingSummaries(
  list: BuildingSummary[],
  compound: readonly ReportBuilding[],
): BuildingSummary[] {
  const order = new Map(compound.map((b) => [b.id, b]));
  return list.sort((a, b) => {
    const x = order.get(a.buildingId);
    const y = order.get(b.buildingId);
    return x && y ? compareBuildings(x, y) : naturalCompare(a.name, b.name);
  });
}

/** The grand totals from the per-item and per-building sums; `amountFen` is goods plus leader fees. */
export function grandTotals(
  items: readonly ItemSummary[],
  buildings: readonly BuildingSummary[],
  orders: number,
  amountFen: Fen,
): SummaryTotals {
  const goodsFen = items.reduce((n, i) => n + i.amountFen, 0);
  return {
    orders,
    households: buildings.reduce((n, b) => n + b.households, 0),
    orderedQty: items.reduce((n, i) => n + i.orderedQty, 0),
    allocatedQty: items.reduce((n, i) => n + i.allocatedQty, 0),
    waitlistedQty: items.reduce((n, i) => n + i.waitlistedQty, 0),
    goodsFen,
    leaderFeesFen: amountFen - goodsFen,
    amountFen,
  };
}

export interface PackingRow {
  orderId: string;
  seq: number;
  householdId: string;
  label: string;
  /** Allocated quantity per item, in item order (zeros included), so a printed column lines up. */
  quantities: number[];
  amountFen: Fen;
  isProxy: boolean;
  proxyContact: ProxyContact | null;
}

export interface PackingBuilding {
  buildingId: string;
  name: string;
  households: PackingRow[];
  /** Per item, in item order. */
  totals: { quantities: number[]; amountFen: Fen };
}

export interface PackingList {
  buy: ReportHeader;
  items: ReportItem[];
  buildings: PackingBuilding[];
}

/**
 * One list per building of the households that have something allocated (a waitlisted-only household has
 * nothing to pack), by label in natural order, with the allocated quantity of each item.
 */
export function buildPackingList(summary: BuySummary): PackingList {
  const items = summary.items.map((i) => ({
    id: i.itemId,
    name: i.name,
    spec: i.spec,
    unit: i.unit,
    priceFen: i.priceFen,
  }));
  const index = new Map(items.map((i, n) => [i.id, n]));
  const rows = new Map<string, PackingRow[]>();
  for (const h of summary.households) {
    const quantities = items.map(() => 0);
    for (const l of h.lines) quantities[index.get(l.itemId)!] = l.allocatedQty;
    if (!quantities.some((q) => q > 0)) continue;
    const list = rows.get(h.buildingId) ?? [];
    list.push({
      orderId: h.orderId,
      seq: h.seq,
      householdId: h.householdId,
      label: h.label,
      quantities,
      amountFen: h.amountFen,
      isProxy: h.isProxy,
      proxyContact: h.proxyContact,
    });
    rows.set(h.buildingId, list);
  }
  const buildings = summary.buildings
    .filter((b) => rows.has(b.buildingId))
    .map((b) => {
      const households = rows.get(b.buildingId)!;
      return {
        buildingId: b.buildingId,
        name: b.name,
        households,
        totals: {
          quantities: items.map((_, n) => households.reduce((s, h) => s + h.quantities[n]!, 0)),
          amountFen: households.reduce((s, h) => s + h.amountFen, 0),
        },
      };
    });
  return { buy: summary.buy, items, buildings };
}
