import { describe, expect, it } from 'vitest';
import type { MemberContext } from '../buys/ports.ts';
import {
  canAcknowledgeRefund,
  canDecidePayment,
  canManageMoney,
  canPayFor,
  canPayForProxy,
  canSeeBuyAudit,
  canSeeLedger,
  canSeePayment,
  canSendRefund,
} from './policies.ts';

const buy = { communityId: 'c1', createdBy: 'leader', status: 'closed' as const };
const member = (over: Partial<MemberContext> = {}): MemberContext => ({
  memberId: 'm1',
  communityId: 'c1',
  isAdmin: false,
  isLeader: false,
  volunteerBuildingIds: [],
  household: { id: 'h1', label: '1-101', buildingId: 'b1', verified: true },
  ...over,
});
const leader = member({
  memberId: 'leader',
  isLeader: true,
  household: { id: 'h9', label: '1-909', buildingId: 'b1', verified: true },
});
const admin = member({ memberId: 'a1', isAdmin: true, household: null });
const outsider = member({ communityId: 'c2' });
const otherLeader = member({ memberId: 'l2', isLeader: true, household: null });

describe('money policies', () => {
  it('the public ledger is for members of the compound, never a draft', () => {
    expect(canSeeLedger(member(), buy)).toBe(true);
    expect(canSeeLedger(outsider, buy)).toBe(false);
    expect(canSeeLedger(null, buy)).toBe(false);
    expect(canSeeLedger(leader, { ...buy, status: 'draft' })).toBe(false);
  });

  it('a resident pays for their own household only', () => {
    expect(canPayFor(member(), buy, 'h1')).toBe(true);
    expect(canPayFor(member(), buy, 'h2')).toBe(false);
    expect(canPayFor(member({ household: null }), buy, 'h1')).toBe(false);
    expect(canPayFor(outsider, buy, 'h1')).toBe(false);
  });

  it("the buy's leader and admins manage its money; other leaders do not", () => {
    expect(canManageMoney(leader, buy)).toBe(true);
    expect(canManageMoney(admin, buy)).toBe(true);
    expect(canManageMoney(otherLeader, buy)).toBe(false);
    expect(canManageMoney(member(), buy)).toBe(false);
    expect(canSeeBuyAudit(leader, buy)).toBe(true);
    expect(canSeeBuyAudit(member(), buy)).toBe(false);
  });

  it('nobody confirms or refunds their own household', () => {
    expect(canDecidePayment(leader, buy, { householdId: 'h1' })).toBe(true);
    expect(canDecidePayment(leader, buy, { householdId: 'h9' })).toBe(false);
    expect(canDecidePayment(member(), buy, { householdId: 'h1' })).toBe(false);
    expect(canDecidePayment(admin, buy, { householdId: 'h1' })).toBe(true);
    expect(canSendRefund(leader, buy, { householdId: 'h9' })).toBe(false);
  });

  it("a household's payments are seen by it, the leader and admins, not by other households", () => {
    expect(canSeePayment(member(), buy, { householdId: 'h1' })).toBe(true);
    expect(canSeePayment(member(), buy, { householdId: 'h2' })).toBe(false);
    expect(canSeePayment(leader, buy, { householdId: 'h2' })).toBe(true);
    expect(canSeePayment(otherLeader, buy, { householdId: 'h2' })).toBe(false);
    expect(canAcknowledgeRefund(member(), buy, { householdId: 'h1', sentBy: 'leader' })).toBe(true);
    expect(canAcknowledgeRefund(leader, buy, { householdId: 'h1', sentBy: 'leader' })).toBe(false);
  });
});

describe('代付', () => {
  it('a volunteer pays for a proxy household of their building only; never the leader or an admin as such', () => {
    const volunteer = member({ volunteerBuildingIds: ['b1'] });
    const proxy = { buildingId: 'b1', isProxy: true };
    expect(canPayForProxy(volunteer, buy, proxy)).toBe(true);
    expect(canPayForProxy(volunteer, buy, { ...proxy, buildingId: 'b2' })).toBe(false);
    expect(canPayForProxy(volunteer, buy, { ...proxy, isProxy: false })).toBe(false);
    expect([leader, admin, member(), null].map((m) => canPayForProxy(m, buy, proxy))).toEqual([
      false,
      false,
      false,
      false,
    ]);
    expect(canPayForProxy(member({ communityId: 'c2', volunteerBuildingIds: ['b1'] }), buy, proxy)).toBe(
      false,
    );
  });
});

describe('代收退款', () => {
  it('a volunteer acknowledges a proxy household’s refund for it; not another household’s, nor another building’s', () => {
    const volunteer = member({ household: null, volunteerBuildingIds: ['b1'] });
    const refund = { householdId: 'p1', sentBy: 'leader' };
    const proxy = { buildingId: 'b1', isProxy: true };
    expect(canAcknowledgeRefund(volunteer, buy, refund, proxy)).toBe(true);
    expect(canAcknowledgeRefund(volunteer, buy, refund, { ...proxy, buildingId: 'b2' })).toBe(false);
    expect(canAcknowledgeRefund(volunteer, buy, refund, { ...proxy, isProxy: false })).toBe(false);
    expect(canAcknowledgeRefund(volunteer, buy, refund)).toBe(false); // no household read: not theirs
    // An admin may too (from 收款对账: a building without a volunteer), not for a household with members.
    expect([leader, admin].map((m) => canAcknowledgeRefund(m, buy, refund, proxy))).toEqual([false, true]);
    expect(canAcknowledgeRefund(admin, buy, refund, { ...proxy, isProxy: false })).toBe(false);
    expect(canAcknowledgeRefund(admin, buy, { ...refund, sentBy: 'a1' }, proxy)).toBe(false);
    // A leader who is also the building's volunteer does not say the refund they sent arrived.
    const leaderVolunteer = { ...leader, volunteerBuildingIds: ['b1'] };
    expect(canAcknowledgeRefund(leaderVolunteer, buy, refund, proxy)).toBe(false);
    expect(canAcknowledgeRefund(leaderVolunteer, buy, { ...refund, sentBy: 'a1' }, proxy)).toBe(true);
  });
});
