import { describe, expect, it } from 'vitest';
import { canCreateBuy, canManageBuy, canOrderFor, canSeeBuy, canViewOrders } from './policies.ts';
import type { MemberContext } from './ports.ts';
import { memberContext } from './testing/member-context.ts';

const member = (over: Partial<MemberContext> = {}) => memberContext({ memberId: 'm1', ...over });
const buy = { communityId: 'c1', createdBy: 'leader', status: 'open' as const };
const draft = { ...buy, status: 'draft' as const };
const household = { id: 'h', communityId: 'c1', label: '1-101', buildingId: 'b1', verified: true };

describe('buys policies', () => {
  it('leaders and admins create buys; residents and strangers do not', () => {
    expect(canCreateBuy(member({ isLeader: true }))).toBe(true);
    expect(canCreateBuy(member({ isAdmin: true }))).toBe(true);
    expect(canCreateBuy(member())).toBe(false);
    expect(canCreateBuy(null)).toBe(false);
  });

  it('the creating leader and admins manage a buy; another leader does not', () => {
    expect(canManageBuy(member({ isLeader: true, memberId: 'leader' }), buy)).toBe(true);
    expect(canManageBuy(member({ isAdmin: true }), buy)).toBe(true);
    expect(canManageBuy(member({ isLeader: true }), buy)).toBe(false);
    expect(canManageBuy(member({ isAdmin: true, communityId: 'c2' }), buy)).toBe(false);
  });

  it('drafts are hidden from residents', () => {
    expect(canSeeBuy(member(), buy)).toBe(true);
    expect(canSeeBuy(member(), draft)).toBe(false);
    expect(canSeeBuy(member({ isAdmin: true }), draft)).toBe(true);
    expect(canSeeBuy(null, buy)).toBe(false);
  });

  it('leaders and admins see the order list', () => {
    expect(canViewOrders(member({ isLeader: true }), buy)).toBe(true);
    expect(canViewOrders(member(), buy)).toBe(false);
  });

  it('volunteers order for households of their buildings only', () => {
    expect(canOrderFor(member({ volunteerBuildingIds: ['b1'] }), household)).toBe(true);
    expect(canOrderFor(member({ volunteerBuildingIds: ['b2'] }), household)).toBe(false);
    expect(canOrderFor(member({ isAdmin: true }), household)).toBe(true);
    expect(canOrderFor(member({ isAdmin: true, communityId: 'c2' }), household)).toBe(false);
  });
});
