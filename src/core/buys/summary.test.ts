import { describe, expect, it } from 'vitest';
import type { Actor } from '../shared/actor.ts';
import type { MemberContext } from './ports.ts';
import { getBuySummary, getBuyTotals, getPackingList, type ReportDeps } from './summary.ts';
import type { ReportData } from './summary-fns.ts';
import { reportTotals } from './testing/report-totals.ts';
import { memberContext } from './testing/member-context.ts';

const report: ReportData = {
  buy: {
    id: 'buy',
    communityId: 'c',
    communityName: '小区',
    communityAddress: null,
    title: '鸡蛋',
    status: 'closed',
    supplierName: null,
    supplierContact: null,
    deliveryDate: null,
    pickupMode: 'building',
    leaderFeeFen: 0,
    createdBy: 'leader',
  },
  items: [{ id: 'egg', name: '鸡蛋', spec: null, unit: null, priceFen: 100 }],
  buildings: [
    { id: 'b1', name: '1', sortKey: 1 },
    { id: 'b2', name: '2', sortKey: 2 },
  ],
  orders: ['b1', 'b2'].map((b, n) => ({
    orderId: `o${n}`,
    seq: n + 1,
    householdId: `h${n}`,
    householdLabel: `${n + 1}-101`,
    buildingId: b,
    status: 'active' as const,
    placedByVolunteer: true,
    isProxy: true,
    proxyContact: { name: `老人${n + 1}`, phone: null },
    lines: [{ itemId: 'egg', qty: 1, allocatedQty: 1, waitlistedQty: 0 }],
  })),
};

const member = (over: Parameters<typeof memberContext>[0]) => memberContext({ communityId: 'c', ...over });

/** In-memory deps: one buy, the caller's standing given per test; records which buildings were loaded. */
function fakeDeps(who: MemberContext | null) {
  const loaded: (readonly string[] | null)[] = [];
  const deps: ReportDeps = {
    repo: {
      findBuyHeader: async (id) =>
        id === 'buy'
          ? { id, communityId: 'c', status: 'closed', createdBy: 'leader', version: 1, standingVersion: 0 }
          : null,
      memberContext: async () => who,
    },
    reports: {
      loadReport: async (_id, buildings) => {
        loaded.push(buildings);
        return {
          ...report,
          orders: report.orders.filter((o) => buildings === null || buildings.includes(o.buildingId)),
        };
      },
      loadTotals: async () => reportTotals(report),
    },
    clock: { now: () => new Date(0) },
  };
  return { deps, loaded };
}

const actor: Actor = { userId: 'u', displayName: 'U', via: 'token' };

