import { describe, expect, it } from 'vitest';
import { MyWrites } from './my-writes.ts';
import { testLine, testOrder } from './test-orders.ts';
import type { ListEntryChange, Order } from './types.ts';

const items = [{ id: 'egg', name: '鸡蛋' }];
const order = (seq: number, qty: number, status: Order['status'] = 'active') =>
  testOrder(seq, [['egg', qty]], status);
const line = (seq: number, qty: number, status: ListEntryChange['status'] = 'active') =>
  testLine(seq, [['鸡蛋', qty]], status);

describe('MyWrites', () => {
  it('fetches nothing for my join whose echo arrives before its answer', () => {
    const w = new MyWrites();
    w.begin();
    expect(w.onLine(line(7, 2), null, items)).toBe(false);
    expect(w.end(order(7, 2), items)).toBe(false);
  });

  it('fetches nothing for my cancellation whose echo arrives before its answer', () => {
    const w = new MyWrites();
    w.begin();
    expect(w.onLine(line(7, 2, 'cancelled'), order(7, 2), items)).toBe(false);
    expect(w.end(null, items)).toBe(false);
  });

  it('fetches a line held during a write that the answer does not explain', () => {
    const w = new MyWrites();
    w.begin();
    // A family member's phone changed the order to 3 while mine was saving 2.
    expect(w.onLine(line(7, 3), order(7, 1), items)).toBe(false);
    expect(w.end(order(7, 2), items)).toBe(true);
  });

  it('fetches a held line after a write that failed: its outcome is unknown', () => {
    const w = new MyWrites();
    w.begin();
    expect(w.onLine(line(7, 2), null, items)).toBe(false);
    expect(w.end(undefined, items)).toBe(true);
  });

  it('waits for the last of several writes and compares with its answer', () => {
    const w = new MyWrites();
    w.begin();
    w.begin();
    expect(w.onLine(line(7, 2), null, items)).toBe(false);
    expect(w.end(order(7, 1), items)).toBe(false);
    expect(w.end(order(7, 2), items)).toBe(false);
  });

  it('holds nothing when no write is in flight: a change made elsewhere is fetched at once, an echo is not', () => {
    const w = new MyWrites();
    expect(w.onLine(line(7, 3), order(7, 2), items)).toBe(true);
    expect(w.onLine(line(7, 2), order(7, 2), items)).toBe(false);
    w.begin();
    expect(w.end(order(7, 2), items)).toBe(false);
  });

  it('forgets a held line once a write has decided on it', () => {
    const w = new MyWrites();
    w.begin();
    w.onLine(line(7, 3), null, items);
    expect(w.end(undefined, items)).toBe(true);
    w.begin();
    expect(w.end(order(7, 2), items)).toBe(false);
  });
});
