/**
 * The typed union of domain events, named noun.verb. Use-cases return or publish them after their
 * transaction commits; realtime (SSE), notifications and metrics listen. Use-cases never call realtime.
 */
export type DomainEvent =
  | { type: 'community.created'; communityId: string; at: string }
  | { type: 'household.claimed'; communityId: string; householdId: string; memberId: string; at: string }
  | { type: 'household.verified'; communityId: string; householdId: string; memberId: string; at: string }
  | { type: 'member.roles_changed'; communityId: string; memberId: string; at: string }
  | { type: 'buy.updated'; communityId: string; buyId: string; at: string }
  | { type: 'order.placed'; communityId: string; buyId: string; orderId: string; at: string }
  | { type: 'order.updated'; communityId: string; buyId: string; orderId: string; at: string }
  | { type: 'order.cancelled'; communityId: string; buyId: string; orderId: string; at: string };

export type DomainEventType = DomainEvent['type'];
