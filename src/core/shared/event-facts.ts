import type { DomainEvent } from './events.ts';

/**
 * An order as the transaction that published its event committed it: what a listener would otherwise read
 * back (household, label, status, lines with item names) right after that commit.
 */
export interface OrderSnapshot {
  id: string;
  householdId: string;
  householdLabel: string;
  status: 'active' | 'waitlisted' | 'cancelled';
  lines: { itemId: string; itemName: string; qty: number; waitlistedQty: number }[];
}

// Keyed by the event object itself, so the facts travel with the in-process publication only: they are never
// serialised (not in domain_events, SSE frames or NOTIFY payloads), and an event that arrives any other way
// simply has none, so its listener reads what it needs.
const orderSnapshots = new WeakMap<DomainEvent, OrderSnapshot>();

/**
 * Attaches the order's state at commit to its event (order.placed/updated/cancelled/promoted) before
 * publishing, so a listener (the notifier) need not read it back. Returns the event.
 */
export function withOrderSnapshot<E extends DomainEvent>(event: E, order: OrderSnapshot): E {
  orderSnapshots.set(event, order);
  return event;
}

/** The order snapshot published with this event, if any. */
export function orderSnapshotOf(event: DomainEvent): OrderSnapshot | undefined {
  return orderSnapshots.get(event);
}
