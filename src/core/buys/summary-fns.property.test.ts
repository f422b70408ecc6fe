import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPackingList, buildSummary, naturalCompare } from './summary-fns.ts';
import { reportDataArb as dataArb } from './testing/report-arb.ts';

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
