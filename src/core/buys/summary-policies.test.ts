import { describe, expect, it } from 'vitest';
import { canSeeBuySummary, canSeeProxyContact, packingScope } from './summary-policies.ts';
import { memberContext } from './testing/member-context.ts';

const buy = { communityId: 'c1', createdBy: 'leader', status: 'closed' as const };
const member = memberContext;

const leader = member({ memberId: 'leader', isLeader: true });
const otherLeader = member({ memberId: 'other', isLeader: true });
const admin = member({ memberId: 'admin', isAdmin: true });
const volunteer = member({ memberId: 'vol', volunteerBuildingIds: ['b1'] });
const resident = member({ memberId: 'res' });
const outsiderAdmin = member({ memberId: 'admin', isAdmin: true, communityId: 'c2' });

describe('canSeeBuySummary', () => {
  it.each([
    ['the buy’s leader', leader, true],
    ['an admin', admin, true],
    ['another leader', otherLeader, false],
    ['a volunteer', volunteer, false],
    ['a resident', resident, false],
    ['an admin of another compound', outsiderAdmin, false],
    ['nobody', null, false],
  ])('%s → %s', (_, m, expected) => {
    expect(canSeeBuySummary(m, buy)).toBe(expected);
  });
});

describe('packingScope', () => {
  it.each([
    ['the buy’s leader', leader, 'all'],
    ['an admin', admin, 'all'],
    ['a volunteer', volunteer, ['b1']],
    ['another leader', otherLeader, []],
    ['a resident', resident, []],
    ['an admin of another compound', outsiderAdmin, []],
    ['nobody', null, []],
  ])('%s → %j', (_, m, expected) => {
    expect(packingScope(m, buy)).toEqual(expected);
  });
});

describe('canSeeProxyContact', () => {
  const household = { communityId: 'c1', buildingId: 'b1' };
  it.each([
    ['an admin', admin, true],
    ['the building’s volunteer', volunteer, true],
    ['a volunteer of another building', member({ volunteerBuildingIds: ['b2'] }), false],
    ['the buy’s leader (not a volunteer there)', leader, false],
    ['a resident', resident, false],
    ['an admin of another compound', outsiderAdmin, false],
    ['nobody', null, false],
  ])('%s → %s', (_, m, expected) => {
    expect(canSeeProxyContact(m, household)).toBe(expected);
  });
});
