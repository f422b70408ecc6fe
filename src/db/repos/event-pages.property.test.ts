import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BuyCounters, DomainEvent } from '../../core/shared/events.ts';
import { packPage, unpackPage } from './event-pages.ts';

const community = '00000000-0000-4000-8000-00000000000c';
const buy = '00000000-0000-4000-8000-00000000000b';

const counters: fc.Arbitrary<BuyCounters> = fc.record({
  version: fc.nat(100),
  liveOrders: fc.nat(100),
  amountFen: fc.nat(1_000_000),
  items: fc.array(fc.record({ id: fc.uuid(), allocatedQty: fc.nat(9), waitlistedQty: fc.nat(9) }), {
    maxLength: 2,
  }),
});

/** A page's events as pagesOf makes them: one compound, and the page's buy on every event (or on none). */
const page = fc.boolean().chain((onBuy) =>
  fc.array(counters, { minLength: 1, maxLength: 3 }).chain((shared) =>
    fc
      .array(
        fc.record({
          type: fc.constantFrom('order.placed', 'order.updated', 'order.cancelled', 'notification.created'),
          orderId: fc.uuid(),
          // Batches share one counters object; some events carry none.
          counters: fc.option(fc.constantFrom(...shared), { nil: undefined }),
          listEntry: fc.option(fc.record({ seq: fc.nat(), text: fc.string({ unit: 'grapheme' }) }), {
            nil: undefined,
          }),
          at: fc.constant('2026-12-03T08:00:00.000Z'),
        }),
        { maxLength: 12 },
      )
      .map((events) => ({
        buyId: onBuy ? buy : null,
        shared,
        events: events.map(
          ({ type, ...rest }) =>
            ({
              type,
              communityId: community,
              ...(onBuy ? { buyId: buy } : {}),
              ...rest,
            }) as unknown as DomainEvent,
        ),
      })),
  ),
);

/** What JSON keeps of a value (undefined fields dropped). */
const asJson = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

describe('event pages (property)', () => {
  it('read back as written, each distinct counters once, neither compound nor buy in any event', () => {
    fc.assert(
      fc.property(page, ({ buyId, events }) => {
        const packed = packPage(events, community, buyId);
        const text = JSON.stringify(packed);
        expect(unpackPage(JSON.parse(text), community, buyId)).toEqual(asJson(events));
        const used = new Set(events.map((e) => ('counters' in e ? e.counters : undefined)).filter(Boolean));
        expect(packed.c).toHaveLength(used.size);
        expect(text.includes(community)).toBe(false);
        expect(text.includes(buy)).toBe(false);
      }),
    );
  });

  it('reads pages written whole (the events array) as they are', () => {
    fc.assert(
      fc.property(page, ({ buyId, events }) => {
        const whole = asJson(events);
        expect(unpackPage(whole, community, buyId)).toEqual(whole);
      }),
    );
  });
});
