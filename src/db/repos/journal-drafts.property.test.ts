import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuditDraft, AuditJson } from '../../core/audit/model.ts';
import { orderAuditDrafts, orderSnapshot } from '../../core/audit/order-audit.ts';
import { packDrafts, unpackDrafts, type JournaledOrder } from './journal-drafts.ts';

const ids = ['a', 'b', 'c', 'd'].map((c) => `00000000-0000-4000-8000-00000000000${c}`);
const id = fc.constantFrom(...ids);
const at = fc.constantFrom(new Date('2026-12-01T10:00:00.000Z'), new Date('2026-12-01T10:00:00.001Z'));

const order: fc.Arbitrary<JournaledOrder> = fc.record({
  id,
  householdId: id,
  status: fc.constantFrom('active', 'waitlisted', 'cancelled'),
  amountFen: fc.nat(10_000),
  placedBy: fc.option(id),
  lines: fc.array(
    fc.record({ itemId: id, qty: fc.nat(3), allocatedQty: fc.nat(3), waitlistedQty: fc.nat(3) }),
    { maxLength: 2 },
  ),
});

// As stored: through JSON once (-0 comes back 0).
const json: fc.Arbitrary<AuditJson> = fc
  .jsonValue({ maxDepth: 2 })
  .map((v) => JSON.parse(JSON.stringify(v)) as AuditJson);

/** Drafts about these orders, as order batches make them (mostly) and otherwise (any field off). */
function drafts(orders: JournaledOrder[]): fc.Arbitrary<AuditDraft[]> {
  const any = fc.record({
    entity: fc.constantFrom('order' as const, 'buy' as const),
    entityId: id,
    action: fc.constantFrom('placed', 'updated', 'cancelled', 'promoted'),
    actorMemberId: fc.option(id),
    householdId: fc.option(id),
    before: fc.option(json),
    after: fc.option(json),
    at,
  });
  const told = (o: JournaledOrder) =>
    fc
      .record({
        action: fc.constantFrom('placed', 'updated', 'cancelled', 'promoted'),
        actorMemberId: fc.oneof(fc.constant(o.placedBy), fc.option(id)),
        before: fc.option(json),
        // One field of what the order says, off.
        off: fc.option(fc.constantFrom('entity', 'householdId', 'after', 'at'), { freq: 3 }),
        offValue: any,
      })
      .map(({ off, offValue, ...d }): AuditDraft => {
        const draft: AuditDraft = {
          entity: 'order',
          entityId: o.id,
          householdId: o.householdId,
          after: orderSnapshot(o),
          at: new Date('2026-12-01T10:00:00.000Z'),
          ...d,
        };
        return off ? { ...draft, [off]: offValue[off] } : draft;
      });
  return fc.array(fc.option(fc.nat(orders.length), { nil: undefined }), { maxLength: 6 }).chain((picks) =>
    fc.tuple(
      ...picks.map((n, i) => {
        const o = orders[n ?? i];
        return o ? fc.oneof({ arbitrary: told(o), weight: 4 }, { arbitrary: any, weight: 1 }) : any;
      }),
    ),
  );
}

describe('journal drafts (property)', () => {
  it('unpack gives back the drafts packed, whatever they are', () => {
    fc.assert(
      fc.property(
        fc.array(order, { maxLength: 5 }).chain((orders) => fc.tuple(fc.constant(orders), drafts(orders))),
        ([orders, list]) => {
          const packed = JSON.parse(JSON.stringify(packDrafts(list, orders)));
          expect(unpackDrafts(packed, orders)).toEqual(list);
        },
      ),
    );
  });
});

describe('journal drafts', () => {
  const orders: JournaledOrder[] = [
    { id: ids[0]!, householdId: ids[1]!, status: 'active', amountFen: 2500, placedBy: ids[2]!, lines: [] },
    { id: ids[3]!, householdId: ids[2]!, status: 'waitlisted', amountFen: 0, placedBy: ids[1]!, lines: [] },
  ].map((o, n) => ({ ...o, lines: [{ itemId: ids[3]!, qty: 1, allocatedQty: 1 - n, waitlistedQty: n }] }));
  const now = new Date('2026-12-01T10:00:00.000Z');

  it("keeps of a batch's drafts only what its orders do not say", () => {
    const before = new Map([[orders[1]!.id, { ...orders[1]!, status: 'active' }]]);
    // The first placed by its own member; the second promoted (no request: the system acted).
    const list = orderAuditDrafts(orders, before, new Map([[orders[0]!.householdId, ids[2]!]]), now);
    const packed = packDrafts(list, orders);
    expect(packed).toEqual({
      at: now.toISOString(),
      packed: [
        { o: 0, a: 'placed' },
        { o: 1, a: 'promoted', m: null, b: orderSnapshot(before.get(orders[1]!.id)!) },
      ],
    });
    expect(unpackDrafts(packed, orders)).toEqual(list);
  });

  it('keeps whole a draft its order does not tell, and finds a draft out of step with the orders', () => {
    const list = orderAuditDrafts([orders[1]!, orders[0]!], new Map(), new Map(), now);
    const other: AuditDraft = { ...list[0]!, after: { status: 'active' } };
    const packed = packDrafts([...list, other], orders);
    expect(packed.packed.slice(0, 2)).toEqual([
      { o: 1, a: 'placed', m: null },
      { o: 0, a: 'placed', m: null },
    ]);
    expect(packed.packed[2]).toMatchObject({
      entity: 'order',
      entityId: orders[1]!.id,
      at: now.toISOString(),
    });
    expect(unpackDrafts(JSON.parse(JSON.stringify(packed)), orders)).toEqual([...list, other]);
  });

  it('refuses a packed draft whose order is not in the row', () => {
    expect(() => unpackDrafts({ at: now.toISOString(), packed: [{ o: 2, a: 'placed' }] }, orders)).toThrow(
      /order 2 of 2/,
    );
  });
});
