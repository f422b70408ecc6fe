import type { OrderEventFacts } from '../shared/event-facts.ts';
import type { AllocOrder } from './allocation-fns.ts';
import type { BuyRecord, ItemRecord } from './ports.ts';

/**
 * The facts an order batch attaches to an order's event (core/shared/event-facts.ts): the buy as locked by
 * the batch, and the order as the batch leaves it with its household's label and its items' names, exactly
 * what the notifier would read back after the commit.
 */
type FactsBuy = Pick<BuyRecord, 'id' | 'communityId' | 'title' | 'deadline'> & {
  items: readonly Pick<ItemRecord, 'id' | 'name'>[];
};

export function orderEventFacts(buy: FactsBuy, order: AllocOrder, householdLabel: string): OrderEventFacts {
  return orderEventFactsIn(buyEventFacts(buy), order, householdLabel);
}

/** The buy's part of orderEventFacts and its items' names, worked out once for a batch's orders. */
export interface BuyEventFacts {
  buy: OrderEventFacts['buy'];
  names: ReadonlyMap<string, string>;
}

export function buyEventFacts(buy: FactsBuy): BuyEventFacts {
  const names = new Map<string, string>();
  for (const i of buy.items) names.set(i.id, i.name);
  return {
    buy: { id: buy.id, communityId: buy.communityId, title: buy.title, deadline: buy.deadline.toISOString() },
    names,
  };
}

/**
 * orderEventFacts with the buy's part worked out already. Module-level and written with a loop (it runs for
 * every order of a rush's batches): see "V8 and short-lived closures" in docs/benchmarks.md, sixteenth session.
 */
export function orderEventFactsIn(
  facts: BuyEventFacts,
  order: AllocOrder,
  householdLabel: string,
): OrderEventFacts {
  const lines: OrderEventFacts['order']['lines'] = [];
  for (const l of order.lines)
    lines.push({
      itemId: l.itemId,
      itemName: facts.names.get(l.itemId) ?? '',
      qty: l.qty,
      waitlistedQty: l.waitlistedQty,
    });
  return {
    buy: facts.buy,
    order: {
      id: order.id,
      householdId: order.householdId,
      householdLabel,
      status: order.status,
      lines,
    },
  };
}
