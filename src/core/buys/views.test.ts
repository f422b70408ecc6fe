import { describe, expect, it } from 'vitest';
import { jielongEntryOf } from './views.ts';

describe('jielongEntryOf', () => {
  const items = [
    { id: 'b', name: '大米' },
    { id: 'a', name: '鸡蛋' },
  ];
  const order = {
    seq: 7,
    status: 'waitlisted',
    householdLabel: '3-502',
    lines: [
      { itemId: 'a', qty: 2, waitlistedQty: 2 },
      { itemId: 'b', qty: 1, waitlistedQty: 1 },
    ],
  };

  it("lists an order's lines in the items' order, with their names", () => {
    expect(jielongEntryOf(items)(order)).toEqual({
      seq: 7,
      householdLabel: '3-502',
      status: 'waitlisted',
      items: [
        { name: '大米', qty: 1 },
        { name: '鸡蛋', qty: 2 },
      ],
    });
  });

  it('says how much of an active line waits, and nothing of a line of a waitlisted order (all of it waits)', () => {
    const partly = {
      ...order,
      status: 'active',
      lines: [
        { itemId: 'a', qty: 3, waitlistedQty: 1 },
        { itemId: 'b', qty: 1, waitlistedQty: 0 },
      ],
    };
    expect(jielongEntryOf(items)(partly).items).toEqual([
      { name: '大米', qty: 1 },
      { name: '鸡蛋', qty: 3, waitlistedQty: 1 },
    ]);
  });

  it('answers the same order object with the same entry while the items are the same, and anew after', () => {
    const first = jielongEntryOf(items)(order);
    expect(jielongEntryOf(items.map((i) => ({ ...i })))(order)).toBe(first);
    // Another object of the same order is another entry (a changed order is a new object).
    expect(jielongEntryOf(items)({ ...order })).not.toBe(first);
    const renamed = jielongEntryOf([items[0]!, { id: 'a', name: '土鸡蛋' }])(order);
    expect(renamed.items).toEqual([
      { name: '大米', qty: 1 },
      { name: '土鸡蛋', qty: 2 },
    ]);
    const reordered = jielongEntryOf([items[1]!, items[0]!])(order);
    expect(reordered.items).toEqual([
      { name: '鸡蛋', qty: 2 },
      { name: '大米', qty: 1 },
    ]);
  });
});
