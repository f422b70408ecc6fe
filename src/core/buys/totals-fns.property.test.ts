import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildSummary } from './summary-fns.ts';
import { reportDataArb } from './testing/report-arb.ts';
import { reportTotals } from './testing/report-totals.ts';
import { buildTotals } from './totals-fns.ts';

describe('buildTotals (properties)', () => {
  it('from per-building sums gives the summary of the same orders, without its households', () => {
    fc.assert(
      fc.property(reportDataArb, (data) => {
        const { households, ...summary } = buildSummary(data);
        expect(households).toHaveLength(data.orders.length);
        expect(buildTotals(reportTotals(data))).toEqual(summary);
      }),
    );
  });

  it('ignores sums of items the buy does not have, like the summary ignores such lines', () => {
    fc.assert(
      fc.property(reportDataArb, (data) => {
        const stray = {
          ...data,
          orders: data.orders.map((o) => ({
            ...o,
            lines: [...o.lines, { itemId: 'gone', qty: 2, allocatedQty: 1, waitlistedQty: 1 }],
          })),
        };
        const { households: _, ...summary } = buildSummary(stray);
        const sums = reportTotals(data);
        const cells = [
          ...sums.cells,
          ...sums.orders.map(({ buildingId }) => ({
            buildingId,
            itemId: 'gone',
            orderedQty: 2,
            allocatedQty: 1,
            waitlistedQty: 1,
          })),
        ];
        expect(buildTotals({ ...sums, cells })).toEqual(summary);
      }),
    );
  });
});
