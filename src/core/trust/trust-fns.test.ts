import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buysBySupplier,
  buysRecord,
  goodsKey,
  median,
  priceCheck,
  PRICE_SAMPLES_MAX,
  supplierKey,
} from './trust-fns.ts';

const day = (d: number) => new Date(Date.UTC(2026, 10, d));

describe('priceCheck', () => {
  it('compares a price with the median of the earlier ones and flags 130 % or more', () => {
    const earlier = [
      { priceFen: 3000, at: day(1) },
      { priceFen: 3200, at: day(8) },
      { priceFen: 3400, at: day(15) },
    ];
    expect(priceCheck(4500, earlier)).toEqual({
      samples: 3,
      medianFen: 3200,
      minFen: 3000,
      maxFen: 3400,
      lastFen: 3400,
      lastAt: day(15),
      pct: 141,
      flag: 'high',
    });
    expect(priceCheck(4150, earlier)).toMatchObject({ pct: 130, flag: 'high' });
    expect(priceCheck(4100, earlier)).toMatchObject({ pct: 128, flag: null });
    expect(priceCheck(2500, earlier)).toMatchObject({ pct: 78, flag: null });
    expect(priceCheck(2500, [])).toBeNull();
  });

  it('keeps the newest PRICE_SAMPLES_MAX prices only', () => {
    const old = Array.from({ length: 30 }, (_, i) => ({ priceFen: i < 10 ? 100 : 9000, at: day(i + 1) }));
    const check = priceCheck(9000, old)!;
    expect(check.samples).toBe(PRICE_SAMPLES_MAX);
    expect(check.minFen).toBe(9000);
  });

  it('takes the lower middle of an even count: a price someone paid', () => {
    expect(median([4, 1, 3, 2])).toBe(2);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1 }), (xs) => {
        const m = median(xs);
        expect(xs).toContain(m);
        expect(xs.filter((x) => x <= m).length).toBeGreaterThanOrEqual(Math.ceil(xs.length / 2));
      }),
    );
  });
});

describe('keys', () => {
  it('match the same goods and supplier whatever the spaces, case or full-width forms', () => {
    expect(goodsKey({ name: '土鸡蛋', spec: '30 枚', unit: '盒' })).toBe(
      goodsKey({ name: ' 土鸡蛋 ', spec: '３０枚', unit: '盒' }),
    );
    expect(goodsKey({ name: '土鸡蛋', spec: '30 枚', unit: '盒' })).not.toBe(
      goodsKey({ name: '土鸡蛋', spec: '15 枚', unit: '盒' }),
    );
    expect(goodsKey({ name: 'Milk', spec: null, unit: null })).toBe(
      goodsKey({ name: 'milk', spec: '', unit: ' ' }),
    );
    expect(supplierKey('崇明 农场')).toBe(supplierKey('崇明农场'));
  });

  it('counts the buys of each supplier by that key', () => {
    const counts = buysBySupplier(['崇明农场', '崇明 农场', 'ＦＲＥＳＨ', 'fresh', '沪东医药']);
    expect([...counts]).toEqual([
      [supplierKey('崇明农场'), 2],
      ['fresh', 2],
      [supplierKey('沪东医药'), 1],
    ]);
  });
});

describe('buysRecord', () => {
  it('counts what came of the buys, drafts aside', () => {
    expect(
      buysRecord([
        { status: 'draft', count: 2 },
        { status: 'open', count: 1 },
        { status: 'arrived', count: 1 },
        { status: 'completed', count: 5 },
        { status: 'failed', count: 1 },
        { status: 'cancelled', count: 1 },
      ]),
    ).toEqual({ buys: 9, completed: 5, ongoing: 2, failed: 1, cancelled: 1 });
  });
});
