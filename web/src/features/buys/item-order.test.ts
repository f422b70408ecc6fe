import { describe, expect, it } from 'vitest';
import { inItemOrder } from './item-order.ts';

describe('inItemOrder', () => {
  it("puts an order's lines in the buy's item order, an unknown item last, and leaves the order as it was", () => {
    const items = [{ id: 'rice' }, { id: 'eggs' }, { id: 'milk' }];
    const lines = [{ itemId: 'gone' }, { itemId: 'milk' }, { itemId: 'rice' }];
    expect(inItemOrder(items, lines).map((l) => l.itemId)).toEqual(['rice', 'milk', 'gone']);
    expect(lines.map((l) => l.itemId)).toEqual(['gone', 'milk', 'rice']);
  });
});
