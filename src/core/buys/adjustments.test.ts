import { describe, expect, it } from 'vitest';
import { adjustedQty, adjustmentsFen } from './adjustments.ts';

describe('order adjustments', () => {
  it('lowers the allocated quantity by the deltas, never below zero', () => {
    expect(adjustedQty(3, [])).toBe(3);
    expect(adjustedQty(3, [{ qtyDelta: -1 }, { qtyDelta: -1 }])).toBe(1);
    expect(adjustedQty(2, [{ qtyDelta: -3 }])).toBe(0);
  });

  it('sums the amounts in fen', () => {
    expect(adjustmentsFen([])).toBe(0);
    expect(adjustmentsFen([{ amountFenDelta: -2500 }, { amountFenDelta: -100 }])).toBe(-2600);
  });
});
