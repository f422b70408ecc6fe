/**
 * The buy's totals per item and per building from sums the database computes (GROUP BY), without loading
 * every order: what the supplier sheet needs. Pure; the same numbers as buildSummary over the same orders.
 */
import { lineAmountFen } from '../shared/money.ts';
import {
  emptyBuildingSummary,
  emptyItemSummaries,
  grandTotals,
  sortBuildingSummaries,
  type BuildingSummary,
  type BuyTotals,
  type ReportBuilding,
  type ReportHeader,
  type ReportItem,
} from './summary-fns.ts';

/** The sums of one item's live lines in one building. */
export interface TotalsCell {
  buildingId: string;
  itemId: string;
  orderedQty: number;
  allocatedQty: number;
  waitlistedQty: number;
}

/** A building's live orders: how many, and how many of them have something allocated (they pay a fee). */
export interface BuildingOrders {
  buildingId: string;
  orders: number;
  allocatedOrders: number;
}

export interface TotalsData {
  buy: ReportHeader;
  /** In display order. */
  items: ReportItem[];
  buildings: ReportBuilding[];
  /** One entry per building with a live order. */
  orders: BuildingOrders[];
  /** One entry per building and item with a live line of that item (lines of other items are ignored). */
  cells: TotalsCell[];
}

/**
 * Totals per item, per building and overall. A line's amount is allocated × price, so a sum of allocated
 * quantities times the price is the sum of the line amounts; an order with anything allocated adds the
 * leader fee, as on the write path.
 */
export function buildTotals(data: TotalsData): BuyTotals {
  const buildingNames = new Map(data.buildings.map((b) => [b.id, b.name]));
  const items = emptyItemSummaries(data.items);
  const itemIndex = new Map(items.map((i, n) => [i.itemId, n]));
  const perBuilding = new Map<string, BuildingSummary>();
  for (const o of data.orders) {
    const b = emptyBuildingSummary(o.buildingId, buildingNames, items);
    b.households = o.allocatedOrders;
    perBuilding.set(o.buildingId, b);
  }
  for (const c of data.cells) {
    const n = itemIndex.get(c.itemId);
    const b = perBuilding.get(c.buildingId);
    if (n === undefined || !b) continue;
    const item = items[n]!;
    const amountFen = lineAmountFen(item.priceFen, c.allocatedQty);
    item.orderedQty += c.orderedQty;
    item.allocatedQty += c.allocatedQty;
    item.waitlistedQty += c.waitlistedQty;
    item.amountFen += amountFen;
    b.items[n]!.allocatedQty += c.allocatedQty;
    b.goodsFen += amountFen;
  }
  for (const b of perBuilding.values()) b.amountFen = b.goodsFen + b.households * data.buy.leaderFeeFen;
  const buildings = sortBuildingSummaries([...perBuilding.values()], data.buildings);
  return {
    buy: data.buy,
    items,
    buildings,
    totals: grandTotals(
      items,
      buildings,
      data.orders.reduce((n, o) => n + o.orders, 0),
      buildings.reduce((n, b) => n + b.amountFen, 0),
    ),
  };
}
