import type { DomainEvent } from './events.ts';

/**
 * What the transaction that published an order event committed, as a listener (the notifier) would
 * otherwise read it back right after that commit: the buy's title and deadline, and the order with its
 * household's label and its lines with item names.
 */
export interface OrderEventFacts {
  buy: { id: string; communityId: string; title: string; deadline: string };
  order: {
    id: string;
    householdId: string;
    householdLabel: string;
    status: 'active' | 'waitlisted' | 'cancelled';
    lines: { itemId: string; itemName: string; qty: number; waitlistedQty: number }[];
  };
}

// Keyed by the event object itself, so the facts travel with the in-process publication only: they are never
// serialised (not in domain_events, SSE frames or NOTIFY payloads), and an event that arrives any other way
// simply has none, so its listener reads what it needs.
const facts = new WeakMap<DomainEvent, OrderEventFacts>();

/**
 * Attaches the facts at commit to an order event (order.placed/updated/cancelled/promoted) before it is
 * published, so a listener need not read them back. Returns the event.
 */
export function withOrderFacts<E extends DomainEvent>(event: E, f: OrderEventFacts): E {
  facts.set(event, f);
  return event;
}

/** The facts published with this event, if any. */
export function orderFactsOf(event: DomainEvent): OrderEventFacts | undefined {
  return facts.get(event);
}
