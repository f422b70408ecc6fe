/** fast-check arbitraries for the leader's reports: a buy's items, buildings and live orders. */
import fc from 'fast-check';
import type { ReportData } from '../summary-fns.ts';

const ITEMS = ['i0', 'i1', 'i2', 'i3'];
const BUILDINGS = ['b0', 'b1', 'b2', 'b3', 'b4'];

const lineArb = fc
  .record({ item: fc.integer({ min: 0, max: ITEMS.length - 1 }), qty: fc.integer({ min: 1, max: 9999 }) })
  .chain(({ item, qty }) =>
    fc.integer({ min: 0, max: qty }).map((allocatedQty) => ({
      itemId: ITEMS[item]!,
      qty,
      allocatedQty,
      waitlistedQty: qty - allocatedQty,
    })),
  );

/** Up to 60 live orders over 4 items and 5 buildings, lines with any split of allocated and waitlisted. */
export const reportDataArb: fc.Arbitrary<ReportData> = fc
  .record({
    prices: fc.array(fc.integer({ min: 0, max: 100_000_000 }), {
      minLength: ITEMS.length,
      maxLength: ITEMS.length,
    }),
    leaderFeeFen: fc.integer({ min: 0, max: 10_000 }),
    orders: fc.array(
      fc.record({
        building: fc.integer({ min: 0, max: BUILDINGS.length - 1 }),
        room: fc.integer({ min: 101, max: 3020 }),
        lines: fc.uniqueArray(lineArb, { maxLength: 4, selector: (l) => l.itemId }),
      }),
      { maxLength: 60 },
    ),
  })
  .map(({ prices, leaderFeeFen, orders }) => ({
    buy: {
      id: 'buy',
      communityId: 'c',
      communityName: 'c',
      communityAddress: null,
      title: 't',
      status: 'closed' as const,
      supplierName: null,
      supplierContact: null,
      deliveryDate: null,
      pickupMode: 'building' as const,
      leaderFeeFen,
      createdBy: 'l',
    },
    items: ITEMS.map((id, n) => ({ id, name: id, spec: null, unit: null, priceFen: prices[n]! })),
    buildings: BUILDINGS.map((id, n) => ({ id, name: String(n + 1), sortKey: n })),
    orders: orders.map((o, n) => ({
      orderId: `o${n}`,
      seq: n + 1,
      householdId: `h${n}`,
      householdLabel: `${o.building + 1}-${o.room}`,
      buildingId: BUILDINGS[o.building]!,
      status: o.lines.some((l) => l.allocatedQty > 0) ? ('active' as const) : ('waitlisted' as const),
      placedByVolunteer: false,
      isProxy: false,
      proxyContact: null,
      lines: o.lines,
    })),
  }));
