import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../core/shared/events.ts';
import type { StoredEvent } from '../db/repos/event-store.ts';
import { buyFrames } from './buy-frames.ts';

const B = 'b';
const C = 'c';
const at = '2026-12-01T00:00:00.000Z';
const entry = (seq: number) => ({
  seq,
  householdLabel: `1-${100 + seq}`,
  status: 'active' as const,
  items: [{ name: '鸡蛋', qty: 1 }],
});
const counters = (version: number) => ({ version, liveOrders: version, amountFen: 0, items: [] });
const placed = (id: number, seq: number, version = 1): StoredEvent => ({
  id,
  communityId: C,
  buyId: B,
  event: {
    type: 'order.placed',
    communityId: C,
    buyId: B,
    orderId: `o${seq}`,
    listEntry: entry(seq),
    counters: counters(version),
    at,
  },
});
const other = (id: number, event: DomainEvent): StoredEvent => ({ id, communityId: C, buyId: B, event });
const data = (frame: string) => {
  const [idLine, dataLine] = frame.split('\n');
  return { id: idLine, data: JSON.parse(dataLine!.slice(6)) as Record<string, unknown> };
};

describe('buyFrames', () => {
  it('sends a single order event as itself', () => {
    const frames = buyFrames([placed(5, 1)]);
    expect(frames).toHaveLength(1);
    expect(data(frames[0]!)).toMatchObject({ id: 'id: 5', data: { type: 'order.placed', eventId: 5 } });
  });

  it('sends a run of order events of one batch as one frame: the lines in order, the newest counters, the last id', () => {
    const frames = buyFrames([placed(5, 1, 7), placed(6, 2, 7), placed(7, 3, 7)]);
    expect(frames).toHaveLength(1);
    expect(data(frames[0]!)).toEqual({
      id: 'id: 7',
      data: {
        type: 'orders.changed',
        buyId: B,
        entries: [entry(1), entry(2), entry(3)],
        counters: counters(7),
        eventId: 7,
      },
    });
  });

  it("takes a promotion that carries its household's line into the run, as a batch's promotions do", () => {
    const promoted: StoredEvent = other(3, {
      type: 'order.promoted',
      communityId: C,
      buyId: B,
      orderId: 'o1',
      itemId: 'i',
      qty: 1,
      listEntry: entry(1),
      counters: counters(7),
      at,
    });
    const cancelled = other(2, {
      type: 'order.cancelled',
      communityId: C,
      buyId: B,
      orderId: 'o2',
      listEntry: { ...entry(2), status: 'cancelled' },
      counters: counters(7),
      at,
    });
    const frames = buyFrames([cancelled, promoted]);
    expect(frames).toHaveLength(1);
    expect(data(frames[0]!).data).toMatchObject({
      type: 'orders.changed',
      entries: [{ ...entry(2), status: 'cancelled' }, entry(1)],
    });
  });

  it('keeps other events (a promotion without its line: a restock) as they are, in order, between the runs', () => {
    const promoted: DomainEvent = {
      type: 'order.promoted',
      communityId: C,
      buyId: B,
      orderId: 'o9',
      itemId: 'i',
      qty: 1,
      at,
    };
    const frames = buyFrames([
      placed(1, 1),
      placed(2, 2),
      other(3, promoted),
      placed(4, 3),
      other(5, { type: 'buy.updated', communityId: C, buyId: B, at }),
    ]);
    expect(frames.map((f) => data(f).data.type)).toEqual([
      'orders.changed',
      'order.promoted',
      'order.placed',
      'buy.updated',
    ]);
    expect(frames.map((f) => data(f).id)).toEqual(['id: 2', 'id: 3', 'id: 4', 'id: 5']);
  });

  it('sends live runs one frame per stored row (commit), so a replayed page can drop exactly what it was replayed', () => {
    // Rows 7 and 8 (ids row × 1,000 + place): two order batches sent together.
    const two = [placed(7000, 1, 2), placed(7001, 2, 2), placed(8000, 3, 3), placed(8001, 4, 3)];
    expect(buyFrames(two).map((f) => data(f).id)).toEqual(['id: 8001']);
    const live = buyFrames(two, true).map(data);
    expect(live.map((f) => f.id)).toEqual(['id: 7001', 'id: 8001']);
    expect(live.map((f) => (f.data.entries as { seq: number }[]).map((e) => e.seq))).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });
});
