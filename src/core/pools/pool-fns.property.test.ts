import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUY_STATUSES } from '../buys/buy.ts';
import { poolLines, poolMet, poolTotals, type GateFacts, type PoolFacts } from './pool-fns.ts';

const names = ['鸡蛋', '牛奶', '大米'];
const gateArb: fc.Arbitrary<GateFacts> = fc.record({
  buyId: fc.uuid(),
  communityId: fc.uuid(),
  communityName: fc.constantFrom('甲', '乙', '丙'),
  gate: fc.constantFrom('南门', '北门'),
  contact: fc.constant('c'),
  status: fc.constantFrom(...BUY_STATUSES),
  joinedAt: fc.constant(new Date(0)),
  metTold: fc.boolean(),
  items: fc.array(
    fc.record({
      name: fc.constantFrom(...names),
      spec: fc.constantFrom(null, '30枚'),
      unit: fc.constantFrom(null, '盒'),
      priceFen: fc.integer({ min: 1, max: 100_000 }),
      allocatedQty: fc.integer({ min: 0, max: 500 }),
    }),
    { maxLength: 4 },
  ),
});
const factsArb = (min: fc.Arbitrary<number | null>) =>
  fc
    .record({
      gates: fc.array(gateArb, { minLength: 1, maxLength: 6 }),
      minTotalQty: min,
      minAmountFen: min.map((n) => (n === null ? null : n * 100)),
    })
    .map(({ gates, minTotalQty, minAmountFen }): PoolFacts => ({
      pool: {
        id: 'p',
        hostBuyId: gates[0]!.buyId,
        code: 'K7M2Q9XA',
        minTotalQty,
        minAmountFen,
        deadline: new Date(0),
        closedAt: null,
        outcome: null,
      },
      gates,
    }));

describe('a pool’s numbers (fast-check)', () => {
  it('the goods by gate add up to the totals, quantity and money, with nothing of buys that do not count', () => {
    fc.assert(
      fc.property(factsArb(fc.constant(1)), (f) => {
        const lines = poolLines(f);
        const totals = poolTotals(f);
        expect(lines.reduce((n, l) => n + l.qty, 0)).toBe(totals.qty);
        expect(lines.reduce((n, l) => n + l.amountFen, 0)).toBe(totals.amountFen);
        for (const l of lines) expect(l.byGate.reduce((a, b) => a + b, 0)).toBe(l.qty);
        f.gates.forEach((g, n) => {
          if (g.status === 'draft' || g.status === 'failed' || g.status === 'cancelled')
            for (const l of lines) expect(l.byGate[n]).toBe(0);
        });
      }),
    );
  });

  it('is met exactly when the totals reach the minimum, and stays met when a compound adds to it', () => {
    fc.assert(
      fc.property(
        factsArb(fc.option(fc.integer({ min: 1, max: 3000 }))),
        fc.integer({ min: 0, max: 50 }),
        (f, more) => {
          const t = poolTotals(f);
          const { minTotalQty: q, minAmountFen: a } = f.pool;
          expect(poolMet(f)).toBe((q === null || t.qty >= q) && (a === null || t.amountFen >= a));
          const grown: PoolFacts = {
            ...f,
            gates: [
              ...f.gates,
              {
                ...f.gates[0]!,
                buyId: 'more',
                status: 'open',
                items: [{ name: '鸡蛋', spec: null, unit: null, priceFen: 100, allocatedQty: more }],
              },
            ],
          };
          if (poolMet(f)) expect(poolMet(grown)).toBe(true);
        },
      ),
    );
  });
});
