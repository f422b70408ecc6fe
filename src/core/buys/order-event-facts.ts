import type { OrderEventFacts } from '../shared/event-facts.ts';
import type { AllocOrder } from './allocation-fns.ts';
import type { BuyRecord, ItemRecord } from './ports.ts';

/**
 * The facts an order batch attaches to an order's event (core/shared/event-facts.ts): the buy as locked by
 * the batch, and the order as the batch leaves it with its household's label and its items' names, exactly
 * what the notifier would read back after the commit.
 */
export function orderEventFacts(
  buy: Pick<BuyRecord, 'id' | 'communityId' | 'title' | 'deadline'> & {
    items: readonly Pick<ItemRecord, 'id' | 'name'>[];
  },
  order: AllocOrder,
  householdLabel: string,
): OrderEventFacts {
  return orderEventFactsOf(buy)(order, householdLabel);
}

/** orderEventFacts for many orders of one buy: the buy's part and the item names are worked out once. */
export function orderEventFactsOf(
  buy: Pick<BuyRecord, 'id' | 'communityId' | 'title' | 'deadline'> & {
    items: readonly Pick<ItemRecord, 'id' | 'name'>[];
  },
): (order: AllocOrder, householdLabel: string) => OrderEventFacts {
  const names = new Map(buy.items.map((i) => [i.id, i.name]));
  const buyFacts = {
    id: buy.id,
    communityId: buy.communityId,
    title: buy.title,
    deadline: buy.deadline.toISOString(),
  };
  return (order, householdLabel) => ({
    buy: buyFacts,
    order: {
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
    },
  });
}
