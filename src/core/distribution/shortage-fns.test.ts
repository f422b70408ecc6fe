import { describe, expect, it } from 'vitest';
import { planArrival, shareOut, type Claim } from './shortage-fns.ts';

const claims = (...qtys: number[]): Claim[] => qtys.map((qty, i) => ({ orderId: `o${i}`, seq: i + 1, qty }));

describe('shareOut', () => {
  it.each([
    ['enough arrived', claims(2, 3), 5, 'seq', [2, 3]],
    ['more than allocated', claims(2, 3), 9, 'pro_rata', [2, 3]],
    ['接龙 order: first joined first', claims(2, 3, 1), 4, 'seq', [2, 2, 0]],
    ['nothing arrived', claims(2, 3), 0, 'pro_rata', [0, 0]],
    ['pro rata exact', claims(2, 4), 3, 'pro_rata', [1, 2]],
    ['pro rata remainders to the largest', claims(3, 3, 3), 7, 'pro_rata', [3, 2, 2]],
    ['pro rata ties go to the earlier seq', claims(1, 1, 1, 1), 2, 'pro_rata', [1, 1, 0, 0]],
    ['negative received counts as none', claims(2), -1, 'seq', [0]],
  ] as const)('%s', (_name, list, received, policy, expected) => {
    expect(shareOut(list, received, policy)).toEqual(expected);
  });

  it('follows seq, not input order', () => {
    const list: Claim[] = [
      { orderId: 'late', seq: 9, qty: 2 },
      { orderId: 'early', seq: 1, qty: 2 },
    ];
    expect(shareOut(list, 3, 'seq')).toEqual([1, 2]);
  });
});

describe('planArrival', () => {
  const items = [
    { itemId: 'egg', name: '鸡蛋', priceFen: 2500 },
    { itemId: 'milk', name: '牛奶', priceFen: 600 },
  ];
  const orders = [
    {
      orderId: 'a',
      seq: 1,
      householdId: 'ha',
      householdLabel: '1-101',
      lines: [{ itemId: 'egg', allocatedQty: 2 }],
    },
    {
      orderId: 'b',
      seq: 2,
      householdId: 'hb',
      householdLabel: '1-102',
      lines: [
        { itemId: 'egg', allocatedQty: 2 },
        { itemId: 'milk', allocatedQty: 1 },
      ],
    },
  ];

  it('cuts the later order first under 接龙 order and prices the refund', () => {
    const plan = planArrival(items, orders, new Map([['egg', 3]]), 'seq');
    expect(plan.items.map((i) => [i.itemId, i.allocatedQty, i.receivedQty, i.shortQty])).toEqual([
      ['egg', 4, 3, 1],
      ['milk', 1, 1, 0],
    ]);
    expect(plan.orders[0]!.refundFen).toBe(0);
    expect(plan.orders[1]!.lines[0]).toEqual({
      itemId: 'egg',
      allocatedQty: 2,
      newQty: 1,
      qtyDelta: -1,
      amountFenDelta: -2500,
    });
    expect(plan.orders[1]!.refundFen).toBe(2500);
    expect(plan.refundFen).toBe(2500);
  });

  it('lists each order’s lines in the buy’s item order', () => {
    const reversed = orders.map((o) => ({ ...o, lines: [...o.lines].reverse() }));
    const plan = planArrival(items, reversed, new Map(), 'seq');
    expect(plan.orders[1]!.lines.map((l) => l.itemId)).toEqual(['egg', 'milk']);
  });

  it('changes nothing when everything arrived', () => {
    const plan = planArrival(items, orders, new Map(), 'pro_rata');
    expect(plan.refundFen).toBe(0);
    expect(plan.orders.flatMap((o) => o.lines).every((l) => l.qtyDelta === 0)).toBe(true);
  });
});
