import { describe, expect, it } from 'vitest';
import type { Membership } from '../../api-types.ts';
import { canPost, canPostForOthers, composeKinds } from './rules.ts';

const member = (
  roles: Partial<Membership['roles']> = {},
  household: Membership['household'] = null,
): Membership => ({
  communityId: 'c',
  communityName: '阳光花园',
  memberId: 'm',
  roles: { admin: false, leader: false, volunteerBuildingIds: [], ...roles },
  household,
});
const home = (status: 'pending' | 'verified' | 'rejected') => ({ id: 'h', label: '2-503', status });

describe('who may post', () => {
  it('is a verified household or a role holder', () => {
    expect(canPost(member({}, home('verified')))).toBe(true);
    expect(canPost(member({}, home('pending')))).toBe(false);
    expect(canPost(member({}, home('rejected')))).toBe(false);
    expect(canPost(member())).toBe(false);
    expect(canPost(member({ leader: true }))).toBe(true);
    expect(canPost(member({ volunteerBuildingIds: ['b1'] }))).toBe(true);
    expect(canPost(member({ admin: true }))).toBe(true);
  });

  it('posts for a neighbour (代发) as an admin or a volunteer only', () => {
    expect(canPostForOthers(member({ admin: true }))).toBe(true);
    expect(canPostForOthers(member({ volunteerBuildingIds: ['b1'] }))).toBe(true);
    expect(canPostForOthers(member({ leader: true }, home('verified')))).toBe(false);
  });
});

describe('composeKinds', () => {
  it('offers a notice to admins and leaders, never on behalf of a household', () => {
    expect(composeKinds(member({}, home('verified')), false)).toEqual(['need', 'offer', 'swap', 'tip']);
    expect(composeKinds(member({ leader: true }), false)).toEqual(['need', 'offer', 'swap', 'tip', 'notice']);
    expect(composeKinds(member({ admin: true }), true)).toEqual(['need', 'offer', 'swap', 'tip']);
  });
});
