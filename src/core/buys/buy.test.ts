import { describe, expect, it } from 'vitest';
import { AppError } from '../shared/app-error.ts';
import {
  closeOutcome,
  orderAmountFen,
  reachedThreshold,
  transition,
  type BuyAction,
  type BuyStatus,
} from './buy.ts';

describe('buy state machine', () => {
  it.each<[BuyStatus, BuyAction, BuyStatus]>([
    ['draft', 'publish', 'open'],
    ['open', 'close', 'closed'],
    ['open', 'fail', 'failed'],
    ['closed', 'confirm', 'confirmed'],
    ['confirmed', 'arrive', 'arrived'],
    ['arrived', 'complete', 'completed'],
    ['draft', 'cancel', 'cancelled'],
    ['open', 'cancel', 'cancelled'],
    ['closed', 'cancel', 'cancelled'],
    ['confirmed', 'cancel', 'cancelled'],
  ])('%s --%s--> %s', (from, action, to) => {
    expect(transition(from, action)).toBe(to);
  });

  it.each<[BuyStatus, BuyAction]>([
    ['draft', 'close'],
    ['open', 'publish'],
    ['closed', 'arrive'],
    ['failed', 'confirm'],
    ['failed', 'cancel'],
    ['arrived', 'cancel'],
    ['completed', 'cancel'],
    ['cancelled', 'publish'],
  ])('%s --%s--> is a 409 illegal_transition', (from, action) => {
    try {
      transition(from, action);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('illegal_transition');
      expect((err as AppError).kind).toBe('conflict');
      expect((err as AppError).message).toContain(from);
    }
  });
});

describe('closeOutcome', () => {
  const items = [
    { priceFen: 2500, allocatedQty: 10 },
    { priceFen: 100, allocatedQty: 5 },
  ];
  it.each([
    [{ minTotalQty: null, minAmountFen: null }, 'closed'],
    [{ minTotalQty: 15, minAmountFen: null }, 'closed'],
    [{ minTotalQty: 16, minAmountFen: null }, 'failed'],
    [{ minTotalQty: null, minAmountFen: 25_500 }, 'closed'],
    [{ minTotalQty: null, minAmountFen: 25_501 }, 'failed'],
    [{ minTotalQty: 15, minAmountFen: 25_501 }, 'failed'],
  ] as const)('%o → %s', (threshold, outcome) => {
    expect(closeOutcome(threshold, items)).toBe(outcome);
  });
});

describe('reachedThreshold', () => {
  const at = (qty: number) => [{ priceFen: 1000, allocatedQty: qty }];
  const min = { minTotalQty: 10, minAmountFen: null };
  it('is true only for the change that crosses the threshold', () => {
    expect(reachedThreshold({ threshold: min, items: at(9) }, { threshold: min, items: at(10) })).toBe(true);
    expect(reachedThreshold({ threshold: min, items: at(8) }, { threshold: min, items: at(9) })).toBe(false);
    expect(reachedThreshold({ threshold: min, items: at(10) }, { threshold: min, items: at(11) })).toBe(
      false,
    );
    expect(reachedThreshold({ threshold: min, items: at(10) }, { threshold: min, items: at(9) })).toBe(false);
  });
  it('needs both minimums, and counts the goods at their new prices', () => {
    const both = { minTotalQty: 10, minAmountFen: 15_000 };
    expect(reachedThreshold({ threshold: both, items: at(12) }, { threshold: both, items: at(14) })).toBe(
      false,
    );
    expect(reachedThreshold({ threshold: both, items: at(14) }, { threshold: both, items: at(15) })).toBe(
      true,
    );
    const dearer = [{ priceFen: 1500, allocatedQty: 10 }];
    expect(reachedThreshold({ threshold: both, items: at(10) }, { threshold: both, items: dearer })).toBe(
      true,
    );
  });
  it('is true when a leader lowers the minimum to what is allocated, never for a buy without one', () => {
    const lower = { minTotalQty: 8, minAmountFen: null };
    expect(reachedThreshold({ threshold: min, items: at(9) }, { threshold: lower, items: at(9) })).toBe(true);
    const none = { minTotalQty: null, minAmountFen: null };
    expect(reachedThreshold({ threshold: min, items: at(9) }, { threshold: none, items: at(9) })).toBe(false);
    expect(reachedThreshold({ threshold: none, items: at(0) }, { threshold: none, items: at(5) })).toBe(
      false,
    );
  });
});

describe('orderAmountFen', () => {
  it('is allocated × price plus the fee, and nothing when nothing is allocated', () => {
    expect(orderAmountFen([{ allocatedQty: 2, priceFen: 2500 }], 300)).toBe(5300);
    expect(orderAmountFen([{ allocatedQty: 0, priceFen: 2500 }], 300)).toBe(0);
  });
});
