import { describe, expect, it } from 'vitest';
import { placeInList, waitingOnLine, type PlacedLine } from './list-place.ts';

const line = (
  seq: number,
  status: PlacedLine['status'],
  items: PlacedLine['items'],
  householdLabel = `1-${100 + seq}`,
): PlacedLine => ({ seq, householdLabel, status, items });

describe('waitingOnLine', () => {
  it('is all of a waitlisted line, the marked part of an active one, and nothing of a cancelled one', () => {
    expect(waitingOnLine(line(1, 'waitlisted', [{ name: '鸡蛋', qty: 3 }]), '鸡蛋')).toBe(3);
    expect(waitingOnLine(line(1, 'active', [{ name: '鸡蛋', qty: 3, waitlistedQty: 1 }]), '鸡蛋')).toBe(1);
    expect(waitingOnLine(line(1, 'active', [{ name: '鸡蛋', qty: 3 }]), '鸡蛋')).toBe(0);
    expect(waitingOnLine(line(1, 'cancelled', [{ name: '鸡蛋', qty: 3 }]), '鸡蛋')).toBe(0);
    expect(waitingOnLine(line(1, 'waitlisted', [{ name: '牛奶', qty: 3 }]), '鸡蛋')).toBe(0);
  });
});

describe('placeInList', () => {
  const items = [
    { id: 'egg', name: '鸡蛋' },
    { id: 'milk', name: '牛奶' },
  ];
  const mine = {
    seq: 5,
    householdLabel: '3-502',
    lines: [
      { itemId: 'egg', waitlistedQty: 2 },
      { itemId: 'milk', waitlistedQty: 0 },
    ],
  };
  const list = [
    line(1, 'active', [{ name: '鸡蛋', qty: 3 }]),
    line(2, 'active', [
      { name: '鸡蛋', qty: 3, waitlistedQty: 2 },
      { name: '牛奶', qty: 1 },
    ]),
    line(4, 'waitlisted', [{ name: '鸡蛋', qty: 1 }]),
    line(5, 'waitlisted', [{ name: '鸡蛋', qty: 2 }], '3-502'),
    line(6, 'waitlisted', [{ name: '鸡蛋', qty: 3 }]),
  ];

  it('adds up what waits on the lines ahead, for my waiting lines only', () => {
    expect(placeInList(list, mine, items)).toEqual(new Map([['egg', 3]]));
    expect(placeInList(list.slice(3), mine, items)).toEqual(new Map([['egg', 0]]));
  });

  it('cannot tell before the list holds my line at my seq', () => {
    expect(placeInList(list.slice(0, 3), mine, items)).toBeNull();
    expect(
      placeInList(
        list.filter((e) => e.seq !== 5),
        mine,
        items,
      ),
    ).toBeNull();
    expect(
      placeInList([...list.slice(0, 3), { ...list[3]!, householdLabel: '3-501' }], mine, items),
    ).toBeNull();
  });

  it('cannot tell when another item of the buy has the name of a waiting one', () => {
    expect(placeInList(list, mine, [...items, { id: 'egg2', name: '鸡蛋' }])).toBeNull();
    expect(placeInList(list, mine, [items[1]!])).toBeNull();
  });
});
