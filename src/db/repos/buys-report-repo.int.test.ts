import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addRole,
  createTestCommunity,
  createTestMember,
  createVerifiedResident,
  makeProxyHousehold,
  type TestCommunity,
  type TestMember,
  type TestResident,
} from '../../../test/support/community.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { buildSummary, type ReportOrder } from '../../core/buys/summary-fns.ts';
import { buildTotals } from '../../core/buys/totals-fns.ts';
import { eq } from 'drizzle-orm';
import { buyItems, buys, orderLines, orders } from '../schema/buys.ts';
import { households } from '../schema/community.ts';

let t: TestApp;
let tc: TestCommunity;
let leader: TestMember;
let volunteer: TestMember;
let residents: TestResident[];
beforeAll(async () => {
  t = await createTestApp();
  tc = await createTestCommunity(t.container, { buildings: 3, floors: 2, roomsPerFloor: 3 });
  leader = await createTestMember(t.container, tc.community.id, 'Leader');
  await addRole(t.container, leader, { leader: true });
  volunteer = await createTestMember(t.container, tc.community.id, 'Volunteer');
  residents = [];
  for (const label of ['1-101', '1-102', '2-201', '3-103'])
    residents.push(await createVerifiedResident(t.container, tc.community.id, label));
  await makeProxyHousehold(t.container, tc.household('2-102').id, { contactName: '王阿姨' });
  await makeProxyHousehold(t.container, tc.household('3-201').id, {
    contactName: '李伯',
    contactPhone: '13900000000',
  });
});
afterAll(async () => {
  await t.close();
});

// Small quantities, so lines with nothing allocated (a waitlisted order pays no fee) come up often.
const lineArb = fc
  .integer({ min: 1, max: 4 })
  .chain((qty) => fc.record({ qty: fc.constant(qty), allocatedQty: fc.integer({ min: 0, max: qty }) }));

/** A buy: its prices and fee, and per household (by index) maybe an order with lines per item index. */
const buyArb = fc.record({
  prices: fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 3 }),
  leaderFeeFen: fc.integer({ min: 0, max: 500 }),
  orders: fc.array(
    fc.record({
      status: fc.constantFrom('active', 'waitlisted', 'cancelled'),
      placedBy: fc.constantFrom('nobody', 'resident', 'volunteer'),
      lines: fc.array(fc.option(lineArb, { nil: null }), { maxLength: 3 }),
    }),
    { maxLength: 18 },
  ),
});

type GeneratedBuy = typeof buyArb extends fc.Arbitrary<infer T> ? T : never;

/** A closed buy of the leader's, written as a row; returns its id. */
async function insertClosedBuy(title: string, leaderFeeFen = 0): Promise<string> {
  const buyId = t.container.ids.id();
  await t.container.db.insert(buys).values({
    id: buyId,
    communityId: tc.community.id,
    title,
    deadline: new Date(Date.now() + 3600_000),
    leaderFeeFen,
    status: 'closed',
    createdBy: leader.memberId,
  });
  return buyId;
}

/** Writes the generated buy (rows directly, any split of allocated and waitlisted) and what loadReport must return. */
async function insertBuy(b: GeneratedBuy) {
  const { ids, db } = t.container;
  const buyId = await insertClosedBuy('property', b.leaderFeeFen);
  const items = b.prices.map((priceFen, position) => ({
    id: ids.id(),
    buyId,
    position,
    name: `item ${position}`,
    priceFen,
  }));
  await db.insert(buyItems).values(items);
  const expected: ReportOrder[] = [];
  for (const [n, o] of b.orders.entries()) {
    const household = tc.households[n]!;
    const resident = residents.find((r) => r.household.id === household.id);
    const placedBy =
      o.placedBy === 'volunteer'
        ? volunteer.memberId
        : o.placedBy === 'resident'
          ? (resident?.memberId ?? null)
          : null;
    const orderId = ids.id();
    await db
      .insert(orders)
      .values({ id: orderId, buyId, householdId: household.id, seq: n + 1, status: o.status, placedBy });
    const lines = o.lines.flatMap((l, i) =>
      l && items[i]
        ? [
            {
              itemId: items[i].id,
              qty: l.qty,
              allocatedQty: l.allocatedQty,
              waitlistedQty: l.qty - l.allocatedQty,
            },
          ]
        : [],
    );
    if (lines.length > 0) await db.insert(orderLines).values(lines.map((l) => ({ ...l, orderId })));
    if (o.status === 'cancelled') continue;
    const proxy =
      household.label === '2-102'
        ? { name: '王阿姨', phone: null }
        : household.label === '3-201'
          ? { name: '李伯', phone: '13900000000' }
          : null;
    expected.push({
      orderId,
      seq: n + 1,
      householdId: household.id,
      householdLabel: household.label,
      buildingId: household.buildingId,
      status: o.status,
      placedByVolunteer: placedBy !== null && placedBy !== resident?.memberId,
      isProxy: proxy !== null,
      proxyContact: proxy,
      lines,
    });
  }
  return { buyId, expected };
}

