import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../core/shared/events.ts';
import { packPage, unpackPage } from './event-pages.ts';

const communityId = '00000000-0000-4000-8000-00000000000c';
const buyId = '00000000-0000-4000-8000-00000000000b';
const at = '2026-12-03T08:00:00.000Z';

describe('event pages', () => {
  it("keeps a batch's counters once and the row's compound and buy nowhere", () => {
    const counters = { version: 3, liveOrders: 2, amountFen: 5000, items: [] };
    const events: DomainEvent[] = ['a', 'b'].map((orderId) => ({
      type: 'order.placed',
      communityId,
      buyId,
      orderId,
      counters,
      at,
    }));
    expect(packPage(events, communityId, buyId)).toEqual({
      v: 2,
      c: [counters],
      e: [
        { type: 'order.placed', orderId: 'a', counters: 0, at },
        { type: 'order.placed', orderId: 'b', counters: 0, at },
      ],
    });
    const back = unpackPage(
      JSON.parse(JSON.stringify(packPage(events, communityId, buyId))),
      communityId,
      buyId,
    );
    expect(back).toEqual(events);
    // In the order events are written: type, compound, buy first.
    expect(Object.keys(back[0]!)).toEqual(['type', 'communityId', 'buyId', 'orderId', 'counters', 'at']);
  });

  it('gives no buy to the events of a page without one', () => {
    const events = [{ type: 'community.created', communityId, at }] as DomainEvent[];
    const packed = packPage(events, communityId, null);
    expect(packed.e).toEqual([{ type: 'community.created', at }]);
    expect(unpackPage(packed, communityId, null)).toEqual(events);
  });

  it('reads an old page (the events array) as it is, and anything else as no events', () => {
    const old = [{ type: 'buy.published', communityId, buyId, at }];
    expect(unpackPage(old, communityId, buyId)).toBe(old);
    expect(unpackPage({ v: 3, e: [] }, communityId, buyId)).toEqual([]);
    expect(unpackPage(null, communityId, buyId)).toEqual([]);
  });
});
