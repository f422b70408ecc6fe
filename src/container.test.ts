import { describe, expect, it } from 'vitest';
import { orderPathOf } from './container.ts';

describe('orderPathOf: which order path a server runs', () => {
  it('the journal by default, on either database', () => {
    expect(orderPathOf(undefined, undefined, 'pglite')).toBe('journal');
    expect(orderPathOf(undefined, undefined, 'postgres')).toBe('journal');
    expect(orderPathOf(undefined, 'something else', 'postgres')).toBe('journal');
  });

  it('LINLI_ORDER_PATH overrides the default, and the caller overrides both', () => {
    expect(orderPathOf(undefined, 'transaction', 'pglite')).toBe('transaction');
    expect(orderPathOf(undefined, 'journal', 'postgres')).toBe('journal');
    expect(orderPathOf('transaction', 'journal', 'pglite')).toBe('transaction');
    expect(orderPathOf('journal', 'transaction', 'postgres')).toBe('journal');
  });
});
