import { describe, expect, it } from 'vitest';
import { progressText } from '../buys/progress.ts';
import {
  changesPool,
  checkOpenPool,
  joinState,
  normalizePoolCode,
  openPoolForm,
  poolProgress,
  poolReachedOf,
  spacedCode,
  toOpenPoolInput,
  withPoolReached,
} from './pool-text.ts';
import type { PoolView } from './types.ts';

describe('the share code', () => {
  it('reads a code in any case, with spaces, dashes and full-width letters', () => {
    expect(normalizePoolCode('K7M2Q9XA')).toBe('K7M2Q9XA');
    expect(normalizePoolCode('  k7m2q9xa ')).toBe('K7M2Q9XA');
    expect(normalizePoolCode('K7M2 Q9XA')).toBe('K7M2Q9XA');
    expect(normalizePoolCode('k7m2-q9xa')).toBe('K7M2Q9XA');
    expect(normalizePoolCode('Ｋ７Ｍ２Ｑ９ＸＡ')).toBe('K7M2Q9XA');
  });

  it('finds the code in the whole invitation pasted from WeChat, in either language', () => {
    expect(normalizePoolCode('邀请其他小区团长一起拼：在邻里「加入联合团购」输入 K7M2Q9XA')).toBe('K7M2Q9XA');
    expect(normalizePoolCode('…输入K7M2Q9XA。')).toBe('K7M2Q9XA');
    expect(
      normalizePoolCode('Pool with us: in Linli, tap “Join a joint buy” and enter the code k7m2q9xa'),
    ).toBe('K7M2Q9XA');
  });

  it('says null when there is no code of 8 letters and digits', () => {
    expect(normalizePoolCode('')).toBeNull();
    expect(normalizePoolCode('K7M2Q9X')).toBeNull();
    expect(normalizePoolCode('K7M2Q9XAB')).toBeNull();
    expect(normalizePoolCode('邀请码是什么')).toBeNull();
  });

  it('is shown in two groups of four', () => {
    expect(spacedCode('K7M2Q9XA')).toBe('K7M2 Q9XA');
    expect(spacedCode('ABC')).toBe('ABC');
  });
});

describe('progress across compounds', () => {
  const money = (fen: number) => `¥${(fen / 100).toFixed(2)}`;
  const pool = { minTotalQty: 200, minAmountFen: null, totals: { qty: 150, amountFen: 240000 }, met: false };

  it('counts every compound toward the minimum quantity', () => {
    const p = poolProgress(pool)!;
    expect(p).toEqual({ ratio: 0.75, met: false, missingQty: 50, missingFen: null });
    expect(progressText(p, money)).toEqual({ key: 'buys.progress.missingQty', values: { count: 50 } });
  });

  it('says what money is missing toward a minimum amount, and both when there are two', () => {
    const amount = poolProgress({ ...pool, minTotalQty: null, minAmountFen: 300000 })!;
    expect(amount.missingFen).toBe(60000);
    expect(amount.ratio).toBeCloseTo(0.8);
    expect(progressText(amount, money)).toEqual({
      key: 'buys.progress.missingAmount',
      values: { amount: '¥600.00' },
    });
    const both = poolProgress({ ...pool, minAmountFen: 300000 })!;
    expect(progressText(both, money).key).toBe('buys.progress.missingBoth');
    expect(both.ratio).toBe(0.75);
  });

  it('takes the server’s word for 成团, and keeps the bar short of full until then', () => {
    expect(poolProgress({ ...pool, totals: { qty: 250, amountFen: 1 }, met: true })).toEqual({
      ratio: 1,
      met: true,
      missingQty: 0,
      missingFen: null,
    });
    const reachedOne = poolProgress({ ...pool, minAmountFen: 300000, totals: { qty: 250, amountFen: 0 } })!;
    expect(reachedOne.met).toBe(false);
    expect(reachedOne.ratio).toBe(0);
    expect(poolProgress({ ...pool, minAmountFen: 1, totals: { qty: 999, amountFen: 999 } })!.ratio).toBe(
      0.99,
    );
  });

  it('has no bar when the pool has no minimum', () => {
    expect(poolProgress({ ...pool, minTotalQty: null })).toBeNull();
    expect(poolProgress({ ...pool, minTotalQty: 0 })).toBeNull();
  });
});

