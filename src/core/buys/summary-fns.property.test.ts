import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildPackingList, buildSummary, naturalCompare, naturalKey } from './summary-fns.ts';
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

describe('naturalKey (properties)', () => {
  /** The key as first written: each run of ASCII digits, leading zeros dropped (not the last), after its length. */
  const byRegex = (label: string) =>
    label.replace(/\d+/g, (digits) => {
      const n = digits.replace(/^0+(?=\d)/, '');
      return String.fromCharCode(0x30 + Math.min(n.length, 40)) + n;
    });

  it('is the key the regular expressions made, for any text', () => {
    // Digits and zeros often, runs longer than 40, and characters that look like digits but are not ASCII.
    const unit = fc.oneof(
      fc.constantFrom('0', '0', '1', '7', '9', '-', ' ', 'a', '号', '楼', '０', '٣', '\u{1F3E0}'),
      fc.string({ unit: 'grapheme', maxLength: 1 }),
    );
    const label = fc.oneof(
      fc.string({ unit, maxLength: 16 }),
      fc
        .tuple(fc.nat(3), fc.integer({ min: 38, max: 45 }))
        .map(([z, n]) => '0'.repeat(z) + '7'.repeat(n) + '-1'),
    );
    fc.assert(
      fc.property(label, (l) => {
        expect(naturalKey(l)).toBe(byRegex(l));
      }),
      { numRuns: 2_000 },
    );
  });
});
