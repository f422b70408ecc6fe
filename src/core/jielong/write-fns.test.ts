import { describe, expect, it } from 'vitest';
import {
  chinaTime,
  itemQty,
  spokenLabel,
  writeJielong,
  writeSummary,
  yuan,
  type WriteBuy,
} from './write-fns.ts';

const buy: WriteBuy = {
  title: '鸡蛋团购',
  deadline: new Date('2026-12-01T12:00:00Z'),
  items: [
    { id: 'e', name: '鸡蛋', spec: '30枚/盒', unit: '盒', priceFen: 2500 },
    { id: 'm', name: '牛奶', spec: null, unit: '枚', priceFen: 6050 },
  ],
};

describe('writing', () => {
  it('formats prices, times, quantities and labels as leaders write them', () => {
    expect(yuan(2500)).toBe('25元');
    expect(yuan(6050)).toBe('60.5元');
    expect(yuan(5)).toBe('0.05元');
    expect(chinaTime(new Date('2026-12-01T12:00:00Z'))).toBe('12月1日 20:00');
    expect(itemQty({ name: '鸡蛋', unit: '盒' }, 2)).toBe('鸡蛋2盒');
    expect(itemQty({ name: '牛奶', unit: '枚' }, 2)).toBe('牛奶×2');
    expect(itemQty({ name: '牛奶', unit: null }, 2)).toBe('牛奶×2');
    expect(spokenLabel('4-202').text).toBe('4号楼202室');
    expect(spokenLabel('A-1203').text).toBe('A栋1203室');
  });

  const orders = [
    { seq: 5, householdLabel: '4-202', status: 'active' as const, lines: [{ itemId: 'e', qty: 2 }] },
    {
      seq: 2,
      householdLabel: '3-304',
      status: 'waitlisted' as const,
      lines: [
        { itemId: 'm', qty: 1 },
        { itemId: 'e', qty: 3 },
      ],
    },
    { seq: 3, householdLabel: '3-101', status: 'cancelled' as const, lines: [{ itemId: 'e', qty: 9 }] },
  ];

  it('writes the 接龙: header, title with prices and deadline, example, entries renumbered in list order', () => {
    expect(writeJielong(buy, orders)).toBe(
      [
        '#接龙',
        '鸡蛋团购 鸡蛋(30枚/盒) 25元/盒 牛奶 60.5元/枚 截止12月1日 20:00',
        '',
        '例 3-502 鸡蛋1盒',
        '',
        '1. 3-304 鸡蛋3盒 牛奶×1',
        '2. 4-202 鸡蛋2盒',
      ].join('\n'),
    );
  });

  it('writes the summary per item and per building', () => {
    expect(writeSummary(buy, orders)).toBe(
      [
        '鸡蛋团购 汇总（共2户）',
        '鸡蛋 共5盒：3号楼304室3盒、4号楼202室2盒',
        '牛奶 共1枚：3号楼304室1枚',
        '',
        '按楼栋：',
        '3号楼 共1户：304室 鸡蛋3盒 牛奶×1',
        '4号楼 共1户：202室 鸡蛋2盒',
      ].join('\n'),
    );
  });

  it('writes an empty list', () => {
    expect(writeJielong({ ...buy, items: [] }, [])).toContain('#接龙');
    expect(writeSummary(buy, [])).toBe('鸡蛋团购 汇总（共0户）\n鸡蛋 共0盒\n牛奶 共0枚');
  });
});