describe('成团 heard live', () => {
  const view = {
    minTotalQty: 200,
    minAmountFen: null,
    totals: { qty: 150, amountFen: 240000 },
    met: false,
  } as unknown as PoolView;
  const event = {
    type: 'buy.threshold_met',
    buyId: 'b',
    pool: { compounds: 3, qty: 201, amountFen: 321600 },
  };

  it('takes the totals a pool’s 成团 carried, and nothing of a buy’s own or anything malformed', () => {
    expect(poolReachedOf(event)).toEqual({ qty: 201, amountFen: 321600 });
    for (const data of [
      { type: 'buy.threshold_met', buyId: 'b' },
      { ...event, type: 'buy.updated' },
      { ...event, pool: { qty: '201', amountFen: 1 } },
      { ...event, pool: { qty: -1, amountFen: 1 } },
      { ...event, pool: null },
      null,
      'buy.threshold_met',
    ])
      expect(poolReachedOf(data)).toBeNull();
  });

  it('tells a manage page when to read its pool again: a compound joined, or the pool reached its minimum', () => {
    expect(changesPool(event)).toBe(true);
    expect(changesPool({ type: 'pool.joined', buyId: 'b', compoundName: '和平苑', gate: '北门' })).toBe(true);
    for (const data of [
      { type: 'buy.threshold_met', buyId: 'b' },
      { type: 'order.placed' },
      null,
      'pool.joined',
    ])
      expect(changesPool(data)).toBe(false);
  });

  it('shows the pool met with those totals, unless the page read it met already', () => {
    const reached = withPoolReached(view, poolReachedOf(event));
    expect(reached).toMatchObject({ met: true, totals: { qty: 201, amountFen: 321600 } });
    expect(poolProgress(reached)).toMatchObject({ ratio: 1, met: true });
    expect(withPoolReached(view, null)).toBe(view);
    const met = { ...view, met: true, totals: { qty: 230, amountFen: 368000 } };
    expect(withPoolReached(met, { qty: 201, amountFen: 321600 })).toBe(met);
  });
});

describe('joining from this compound', () => {
  const here = 'c-here';
  const preview = { open: true, communities: [{ id: here, name: '幸福里', joined: false }] };
  it('offers the form to a leader of this compound while the pool is open', () => {
    expect(joinState(preview, here)).toBe('ready');
  });
  it('says why not: already in, closed, or not a leader here', () => {
    expect(joinState({ ...preview, communities: [{ id: here, name: '幸福里', joined: true }] }, here)).toBe(
      'joined',
    );
    expect(joinState({ ...preview, open: false }, here)).toBe('closed');
    expect(joinState(preview, 'elsewhere')).toBe('notLeader');
  });
});

describe('the 发起联合团购 form', () => {
  it('starts from the buy’s own minimum, money in yuan', () => {
    expect(openPoolForm({ minTotalQty: null, minAmountFen: 600000 }, '13800000002')).toEqual({
      gate: '',
      contact: '13800000002',
      minTotalQty: '',
      minAmount: '6000',
    });
    expect(openPoolForm({ minTotalQty: 200, minAmountFen: 12345 }).minAmount).toBe('123.45');
  });

  it('needs a gate and a contact, and minimums that read as numbers', () => {
    expect(checkOpenPool({ gate: ' ', contact: '', minTotalQty: '', minAmount: '5' })).toEqual({
      gate: 'validation.required',
      contact: 'validation.required',
    });
    expect(
      checkOpenPool({ gate: '南'.repeat(41), contact: '138', minTotalQty: '1.5', minAmount: '12.345' }),
    ).toEqual({
      gate: 'pools.form.tooLong',
      minTotalQty: 'pools.form.badQty',
      minAmount: 'buys.editor.badMoney',
    });
    expect(
      checkOpenPool({ gate: '南门', contact: '138', minTotalQty: '２００', minAmount: '￥3000.5' }),
    ).toEqual({});
  });

  it('needs at least one minimum: a pool is there to reach the supplier’s', () => {
    expect(checkOpenPool({ gate: '南门', contact: '138', minTotalQty: '0', minAmount: ' ' })).toEqual({
      minTotalQty: 'pools.form.needMin',
      minAmount: 'pools.form.needMin',
    });
  });

  it('sends fen, trimmed text, and null for a minimum left blank or 0', () => {
    expect(
      toOpenPoolInput({ gate: ' 南门 ', contact: '13800000002 李', minTotalQty: '0', minAmount: '3000.5' }),
    ).toEqual({ gate: '南门', contact: '13800000002 李', minTotalQty: null, minAmountFen: 300050 });
    expect(toOpenPoolInput({ gate: '南门', contact: '1', minTotalQty: '200', minAmount: '' })).toEqual({
      gate: '南门',
      contact: '1',
      minTotalQty: 200,
      minAmountFen: null,
    });
  });
});
