import { describe, expect, it } from 'vitest';
import { orderEventFacts } from './order-event-facts.ts';

describe('orderEventFacts', () => {
  it("is the buy and the order as the batch leaves them, with the household's label and the items' names", () => {
    const buy = {
      id: 'b1',
      communityId: 'c1',
      title: '鸡蛋团购',
      deadline: new Date('2026-05-02T04:00:00.000Z'),
      items: [
        { id: 'i1', name: '鸡蛋' },
        { id: 'i2', name: '牛奶' },
      ],
    };
    const order = {
      id: 'o1',
      householdId: 'h1',
      seq: 7,
      status: 'waitlisted' as const,
      amountFen: 2500,
      lines: [
        { itemId: 'i2', qty: 3, allocatedQty: 1, waitlistedQty: 2 },
        { itemId: 'i1', qty: 1, allocatedQty: 1, waitlistedQty: 0 },
      ],
    };
    expect(orderEventFacts(buy, order, '1-101')).toEqual({
      buy: { id: 'b1', communityId: 'c1', title: '鸡蛋团购', deadline: '2026-05-02T04:00:00.000Z' },
      order: {
        id: 'o1',
        householdId: 'h1',
        householdLabel: '1-101',
        status: 'waitlisted',
        lines: [
          { itemId: 'i2', itemName: '牛奶', qty: 3, waitlistedQty: 2 },
          { itemId: 'i1', itemName: '鸡蛋', qty: 1, waitlistedQty: 0 },
        ],
      },
    });
  });
});
