import { describe, expect, it } from 'vitest';
import { AppError } from '../shared/app-error.ts';
import { closeOutcome, orderAmountFen, transition, type BuyAction, type BuyStatus } from './buy.ts';

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

describe('orderAmountFen', () => {
  it('is allocated × price plus the fee, and nothing when nothing is allocated', () => {
    expect(orderAmountFen([{ allocatedQty: 2, priceFen: 2500 }], 300)).toBe(5300);
    expect(orderAmountFen([{ allocatedQty: 0, priceFen: 2500 }], 300)).toBe(0);
  });
});
