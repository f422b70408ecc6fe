import { describe, expect, it } from 'vitest';
import { canOrder, progressText, sectionOf, sortBuys, thresholdProgress, timeLeft } from './progress.ts';
import { BUY_STATUSES } from './types.ts';

const item = (priceFen: number, allocatedQty: number) => ({ priceFen, allocatedQty });
const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;

describe('thresholdProgress', () => {
  it('is null without a minimum', () => {
    expect(thresholdProgress({ minTotalQty: null, minAmountFen: null, items: [item(100, 3)] })).toBeNull();
    expect(thresholdProgress({ minTotalQty: 0, minAmountFen: null, items: [] })).toBeNull();
  });
  it('counts allocated quantity over every item', () => {
    const p = thresholdProgress({
      minTotalQty: 50,
      minAmountFen: null,
      items: [item(2500, 30), item(100, 8)],
    });
    expect(p).toEqual({ ratio: 38 / 50, met: false, missingQty: 12, missingFen: null });
    expect(progressText(p!, yuan)).toEqual({ key: 'buys.progress.missingQty', values: { count: 12 } });
  });
  it('counts goods value (no leader fee) against the amount minimum', () => {
    const p = thresholdProgress({ minTotalQty: null, minAmountFen: 10_000, items: [item(2550, 2)] });
    expect(p).toMatchObject({ met: false, missingFen: 4900, missingQty: null });
    expect(progressText(p!, yuan)).toEqual({
      key: 'buys.progress.missingAmount',
      values: { amount: '¥49.00' },
    });
  });
  it('needs both minimums, and the bar follows the one further away', () => {
    const p = thresholdProgress({ minTotalQty: 10, minAmountFen: 10_000, items: [item(1000, 5)] });
    expect(p).toMatchObject({ ratio: 0.5, met: false, missingQty: 5, missingFen: 5000 });
    expect(progressText(p!, yuan).key).toBe('buys.progress.missingBoth');
  });
  it('is met, capped at a full bar, when over the threshold', () => {
    const p = thresholdProgress({ minTotalQty: 10, minAmountFen: null, items: [item(100, 25)] });
    expect(p).toEqual({ ratio: 1, met: true, missingQty: 0, missingFen: null });
    expect(progressText(p!, yuan)).toEqual({ key: 'buys.progress.met', values: {} });
  });
});

describe('timeLeft', () => {
  const now = Date.parse('2026-05-03T12:00:00+08:00');
  const at = (h: number) => new Date(now + h * 3_600_000).toISOString();
  it.each([
    [72.5, { unit: 'days', count: 3 }],
    [48, { unit: 'days', count: 2 }],
    [47.9, { unit: 'hours', count: 47 }],
    [3.5, { unit: 'hours', count: 3 }],
    [1, { unit: 'hours', count: 1 }],
    [0.99, { unit: 'minutes', count: 60 }],
    [0.5, { unit: 'minutes', count: 30 }],
    [0.0001, { unit: 'minutes', count: 1 }],
    [0, { unit: 'ended' }],
    [-5, { unit: 'ended' }],
  ])('%f hours before the deadline', (hours, expected) => {
    expect(timeLeft(at(hours), now)).toEqual(expected);
  });
  it('treats a bad date as ended', () => {
    expect(timeLeft('nope', now)).toEqual({ unit: 'ended' });
  });
});

describe('sortBuys and canOrder', () => {
  it('puts open buys first, soonest deadline first, then the others newest first', () => {
    const list = [
      { id: 'a', status: 'closed' as const, deadline: '2026-05-01T00:00:00Z' },
      { id: 'b', status: 'open' as const, deadline: '2026-05-09T00:00:00Z' },
      { id: 'c', status: 'completed' as const, deadline: '2026-05-02T00:00:00Z' },
      { id: 'd', status: 'open' as const, deadline: '2026-05-05T00:00:00Z' },
    ];
    expect(sortBuys(list).map((b) => b.id)).toEqual(['d', 'b', 'c', 'a']);
  });
  it('sections the tab: open and drafts, then closed but not yet delivered, then ended', () => {
    expect(BUY_STATUSES.map((s) => [s, sectionOf(s)])).toEqual([
      ['draft', 'current'],
      ['open', 'current'],
      ['closed', 'underway'],
      ['failed', 'past'],
      ['confirmed', 'underway'],
      ['arrived', 'underway'],
      ['completed', 'past'],
      ['cancelled', 'past'],
    ]);
  });
  it('allows orders only on an open buy before its deadline', () => {
    const now = Date.parse('2026-05-03T00:00:00Z');
    expect(canOrder({ status: 'open', deadline: '2026-05-04T00:00:00Z' }, now)).toBe(true);
    expect(canOrder({ status: 'open', deadline: '2026-05-02T00:00:00Z' }, now)).toBe(false);
    expect(canOrder({ status: 'closed', deadline: '2026-05-04T00:00:00Z' }, now)).toBe(false);
  });
});
