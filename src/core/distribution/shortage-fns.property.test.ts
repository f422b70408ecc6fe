import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planArrival, shareOut, SHORTAGE_POLICIES, type Claim } from './shortage-fns.ts';

const claimsArb = fc.array(fc.integer({ min: 1, max: 50 }), { maxLength: 30 }).chain((qtys) =>
  fc
    .shuffledSubarray(
      qtys.map((_, i) => i + 1),
      { minLength: qtys.length, maxLength: qtys.length },
    )
    .map((seqs) => qtys.map((qty, i): Claim => ({ orderId: `o${i}`, seq: seqs[i]!, qty }))),
);
const policyArb = fc.constantFrom(...SHORTAGE_POLICIES);

describe('shareOut (properties)', () => {
  it('never more than arrived or allocated, never negative, and nothing left unshared', () => {
    fc.assert(
      fc.property(claimsArb, fc.integer({ min: -5, max: 2000 }), policyArb, (claims, received, policy) => {
        const shares = shareOut(claims, received, policy);
        const total = claims.reduce((n, c) => n + c.qty, 0);
        const given = shares.reduce((n, s) => n + s, 0);
        expect(shares.every((s, i) => s >= 0 && s <= claims[i]!.qty && Number.isInteger(s))).toBe(true);
        expect(given).toBe(Math.max(0, Math.min(received, total)));
      }),
    );
  });

  it('接龙 order: nobody is cut while a later seq keeps anything', () => {
    fc.assert(
      fc.property(claimsArb, fc.integer({ min: 0, max: 2000 }), (claims, received) => {
        const shares = shareOut(claims, received, 'seq');
        for (let i = 0; i < claims.length; i++)
          for (let j = 0; j < claims.length; j++)
            if (claims[i]!.seq < claims[j]!.seq && shares[j]! > 0) expect(shares[i]).toBe(claims[i]!.qty);
      }),
    );
  });

  it('pro rata: each share is the exact quota rounded down or up', () => {
    fc.assert(
      fc.property(claimsArb, fc.integer({ min: 0, max: 2000 }), (claims, received) => {
        const total = claims.reduce((n, c) => n + c.qty, 0);
        const available = Math.min(received, total);
        const shares = shareOut(claims, received, 'pro_rata');
        claims.forEach((c, i) => {
          if (total === 0) return;
          const exact = (c.qty * available) / total;
          expect(shares[i]).toBeGreaterThanOrEqual(Math.floor(exact));
          expect(shares[i]).toBeLessThanOrEqual(Math.ceil(exact));
        });
      }),
    );
  });

  it('is deterministic whatever the input order', () => {
    fc.assert(
      fc.property(claimsArb, fc.integer({ min: 0, max: 500 }), policyArb, (claims, received, policy) => {
        const a = shareOut(claims, received, policy);
        const reversed = [...claims].reverse();
        const b = shareOut(reversed, received, policy).reverse();
        expect(b).toEqual(a);
      }),
    );
  });
});

describe('planArrival (properties)', () => {
  it('refunds add up to the quantities cut × price, and per item the shares match what arrived', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 3, maxLength: 3 }), { maxLength: 20 }),
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 3, maxLength: 3 }),
        policyArb,
        (perOrder, received, policy) => {
          const items = ['a', 'b', 'c'].map((id, n) => ({
            itemId: id,
            name: id,
            priceFen: 100 * (n + 1) + 7,
          }));
          const orders = perOrder.map((qtys, i) => ({
            orderId: `o${i}`,
            seq: i + 1,
            householdId: `h${i}`,
            householdLabel: `1-${i}`,
            lines: qtys.map((q, n) => ({ itemId: items[n]!.itemId, allocatedQty: q })),
          }));
          const plan = planArrival(
            items,
            orders,
            new Map(items.map((it, n) => [it.itemId, received[n]!])),
            policy,
          );
          let refund = 0;
          for (const o of plan.orders) {
            const own = o.lines.reduce((n, l) => n - l.amountFenDelta, 0);
            expect(o.refundFen).toBe(own);
            refund += own;
            for (const l of o.lines) {
              expect(l.newQty).toBeGreaterThanOrEqual(0);
              expect(l.newQty).toBeLessThanOrEqual(l.allocatedQty);
              expect(l.amountFenDelta).toBe(l.qtyDelta * items.find((i) => i.itemId === l.itemId)!.priceFen);
            }
          }
          expect(plan.refundFen).toBe(refund);
          plan.items.forEach((it) => {
            const shared = plan.orders.flatMap((o) => o.lines).filter((l) => l.itemId === it.itemId);
            const got = shared.reduce((n, l) => n + l.newQty, 0);
            expect(got).toBe(Math.min(it.receivedQty, it.allocatedQty));
            expect(it.shortQty).toBe(it.allocatedQty - got);
          });
        },
      ),
    );
  });
});
