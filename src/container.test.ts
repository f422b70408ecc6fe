import { describe, expect, it } from 'vitest';
import { eventStreamGzipOf, orderPathOf } from './container.ts';

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

describe('eventStreamGzipOf: whether event streams go in gzip', () => {
  it('on unless LINLI_EVENT_STREAM_GZIP says off; the caller overrides it', () => {
    expect(eventStreamGzipOf(undefined, undefined)).toBe(true);
    expect(eventStreamGzipOf(undefined, '')).toBe(true);
    expect(eventStreamGzipOf(undefined, 'on')).toBe(true);
    expect(eventStreamGzipOf(undefined, 'off')).toBe(false);
    expect(eventStreamGzipOf(false, 'on')).toBe(false);
    expect(eventStreamGzipOf(true, 'off')).toBe(true);
  });

  it('refuses anything else with a clear message, rather than guess', () => {
    expect(() => eventStreamGzipOf(undefined, 'no')).toThrow(
      'LINLI_EVENT_STREAM_GZIP must be "on" or "off" (got "no")',
    );
  });
});
