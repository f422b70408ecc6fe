import { describe, expect, it } from 'vitest';
import { orderSnapshot } from './order-snapshot.ts';

describe('orderSnapshot', () => {
  it("is the order as the batch leaves it, with its household's label and its items' names", () => {
    const items = [
      { id: 'i1', name: '鸡蛋' },
      { id: 'i2', name: '牛奶' },
    ];
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
    expect(orderSnapshot(items, order, '1-101')).toEqual({
      id: 'o1',
      householdId: 'h1',
      householdLabel: '1-101',
      status: 'waitlisted',
      lines: [
        { itemId: 'i2', itemName: '牛奶', qty: 3, waitlistedQty: 2 },
        { itemId: 'i1', itemName: '鸡蛋', qty: 1, waitlistedQty: 0 },
      ],
    });
  });
});
