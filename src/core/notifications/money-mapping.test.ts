import { describe, expect, it } from 'vitest';
import { notificationsFor } from './mapping.ts';

const stamp = { communityId: 'c', buyId: 'b', at: '2026-05-01T00:00:00.000Z' };
const buy = { id: 'b', communityId: 'c', title: '鸡蛋团购', deadline: '2026-05-02T04:00:00.000Z' };

describe('notificationsFor: money events reach the household concerned only', () => {
  it.each([
    [{ type: 'payment.confirmed' as const, paymentId: 'p', amountFen: 2650 }, 'payment_confirmed', null],
    [
      { type: 'payment.disputed' as const, paymentId: 'p', amountFen: 2650, reason: '没收到' },
      'payment_disputed',
      '没收到',
    ],
  ])('%o → %s', (event, type, reason) => {
    expect(notificationsFor({ ...stamp, householdId: 'h', ...event }, { buy })).toEqual([
      {
        kind: 'row',
        row: {
          communityId: 'c',
          householdId: 'h',
          buyId: 'b',
          type,
          data: { buyTitle: '鸡蛋团购', amountFen: 2650, reason },
        },
      },
    ]);
  });

  it('refund.due and refund.sent', () => {
    for (const [event, type] of [
      ['refund.due', 'refund_due'],
      ['refund.sent', 'refund_sent'],
    ] as const)
      expect(notificationsFor({ ...stamp, type: event, householdId: 'h', amountFen: 100 }, { buy })).toEqual([
        {
          kind: 'row',
          row: {
            communityId: 'c',
            householdId: 'h',
            buyId: 'b',
            type,
            data: { buyTitle: '鸡蛋团购', amountFen: 100 },
          },
        },
      ]);
    expect(notificationsFor({ ...stamp, type: 'money.updated' }, { buy })).toEqual([]);
  });
});
