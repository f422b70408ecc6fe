import { describe, expect, it } from 'vitest';
import type { Membership } from './model.ts';
import {
  canActForHousehold,
  canKeepNeeds,
  canClaimHousehold,
  canListPrivateRecords,
  canManageCommunity,
  canManageProxy,
  canRecordSupplies,
  canSeeBuildingCoverage,
  canSeeCoverage,
  canSeeMemberContacts,
  canVerifyClaim,
  canViewCommunity,
  canWithdrawSupplies,
  privateScope,
} from './policies.ts';

const C = 'community-1';
const OTHER = 'community-2';
const B1 = 'building-1';
const B2 = 'building-2';

const member = (over: Partial<Membership> = {}): Membership => ({
  memberId: 'm',
  communityId: C,
  userId: 'u',
  isAdmin: false,
  isLeader: false,
  volunteerBuildingIds: [],
  ...over,
});

const resident = member();
const admin = member({ isAdmin: true });
const leader = member({ isLeader: true });
const volunteerB1 = member({ volunteerBuildingIds: [B1] });
const adminElsewhere = member({ communityId: OTHER, isAdmin: true });
const volunteerElsewhere = member({ communityId: OTHER, volunteerBuildingIds: [B1] });

const inB1 = { communityId: C, buildingId: B1 };
const inB2 = { communityId: C, buildingId: B2 };

describe('community policies', () => {
  const community: [string, Membership | null, boolean, boolean, boolean][] = [
    // name, actor, view, manage, list private
    ['not a member', null, false, false, false],
    ['resident', resident, true, false, false],
    ['leader', leader, true, false, false],
    ['volunteer', volunteerB1, true, false, true],
    ['admin', admin, true, true, true],
    ['admin of another compound', adminElsewhere, false, false, false],
  ];
  it.each(community)(
    '%s: view / manage / list private records (and coverage)',
    (_n, m, view, manage, list) => {
      expect(canViewCommunity(m, C)).toBe(view);
      expect(canClaimHousehold(m, C)).toBe(view);
      expect(canManageCommunity(m, C)).toBe(manage);
      expect(canListPrivateRecords(m, C)).toBe(list);
      expect(canSeeCoverage(m, C)).toBe(list);
    },
  );

  const household: [string, Membership | null, { communityId: string; buildingId: string }, boolean][] = [
    ['not a member', null, inB1, false],
    ['resident', resident, inB1, false],
    ['leader', leader, inB1, false],
    ['volunteer of the building', volunteerB1, inB1, true],
    ['volunteer of another building', volunteerB1, inB2, false],
    ['admin', admin, inB2, true],
    ['admin of another compound', adminElsewhere, inB1, false],
    ['volunteer of the same building id in another compound', volunteerElsewhere, inB1, false],
  ];
  it.each(household)(
    "%s: verify, contacts, proxy, act for household, a building's coverage, needs and 送过物资",
    (_n, m, h, allowed) => {
      expect(canVerifyClaim(m, h)).toBe(allowed);
      expect(canSeeMemberContacts(m, h)).toBe(allowed);
      expect(canManageProxy(m, h)).toBe(allowed);
      expect(canActForHousehold(m, h)).toBe(allowed);
      expect(canSeeBuildingCoverage(m, h)).toBe(allowed);
      expect(canKeepNeeds(m, h)).toBe(allowed);
      expect(canRecordSupplies(m, h)).toBe(allowed);
    },
  );

  it('lets whoever recorded 送过物资 take it back, or an admin; nobody who could not record it', () => {
    const byVolunteer = { givenBy: volunteerB1.memberId };
    const otherVolunteer = member({ memberId: 'm2', volunteerBuildingIds: [B1] });
    expect(canWithdrawSupplies(volunteerB1, inB1, byVolunteer)).toBe(true);
    expect(canWithdrawSupplies(otherVolunteer, inB1, byVolunteer)).toBe(false);
    expect(canWithdrawSupplies(admin, inB1, byVolunteer)).toBe(true);
    expect(canWithdrawSupplies(admin, inB1, { givenBy: null })).toBe(true);
    // Moved to another building since: no longer hers to change.
    expect(canWithdrawSupplies(member({ volunteerBuildingIds: [B2] }), inB1, byVolunteer)).toBe(false);
    expect(canWithdrawSupplies(resident, inB1, { givenBy: resident.memberId })).toBe(false);
    expect(canWithdrawSupplies(adminElsewhere, inB1, byVolunteer)).toBe(false);
    expect(canWithdrawSupplies(null, inB1, byVolunteer)).toBe(false);
  });

  it('scopes private records: all for admins, own buildings for volunteers, none otherwise', () => {
    expect(privateScope(admin, C)).toBe('all');
    expect(privateScope(volunteerB1, C)).toEqual([B1]);
    expect(privateScope(resident, C)).toEqual([]);
    expect(privateScope(null, C)).toEqual([]);
    expect(privateScope(adminElsewhere, C)).toEqual([]);
  });
});
