import { describe, expect, it } from 'vitest';
import type { MemberContext } from '../buys/ports.ts';
import { mayJoinPoolFor, mayManagePoolOf, mayOpenPool } from './policies.ts';

const member = (over: Partial<MemberContext> = {}): MemberContext => ({
  memberId: 'm',
  communityId: 'c',
  isAdmin: false,
  isLeader: false,
  volunteerBuildingIds: [],
  household: null,
  ...over,
});
const buy = { id: 'b', communityId: 'c', status: 'open' as const, createdBy: 'm' };

describe('who may do what with a joint buy', () => {
  it('the buy’s own leader or an admin of its compound opens a pool and sees its code and contacts', () => {
    for (const may of [mayOpenPool, mayManagePoolOf]) {
      expect(may(member({ isLeader: true }), buy)).toBe(true);
      expect(may(member({ isAdmin: true, memberId: 'x' }), buy)).toBe(true);
      expect(may(member({ isLeader: true, memberId: 'other' }), buy)).toBe(false);
      expect(may(member({ isAdmin: true, communityId: 'elsewhere' }), buy)).toBe(false);
      expect(may(member({ volunteerBuildingIds: ['b1'] }), buy)).toBe(false);
      expect(may(null, buy)).toBe(false);
    }
  });

  it('a leader or admin joins their compound; a resident or volunteer does not', () => {
    expect(mayJoinPoolFor(member({ isLeader: true }))).toBe(true);
    expect(mayJoinPoolFor(member({ isAdmin: true }))).toBe(true);
    expect(mayJoinPoolFor(member({ volunteerBuildingIds: ['b1'] }))).toBe(false);
    expect(mayJoinPoolFor(null)).toBe(false);
  });
});