describe('getBuySummary', () => {
  it('the leader gets every household, without proxy contacts outside buildings they volunteer for', async () => {
    const { deps } = fakeDeps(member({ memberId: 'leader', isLeader: true, volunteerBuildingIds: ['b2'] }));
    const s = await getBuySummary(deps, actor, 'buy');
    expect(s.households.map((h) => [h.label, h.proxyContact?.name ?? null])).toEqual([
      ['1-101', null],
      ['2-101', '老人2'],
    ]);
    expect(s).toMatchObject({ householdsFound: 2, householdCounts: { all: 2, waiting: 0, proxy: 2 } });
  });

  it('searches, filters and pages the households, never by a contact the caller may not see', async () => {
    const { deps } = fakeDeps(member({ memberId: 'leader', isLeader: true, volunteerBuildingIds: ['b2'] }));
    const labels = async (view: Parameters<typeof getBuySummary>[3]) => {
      const s = await getBuySummary(deps, actor, 'buy', view);
      return [s.households.map((h) => h.label), s.householdsFound, s.totals.orders];
    };
    expect(await labels({ q: '老人' })).toEqual([['2-101'], 1, 2]);
    expect(await labels({ q: '老人1' })).toEqual([[], 0, 2]);
    expect(await labels({ q: '2101' })).toEqual([['2-101'], 1, 2]);
    expect(await labels({ filter: 'proxy', limit: 1 })).toEqual([['1-101'], 2, 2]);
    expect(await labels({ filter: 'proxy', offset: 1, limit: 1 })).toEqual([['2-101'], 2, 2]);
    expect(await labels({ filter: 'waiting' })).toEqual([[], 0, 2]);
    const admin = await getBuySummary(fakeDeps(member({ isAdmin: true })).deps, actor, 'buy', { q: '老人1' });
    expect(admin.households.map((h) => h.label)).toEqual(['1-101']);
  });

  it('admins see proxy contacts; others are refused; unknown buys are 404', async () => {
    const admin = await getBuySummary(fakeDeps(member({ isAdmin: true })).deps, actor, 'buy');
    expect(admin.households.every((h) => h.proxyContact !== null)).toBe(true);
    await expect(
      getBuySummary(fakeDeps(member({ volunteerBuildingIds: ['b1'] })).deps, actor, 'buy'),
    ).rejects.toMatchObject({ code: 'not_buy_manager' });
    await expect(getBuySummary(fakeDeps(null).deps, actor, 'buy')).rejects.toMatchObject({
      code: 'not_a_member',
    });
    await expect(
      getBuySummary(fakeDeps(member({ isAdmin: true })).deps, actor, 'nope'),
    ).rejects.toMatchObject({
      code: 'buy_not_found',
    });
  });
});

describe('getBuyTotals', () => {
  it('the leader gets the summary without its households; residents and volunteers are refused', async () => {
    const leader = fakeDeps(member({ memberId: 'leader', isLeader: true })).deps;
    const { households, householdsFound, householdCounts, ...totals } = await getBuySummary(
      leader,
      actor,
      'buy',
    );
    expect([householdsFound, householdCounts.all]).toEqual([2, 2]);
    expect(households).toHaveLength(2);
    expect(await getBuyTotals(leader, actor, 'buy')).toEqual(totals);
    for (const m of [member({}), member({ volunteerBuildingIds: ['b1', 'b2'] })])
      await expect(getBuyTotals(fakeDeps(m).deps, actor, 'buy')).rejects.toMatchObject({
        code: 'not_buy_manager',
      });
    await expect(getBuyTotals(fakeDeps(null).deps, actor, 'buy')).rejects.toMatchObject({
      code: 'not_a_member',
    });
  });
});

describe('getPackingList', () => {
  it('a volunteer loads only their buildings', async () => {
    const { deps, loaded } = fakeDeps(member({ volunteerBuildingIds: ['b2'] }));
    const p = await getPackingList(deps, actor, { buyId: 'buy' });
    expect(loaded).toEqual([['b2']]);
    expect(p.buildings.map((b) => [b.name, b.households[0]!.proxyContact?.name])).toEqual([['2', '老人2']]);
    await expect(getPackingList(deps, actor, { buyId: 'buy', buildingId: 'b1' })).rejects.toMatchObject({
      code: 'not_volunteer_of_building',
    });
  });

  it('the leader gets every building or the one asked for; a building of no such compound is 404', async () => {
    const { deps, loaded } = fakeDeps(member({ memberId: 'leader', isLeader: true }));
    expect((await getPackingList(deps, actor, { buyId: 'buy' })).buildings).toHaveLength(2);
    expect((await getPackingList(deps, actor, { buyId: 'buy', buildingId: 'b1' })).buildings).toHaveLength(1);
    expect(loaded).toEqual([null, ['b1']]);
    await expect(
      getPackingList(deps, actor, { buyId: 'buy', buildingId: 'elsewhere' }),
    ).rejects.toMatchObject({
      code: 'building_not_found',
    });
  });

  it('residents and other leaders are refused', async () => {
    for (const m of [member({}), member({ memberId: 'other', isLeader: true })])
      await expect(getPackingList(fakeDeps(m).deps, actor, { buyId: 'buy' })).rejects.toMatchObject({
        code: 'not_buy_manager',
      });
  });
});