const byItem = (a: { itemId: string }, b: { itemId: string }) => (a.itemId < b.itemId ? -1 : 1);
const sortedLines = (list: ReportOrder[]) => list.map((o) => ({ ...o, lines: [...o.lines].sort(byItem) }));

describe('buys report repository (property: generated buys written as rows)', () => {
  it('loadReport returns the live orders; the database sums (loadTotals) equal the summary of them', async () => {
    const reports = t.container.buyReportDeps.reports;
    await fc.assert(
      fc.asyncProperty(buyArb, async (b) => {
        const { buyId, expected } = await insertBuy(b);
        const data = (await reports.loadReport(buyId, null))!;
        expect(sortedLines(data.orders)).toEqual(sortedLines(expected));
        const { households: _, ...summary } = buildSummary(data);
        expect(buildTotals((await reports.loadTotals(buyId))!)).toEqual(summary);

        const building = tc.buildings[1]!.id;
        const one = (await reports.loadReport(buyId, [building]))!;
        expect(sortedLines(one.orders)).toEqual(
          sortedLines(expected.filter((o) => o.buildingId === building)),
        );
        expect((await reports.loadReport(buyId, []))!.orders).toEqual([]);
      }),
      { numRuns: 15 },
    );
  });

  it('labels and contacts come back exactly, whatever characters they hold', async () => {
    const { db, ids } = t.container;
    const reports = t.container.buyReportDeps.reports;
    const plain = tc.household('1-203');
    const odd = tc.household('3-202');
    const label = '3-202 "东" {a,b} \\ NULL';
    await makeProxyHousehold(t.container, odd.id, {
      contactName: '张 "老" 师, {x} \\',
      contactPhone: '139 0000',
    });
    await db.update(households).set({ label }).where(eq(households.id, odd.id));
    try {
      const buyId = await insertClosedBuy('odd labels');
      const itemId = ids.id();
      await db.insert(buyItems).values({ id: itemId, buyId, position: 0, name: 'item', priceFen: 100 });
      const placed = [plain, odd].map((h, n) => ({
        id: ids.id(),
        buyId,
        householdId: h.id,
        seq: n + 1,
        status: 'active' as const,
      }));
      await db.insert(orders).values(placed);
      await db
        .insert(orderLines)
        .values(placed.map((o) => ({ orderId: o.id, itemId, qty: 2, allocatedQty: 1, waitlistedQty: 1 })));
      const data = (await reports.loadReport(buyId, null))!;
      expect(data.orders.map((o) => [o.seq, o.householdLabel, o.isProxy, o.proxyContact])).toEqual([
        [1, '1-203', false, null],
        [2, label, true, { name: '张 "老" 师, {x} \\', phone: '139 0000' }],
      ]);
      expect(data.orders[1]!.lines).toEqual([{ itemId, qty: 2, allocatedQty: 1, waitlistedQty: 1 }]);
    } finally {
      await db.update(households).set({ label: odd.label, isProxy: false }).where(eq(households.id, odd.id));
    }
  });

  it('an unknown buy is null', async () => {
    const reports = t.container.buyReportDeps.reports;
    expect(await reports.loadReport(t.container.ids.id(), null)).toBeNull();
    expect(await reports.loadTotals(t.container.ids.id())).toBeNull();
  });
});
