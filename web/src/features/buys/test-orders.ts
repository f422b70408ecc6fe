import type { ListEntryChange, Order } from './types.ts';

/** For tests: household 3-502's order `seq` with [item id, qty] lines, all allocated. */
export function testOrder(seq: number, lines: [string, number][], status: Order['status'] = 'active'): Order {
  return {
    id: `o${seq}`,
    buyId: 'b',
    seq,
    householdId: 'h',
    householdLabel: '3-502',
    status,
    lines: lines.map(([itemId, qty]) => ({ itemId, qty, allocatedQty: qty, waitlistedQty: 0 })),
    amountFen: 0,
    note: null,
  };
}

/** For tests: household 3-502's 接龙 line `seq` with [item name, qty] items, as an order event carries it. */
export function testLine(
  seq: number,
  items: [string, number][],
  status: ListEntryChange['status'] = 'active',
): ListEntryChange {
  return {
    seq,
    householdLabel: '3-502',
    status,
    items: items.map(([name, qty]) => ({ name, qty })),
  };
}
