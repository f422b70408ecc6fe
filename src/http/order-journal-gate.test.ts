import { describe, expect, it } from 'vitest';
import { isOrderWrite, journalScopeOf, unscopedRoute } from './order-journal-gate.ts';

const buyId = '11111111-1111-4111-8111-111111111111';
const communityId = '22222222-2222-4222-8222-222222222222';

describe('journalScopeOf', () => {
  it("reads a buy's journal for a route under the buy, a compound's for one under the compound", () => {
    expect(journalScopeOf({ buyId })).toEqual({ buyId });
    expect(journalScopeOf({ buyId, householdId: communityId })).toEqual({ buyId });
    expect(journalScopeOf({ communityId })).toEqual({ communityId });
  });

  it("reads one buy's for a payment, a refund or a delivery report, a compound's for a household or a building", () => {
    expect(journalScopeOf({ paymentId: buyId })).toEqual({ buyOf: 'payments', id: buyId });
    expect(journalScopeOf({ refundId: buyId })).toEqual({ buyOf: 'refunds', id: buyId });
    expect(journalScopeOf({ reportId: buyId })).toEqual({ buyOf: 'delivery_reports', id: buyId });
    expect(journalScopeOf({ householdId: buyId })).toEqual({ communityOf: 'households', id: buyId });
    expect(journalScopeOf({ buildingId: buyId })).toEqual({ communityOf: 'buildings', id: buyId });
  });

  it("reads every buy's for a route that names none in its path", () => {
    expect(journalScopeOf({})).toBeNull();
    expect(journalScopeOf(undefined)).toBeNull();
    expect(journalScopeOf({ tokenId: buyId })).toBeNull();
    // Only a validated string names a scope.
    expect(journalScopeOf({ buyId: 7 })).toBeNull();
  });
});

describe('unscopedRoute', () => {
  it('passes a route that names its buy or compound, reads no orders, or is an order write', () => {
    expect(unscopedRoute('GET', '/api/buys/:buyId/orders', {})).toBeNull();
    expect(unscopedRoute('POST', '/api/payments/:paymentId/confirm', undefined)).toBeNull();
    expect(unscopedRoute('DELETE', '/api/households/:householdId', {})).toBeNull();
    expect(unscopedRoute('POST', '/api/auth/login', { skipOrderJournal: true })).toBeNull();
    expect(unscopedRoute('PUT', '/api/buys/:buyId/orders/mine', {})).toBeNull();
    expect(unscopedRoute('GET', '/healthz', {})).toBeNull();
  });

  it('refuses one that would expand every buy’s journal, and says what to do', () => {
    expect(unscopedRoute('GET', '/api/me/orders', {})).toMatch(/^GET \/api\/me\/orders .*skipOrderJournal/);
    expect(unscopedRoute('POST', '/api/claims/:claimId/verify', undefined)).toMatch(
      /names no buy or compound/,
    );
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
