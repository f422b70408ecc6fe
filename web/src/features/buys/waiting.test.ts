import { describe, expect, it } from 'vitest';
import { testOrder } from './test-orders.ts';
import { BUY_STATUSES, type JielongEntry, type Order } from './types.ts';
import { waitingCanBeFilled, withListPlace } from './waiting.ts';

describe('waitingCanBeFilled', () => {
  it('is true only before the list closes', () => {
    expect(BUY_STATUSES.filter(waitingCanBeFilled)).toEqual(['draft', 'open']);
  });
});

describe('withListPlace', () => {
  const items = [{ id: 'egg', name: '鸡蛋' }];
  /** 3-502's order 7, waiting for 2 eggs, with the place the server gave it. */
  const waiting = (ahead: number | undefined): Order => ({
    ...testOrder(7, [['egg', 2]], 'waitlisted'),
    lines: [{ itemId: 'egg', qty: 2, allocatedQty: 0, waitlistedQty: 2, waitingAhead: ahead }],
  });
  const line = (seq: number, label: string, status: JielongEntry['status'], qty: number): JielongEntry => ({
    seq,
    householdLabel: label,
    status,
    items: [{ name: '鸡蛋', qty }],
  });
  const list = [
    line(3, '1-101', 'waitlisted', 1),
    line(5, '1-102', 'waitlisted', 3),
    line(7, '3-502', 'waitlisted', 2),
  ];

  it('counts the place from the list the page shows once it holds my line', () => {
    expect(withListPlace(waiting(9), list, items).lines[0]!.waitingAhead).toBe(4);
    // A cancellation ahead, as its event patches the list: the place follows with no fetch.
    expect(withListPlace(waiting(4), list.slice(1), items).lines[0]!.waitingAhead).toBe(3);
  });

  it("keeps the server's place until the list holds my line, and the same object when nothing differs", () => {
    const order = waiting(4);
    expect(withListPlace(order, list.slice(0, 2), items)).toBe(order);
    expect(withListPlace(order, list, items)).toBe(order);
  });

  it('shows no place where the server gave none (a closed buy)', () => {
    const order = waiting(undefined);
    expect(withListPlace(order, list, items)).toBe(order);
  });
});
