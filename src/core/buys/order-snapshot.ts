import type { OrderSnapshot } from '../shared/event-facts.ts';
import type { AllocOrder } from './allocation-fns.ts';
import type { ItemRecord } from './ports.ts';

/**
 * The snapshot an order batch attaches to an order's event (core/shared/event-facts.ts): the order as the
 * batch leaves it, with its household's label and its items' names, exactly what the notifier would read
 * back after the commit.
 */
export function orderSnapshot(
  items: readonly Pick<ItemRecord, 'id' | 'name'>[],
  order: AllocOrder,
  householdLabel: string,
): OrderSnapshot {
  const names = new Map(items.map((i) => [i.id, i.name]));
  return {
    id: order.id,
    householdId: order.householdId,
    householdLabel,
    status: order.status,
    lines: order.lines.map((l) => ({
      itemId: l.itemId,
      itemName: names.get(l.itemId) ?? '',
      qty: l.qty,
      waitlistedQty: l.waitlistedQty,
    })),
  };
}
