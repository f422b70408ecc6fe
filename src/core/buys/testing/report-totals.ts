/**
 * What the report repository's loadTotals sums, computed in JS from the orders loadReport returns: the
 * definition the SQL is tested against, and the in-memory fakes' loadTotals.
 */
import type { ReportData } from '../summary-fns.ts';
import type { BuildingOrders, TotalsCell, TotalsData } from '../totals-fns.ts';

export function reportTotals(data: ReportData): TotalsData {
  const items = new Set(data.items.map((i) => i.id));
  const orders = new Map<string, BuildingOrders>();
  const cells = new Map<string, TotalsCell>();
  for (const o of data.orders) {
    const b = orders.get(o.buildingId) ?? { buildingId: o.buildingId, orders: 0, allocatedOrders: 0 };
    orders.set(o.buildingId, b);
    b.orders += 1;
    const lines = o.lines.filter((l) => items.has(l.itemId));
    if (lines.some((l) => l.allocatedQty > 0)) b.allocatedOrders += 1;
    for (const l of lines) {
      const key = `${o.buildingId} ${l.itemId}`;
      const cell = cells.get(key) ?? {
        buildingId: o.buildingId,
        itemId: l.itemId,
        orderedQty: 0,
        allocatedQty: 0,
        waitlistedQty: 0,
      };
      cells.set(key, cell);
      cell.orderedQty += l.qty;
      cell.allocatedQty += l.allocatedQty;
      cell.waitlistedQty += l.waitlistedQty;
    }
  }
  const { buy, items: reportItems, buildings } = data;
  return { buy, items: reportItems, buildings, orders: [...orders.values()], cells: [...cells.values()] };
}
