import { describe, expect, it } from 'vitest';
import {
  canEditDistributionSettings,
  canHandlePackage,
  canReceiveFor,
  canRunDistribution,
  canSeeDeliveryPlan,
  canSeeReport,
  isOwnHousehold,
  packageScope,
} from './policies.ts';
import { memberContext } from '../buys/testing/member-context.ts';

const buy = { communityId: 'c1', createdBy: 'leader', status: 'arrived' as const };
const member = memberContext;
const leader = member({ memberId: 'leader', isLeader: true });
const otherLeader = member({ memberId: 'other', isLeader: true });
const admin = member({ isAdmin: true });
const volunteer = member({ volunteerBuildingIds: ['b1'] });
const resident = member({ household: { id: 'h1', label: '1-101', buildingId: 'b1', verified: true } });
const pending = member({ household: { id: 'h1', label: '1-101', buildingId: 'b1', verified: false } });
const outsider = member({ communityId: 'c2', isAdmin: true, volunteerBuildingIds: ['b1'] });

describe('distribution policies', () => {
  it.each([
    ['leader', leader, true, true, 'all'],
    ['another leader', otherLeader, false, false, []],
    ['admin', admin, true, true, 'all'],
    ['volunteer', volunteer, false, true, ['b1']],
    ['resident', resident, false, false, []],
    ['outsider admin', outsider, false, false, []],
    ['nobody', null, false, false, []],
  ] as const)('%s', (_name, m, runs, seesPlan, scope) => {
    expect(canRunDistribution(m, buy)).toBe(runs);
    expect(canSeeDeliveryPlan(m, buy)).toBe(seesPlan);
    expect(packageScope(m, buy)).toEqual(scope);
  });

  it('代签收: a proxy household of their building for its volunteers, the leader, admins; never a household with members', () => {
    const proxy = { buildingId: 'b1', isProxy: true };
    expect([volunteer, leader, admin].map((m) => canReceiveFor(m, buy, proxy))).toEqual([true, true, true]);
    expect([otherLeader, resident, outsider, null].map((m) => canReceiveFor(m, buy, proxy))).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(canReceiveFor(volunteer, buy, { ...proxy, buildingId: 'b2' })).toBe(false);
    expect(canReceiveFor(admin, buy, { ...proxy, isProxy: false })).toBe(false);
  });

  it('packages: the building’s volunteers, the leader, admins', () => {
    expect(canHandlePackage(volunteer, buy, { buildingId: 'b1' })).toBe(true);
    expect(canHandlePackage(volunteer, buy, { buildingId: 'b2' })).toBe(false);
    expect(canHandlePackage(leader, buy, { buildingId: 'b2' })).toBe(true);
    expect(canHandlePackage(resident, buy, { buildingId: 'b1' })).toBe(false);
    expect(canHandlePackage(outsider, buy, { buildingId: 'b1' })).toBe(false);
  });

  it('reports: the household itself (verified), plus whoever handles the package', () => {
    const report = { buildingId: 'b1', householdId: 'h1' };
    expect(isOwnHousehold(resident, 'h1')).toBe(true);
    expect(isOwnHousehold(pending, 'h1')).toBe(false);
    expect(canSeeReport(resident, buy, report)).toBe(true);
    expect(canSeeReport(pending, buy, report)).toBe(false);
    expect(canSeeReport(volunteer, buy, report)).toBe(true);
    expect(canSeeReport(member({ volunteerBuildingIds: ['b2'] }), buy, report)).toBe(false);
    expect(canSeeReport(admin, buy, report)).toBe(true);
  });

  it('settings: admins of the compound', () => {
    expect(canEditDistributionSettings(admin, 'c1')).toBe(true);
    expect(canEditDistributionSettings(leader, 'c1')).toBe(false);
    expect(canEditDistributionSettings(outsider, 'c1')).toBe(false);
  });
});
