import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPackingList, buildSummary, naturalCompare, type ReportData } from './summary-fns.ts';

const ITEMS = ['i0', 'i1', 'i2', 'i3'];
const BUILDINGS = ['b0', 'b1', 'b2', 'b3', 'b4'];

const lineArb = fc
  .record({ item: fc.integer({ min: 0, max: ITEMS.length - 1 }), qty: fc.integer({ min: 1, max: 9999 }) })
  .chain(({ item, qty }) =>
    fc.integer({ min: 0, max: qty }).map((allocatedQty) => ({
      itemId: ITEMS[item]!,
      qty,
      allocatedQty,
      waitlistedQty: qty - allocatedQty,
    })),
  );

const dataArb: fc.Arbitrary<ReportData> = fc
  .record({
    prices: fc.array(fc.integer({ min: 0, max: 100_000_000 }), {
      minLength: ITEMS.length,
      maxLength: ITEMS.length,
    }),
    leaderFeeFen: fc.integer({ min: 0, max: 10_000 }),
    orders: fc.array(
      fc.record({
        building: fc.integer({ min: 0, max: BUILDINGS.length - 1 }),
        room: fc.integer({ min: 101, max: 3020 }),
        lines: fc.uniqueArray(lineArb, { maxLength: 4, selector: (l) => l.itemId }),
      }),
      { maxLength: 60 },
    ),
  })
  .map(({ prices, leaderFeeFen, orders }) => ({
    buy: {
      id: 'buy',
      communityId: 'c',
      communityName: 'c',
      communityAddress: null,
      title: 't',
      status: 'closed' as const,
      supplierName: null,
      supplierContact: null,
      deliveryDate: null,
      pickupMode: 'building' as const,
      leaderFeeFen,
      createdBy: 'l',
    },
    items: ITEMS.map((id, n) => ({ id, name: id, spec: null, unit: null, priceFen: prices[n]! })),
    buildings: BUILDINGS.map((id, n) => ({ id, name: String(n + 1), sortKey: n })),
    orders: orders.map((o, n) => ({
      orderId: `o${n}`,
      seq: n + 1,
      householdId: `h${n}`,
      householdLabel: `${o.building + 1}-${o.room}`,
      buildingId: BUILDINGS[o.building]!,
      status: o.lines.some((l) => l.allocatedQty > 0) ? ('active' as const) : ('waitlisted' as const),
      placedByVolunteer: false,
      isProxy: false,
      proxyContact: null,
      lines: o.lines,
    })),
  }));

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe('buildSummary (properties)', () => {
  it('per-building allocated quantities add up to the per-item totals', () => {
    fc.assert(
      fc.property(dataArb, (data) => {
        const s = buildSummary(data);
        s.items.forEach((item, n) => {
          expect(sum(s.buildings.map((b) => b.items[n]!.allocatedQty))).toBe(item.allocatedQty);
          expect(item.allocatedQty + item.waitlistedQty).toBe(item.orderedQty);
        });
        expect(sum(s.buildings.map((b) => b.households))).toBe(s.totals.households);
      }),
    );
  });

  it('amounts are integer fen and every breakdown sums to the grand total', () => {
    fc.assert(
      fc.property(dataArb, (data) => {
        const s = buildSummary(data);
        const all = [
          ...s.items.map((i) => i.amountFen),
          ...s.buildings.flatMap((b) => [b.amountFen, b.goodsFen]),
          ...s.households.flatMap((h) => [h.amountFen, ...h.lines.map((l) => l.amountFen)]),
          ...Object.values(s.totals),
        ];
        for (const v of all) expect(Number.isSafeInteger(v)).toBe(true);
        expect(sum(s.households.map((h) => h.amountFen))).toBe(s.totals.amountFen);
        expect(sum(s.buildings.map((b) => b.amountFen))).toBe(s.totals.amountFen);
        expect(sum(s.buildings.map((b) => b.goodsFen))).toBe(s.totals.goodsFen);
        expect(sum(s.items.map((i) => i.amountFen))).toBe(s.totals.goodsFen);
        expect(s.totals.goodsFen + s.totals.leaderFeesFen).toBe(s.totals.amountFen);
        expect(s.totals.leaderFeesFen).toBe(data.buy.leaderFeeFen * s.totals.households);
      }),
    );
  });

  it('the packing list holds every allocated unit once, households in natural label order', () => {
    fc.assert(
      fc.property(dataArb, (data) => {
        const s = buildSummary(data);
        const p = buildPackingList(s);
        s.items.forEach((item, n) => {
          expect(sum(p.buildings.map((b) => b.totals.quantities[n]!))).toBe(item.allocatedQty);
        });
        expect(sum(p.buildings.map((b) => b.totals.amountFen))).toBe(s.totals.amountFen);
        for (const b of p.buildings) {
          const labels = b.households.map((h) => h.label);
          expect(labels).toEqual([...labels].sort(naturalCompare));
          for (const h of b.households) expect(sum(h.quantities)).toBeGreaterThan(0);
        }
      }),
    );
  });
});
