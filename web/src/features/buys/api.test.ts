import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api-client.ts';
import { errorText } from '../../i18n/errors.ts';
import en from '../../i18n/buys.en.json';
import zhCN from '../../i18n/buys.zh-CN.json';
import { attemptKey, exportUrl, householdQuery, newIdempotencyKey } from './api.ts';

describe('attemptKey', () => {
  let n = 0;
  const make = () => `k${++n}`;
  it('reuses the key only for a retry of the same body', () => {
    const first = attemptKey(null, '{"lines":[1]}', make);
    expect(first.key).toBe('k1');
    expect(attemptKey(first, '{"lines":[1]}', make).key).toBe('k1');
    expect(attemptKey(first, '{"lines":[2]}', make).key).toBe('k2');
  });
  it('makes distinct keys', () => {
    expect(newIdempotencyKey()).not.toBe(newIdempotencyKey());
    expect(exportUrl('b1', 'supplier.xlsx')).toBe('/api/buys/b1/exports/supplier.xlsx');
  });
});

describe('householdQuery', () => {
  it('asks only for what narrows the households', () => {
    expect(householdQuery({})).toBe('');
    expect(householdQuery({ q: '  ', filter: 'all' })).toBe('');
    expect(householdQuery({ q: ' 3-502 ', filter: 'waiting', limit: 200 })).toBe(
      '?q=3-502&filter=waiting&limit=200',
    );
    expect(householdQuery({ q: '王阿姨&x=1' })).toBe('?q=%E7%8E%8B%E9%98%BF%E5%A7%A8%26x%3D1');
  });
});

describe('buy error codes', () => {
  // Every code the buys API sends (docs/buys.md) has a Chinese sentence; the common ones English too.
  const codes = [
    'buy_not_found',
    'buy_not_open',
    'buy_not_editable',
    'household_not_verified',
    'qty_above_max',
    'qty_out_of_range',
    'empty_order',
    'unknown_item',
    'idempotency_key_reused',
    'illegal_transition',
    'deadline_in_past',
    'no_items',
    'not_a_leader',
    'not_buy_manager',
    'not_volunteer_of_building',
    'order_not_found',
    'stock_below_allocated',
  ];
  it.each(codes)('%s has a friendly Chinese message', (code) => {
    const { key } = errorText(new ApiError(409, code, 'English from the server'));
    const leaf = key.replace(/^errors\./, '') as keyof typeof zhCN.errors;
    expect(zhCN.errors[leaf]).toBeTruthy();
  });
  it('has English for what residents meet most', () => {
    for (const code of ['buy_not_open', 'household_not_verified', 'qty_above_max', 'empty_order'] as const)
      expect(en.errors[code]).toBeTruthy();
  });
});
