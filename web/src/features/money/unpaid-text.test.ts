import { describe, expect, it } from 'vitest';
import { unpaidListText } from './unpaid-text.ts';

describe('unpaidListText', () => {
  it('names each household by label with what it owes, between a head and a tail', () => {
    const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;
    expect(
      unpaidListText(
        [
          { householdLabel: '1-101', dueFen: 13400 },
          { householdLabel: '2-503', dueFen: 10200 },
        ],
        yuan,
        { head: '【鸡蛋牛奶保供套餐】还没付款的邻居：', tail: '付款后请在邻里点「我已付款」，谢谢！' },
      ),
    ).toBe(
      '【鸡蛋牛奶保供套餐】还没付款的邻居：\n1-101 ¥134.00\n2-503 ¥102.00\n付款后请在邻里点「我已付款」，谢谢！',
    );
  });
});
