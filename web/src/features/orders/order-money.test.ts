import { describe, expect, it } from 'vitest';
import type { BuyStatus } from '../buys/types.ts';
import { arrivesOn, moneyTotals, orderMoney, type HouseholdBuyMoney } from './order-money.ts';

const order = (buyStatus: string, amountFen = 2650, status = 'active') =>
  ({ status, amountFen, buy: { status: buyStatus } }) as Parameters<typeof orderMoney>[0];
const money = (over: Partial<HouseholdBuyMoney> = {}): HouseholdBuyMoney => ({
  buyId: 'b',
  charged: true,
  dueFen: 2650,
  paidFen: 0,
  refundDueFen: 0,
  pendingFen: 0,
  ...over,
});

describe('orderMoney', () => {
  it.each([
    ['an open list: the order amount, later', order('open'), undefined, { kind: 'open', amountFen: 2650 }],
    ['an open list, nothing allocated', order('open', 0, 'waitlisted'), undefined, { kind: 'none' }],
    ['closed, charged, unpaid', order('closed'), money(), { kind: 'due', amountFen: 2650 }],
    [
      'closed, not charged yet: the order amount',
      order('closed'),
      undefined,
      { kind: 'due', amountFen: 2650 },
    ],
    [
      'a shortage: the ledger says less',
      order('arrived'),
      money({ dueFen: 2150 }),
      { kind: 'due', amountFen: 2150 },
    ],
    ['marked paid', order('arrived'), money({ pendingFen: 2650 }), { kind: 'pending', amountFen: 2650 }],
    [
      'paid part, marked the rest',
      order('arrived'),
      money({ dueFen: 650, paidFen: 2000, pendingFen: 650 }),
      { kind: 'pending', amountFen: 650 },
    ],
    ['paid up', order('completed'), money({ dueFen: 0, paidFen: 2650 }), { kind: 'paid', amountFen: 2650 }],
    [
      'paid more than a shortage left',
      order('arrived'),
      money({ dueFen: 0, paidFen: 2650, refundDueFen: 500 }),
      { kind: 'refund', amountFen: 500 },
    ],
    [
      'a cancelled buy paid for',
      order('cancelled'),
      money({ dueFen: 0, paidFen: 2650, refundDueFen: 2650 }),
      { kind: 'refund', amountFen: 2650 },
    ],
    ['a failed buy', order('failed'), undefined, { kind: 'none' }],
    ['a cancelled order', order('closed', 2650, 'cancelled'), undefined, { kind: 'none' }],
  ])('%s', (_name, o, m, expected) => {
    expect(orderMoney(o, m)).toEqual(expected);
  });
});

describe('moneyTotals', () => {
  it('adds each kind apart', () => {
    expect(
      moneyTotals([
        { kind: 'due', amountFen: 100 },
        { kind: 'due', amountFen: 50 },
        { kind: 'pending', amountFen: 30 },
        { kind: 'open', amountFen: 7 },
        { kind: 'refund', amountFen: 5 },
        { kind: 'paid', amountFen: 999 },
        { kind: 'none' },
      ]),
    ).toEqual({ dueFen: 150, pendingFen: 30, openFen: 7, refundFen: 5 });
  });
});

describe('arrivesOn', () => {
  const order = (status: 'active' | 'waitlisted' | 'cancelled', buy: BuyStatus) => ({
    status,
    buy: { status: buy },
  });
  it('says the expected day until the goods arrive, for an order that is to get some', () => {
    for (const buy of ['open', 'closed', 'confirmed'] as const)
      expect(arrivesOn(order('active', buy), '2026-12-09')).toBe('2026-12-09');
    // Still waiting while the list is open: it may yet be filled.
    expect(arrivesOn(order('waitlisted', 'open'), '2026-12-09')).toBe('2026-12-09');
  });
  it('says nothing without a day, for a cancelled or unfilled order, or a buy that arrived, failed or ended', () => {
    expect(arrivesOn(order('active', 'confirmed'), null)).toBeNull();
    expect(arrivesOn(order('cancelled', 'confirmed'), '2026-12-09')).toBeNull();
    expect(arrivesOn(order('waitlisted', 'closed'), '2026-12-09')).toBeNull();
    for (const buy of ['arrived', 'completed', 'failed', 'cancelled'] as const)
      expect(arrivesOn(order('active', buy), '2026-12-09')).toBeNull();
  });
});
