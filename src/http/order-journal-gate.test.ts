import { describe, expect, it } from 'vitest';
import { isOrderWrite, journalScopeOf } from './order-journal-gate.ts';

const buyId = '11111111-1111-4111-8111-111111111111';
const communityId = '22222222-2222-4222-8222-222222222222';

describe('journalScopeOf', () => {
  it("reads a buy's journal for a route under the buy, a compound's for one under the compound", () => {
    expect(journalScopeOf({ buyId }, {})).toEqual({ buyId });
    expect(journalScopeOf({ buyId, householdId: communityId }, {})).toEqual({ buyId });
    expect(journalScopeOf({ communityId }, {})).toEqual({ communityId });
    expect(journalScopeOf({ communityId }, { communityId: buyId })).toEqual({ communityId });
  });

  it("reads a compound's for ?communityId= (a member's own orders), every buy's for any other route", () => {
    expect(journalScopeOf({}, { communityId })).toEqual({ communityId });
    expect(journalScopeOf(undefined, undefined)).toBeNull();
    expect(journalScopeOf({ paymentId: buyId }, {})).toBeNull();
    expect(journalScopeOf({ householdId: buyId }, { status: 'open' })).toBeNull();
    // Only a validated string names a scope.
    expect(journalScopeOf({ buyId: 7 }, { communityId: ['a'] })).toBeNull();
  });
});

describe('isOrderWrite', () => {
  it("is a household's join, change or cancellation only", () => {
    expect(isOrderWrite('PUT', `/api/buys/${buyId}/orders/mine`)).toBe(true);
    expect(isOrderWrite('DELETE', `/api/buys/${buyId}/orders/households/${communityId}?x=1`)).toBe(true);
    expect(isOrderWrite('GET', `/api/buys/${buyId}/orders/mine`)).toBe(false);
    expect(isOrderWrite('PUT', `/api/buys/${buyId}/orders`)).toBe(false);
  });
});
