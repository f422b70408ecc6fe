import { describe, expect, it } from 'vitest';
import { parseJielong } from './parse-jielong.ts';
import type { ImportRecord } from './ports.ts';
import { reviewList, sameLines, type ReviewContext } from './review-fns.ts';

const households = new Map(
  ['1-101', '1-102', '1-201', '1-202', '2-101'].map((label) => [
    label,
    { id: `h${label}`, label, verified: label !== '2-101' },
  ]),
);
const ctx = (over: Partial<ReviewContext> = {}): ReviewContext => ({
  items: [
    { id: 'egg', name: '鸡蛋', perHouseholdMax: 3 },
    { id: 'milk', name: '牛奶', perHouseholdMax: null },
  ],
  households,
  orders: new Map(),
  imports: new Map(),
  ...over,
});
const review = (lines: string[], c = ctx()) =>
  reviewList(parseJielong(['#接龙', '团', ...lines].join('\n')), c).map((l) => [
    l.line - 2,
    l.status,
    l.reasons,
  ]);

describe('reviewList', () => {
  it.each([
    ['1. 1-101 鸡蛋2', 'understood', []],
    ['1. 9-999 鸡蛋2', 'unsure', ['unknown_household']],
    ['1. 2-101 鸡蛋2', 'unsure', ['household_not_verified']],
    ['1. 1-101 苹果2', 'unsure', ['unknown_item']],
    ['1. 1-101 2', 'unsure', ['no_item_named']],
    ['1. 1-101 鸡蛋4', 'unsure', ['qty_over_max']],
    ['1. 1-101 取消', 'done', []],
    ['1. 鸡蛋2', 'unreadable', ['no_room_number']],
  ])('%s → %s %j', (line, status, reasons) => {
    expect(review([line])).toEqual([[1, status, reasons]]);
  });

  it("shows chatter after the first entry as unreadable (before it, it is the leader's description)", () => {
    expect(review(['截止今晚', '1. 1-101 鸡蛋1', '谢谢团长！'])).toEqual([
      [2, 'understood', []],
      [3, 'unreadable', ['not_an_order']],
    ]);
  });

  it('flags a second line for the same household, but a later cancellation settles the earlier line', () => {
    expect(review(['1. 1-101 鸡蛋1', '2. 1-101 牛奶1'])).toEqual([
      [1, 'understood', []],
      [2, 'unsure', ['duplicate_in_list']],
    ]);
    expect(review(['1. 1-101 鸡蛋1', '2. 1-101 取消'])).toEqual([
      [1, 'done', ['cancelled_later_in_list']],
      [2, 'done', []],
    ]);
  });

  it('compares with what is ordered and what was imported before', () => {
    const imported: ImportRecord = {
      householdId: 'h1-101',
      action: 'add',
      lines: [{ itemId: 'egg', qty: 2 }],
      sourceLine: 1,
      sourceText: '',
    };
    const c = ctx({
      orders: new Map([
        ['h1-101', [{ itemId: 'egg', qty: 2 }]],
        ['h1-102', [{ itemId: 'milk', qty: 1 }]],
      ]),
      imports: new Map([['h1-101', imported]]),
    });
    expect(review(['1. 1-101 鸡蛋2', '2. 1-102 牛奶1', '3. 1-201 鸡蛋1'], c)).toEqual([
      [1, 'done', []],
      [2, 'done', []],
      [3, 'understood', []],
    ]);
    expect(review(['1. 1-101 鸡蛋3', '2. 1-102 牛奶2', '3. 1-102 取消'], c)).toEqual([
      [1, 'unsure', ['changed_qty']],
      [2, 'done', ['cancelled_later_in_list']],
      [3, 'unsure', ['cancel_needs_confirm']],
    ]);
    expect(review(['1. 1-102 鸡蛋1'], c)).toEqual([[1, 'unsure', ['already_ordered']]]);
  });

  it('sees a line imported before with the same text as done, even one the leader had to fix', () => {
    const fixed: ImportRecord = {
      householdId: 'h1-201',
      action: 'add',
      lines: [{ itemId: 'egg', qty: 2 }],
      sourceLine: 1,
      sourceText: '1. 1-201 2',
    };
    const c = ctx({ orders: new Map([['h1-201', fixed.lines]]), imports: new Map([['h1-201', fixed]]) });
    expect(review(['1. 1-201 2'], c)).toEqual([[1, 'done', []]]);
    expect(review(['1. 1-201 3'], c)).toEqual([[1, 'unsure', ['no_item_named']]]);
  });

  it('compares order lines regardless of their order', () => {
    expect(
      sameLines(
        [
          { itemId: 'a', qty: 1 },
          { itemId: 'b', qty: 2 },
        ],
        [
          { itemId: 'b', qty: 2 },
          { itemId: 'a', qty: 1 },
          { itemId: 'c', qty: 0 },
        ],
      ),
    ).toBe(true);
    expect(sameLines([{ itemId: 'a', qty: 1 }], [{ itemId: 'a', qty: 2 }])).toBe(false);
  });
});
