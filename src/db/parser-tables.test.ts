import { describe, expect, it } from 'vitest';
import { ParserTables } from './pglite-worker-client.ts';

describe('ParserTables: the parsers of a statement, merged once per set of text-keeping overrides', () => {
  const base = {
    16: (v: string) => v === 't',
    1184: (v: string) => new Date(v),
    23: (v: string) => Number(v),
  };
  const drizzle = () => ({ 1184: (value: string) => value, 1082: (value: string) => value });

  it('gives the same merged table to every statement with the same text-keeping overrides', () => {
    const tables = new ParserTables(base);
    const a = tables.for(drizzle());
    expect(tables.for(drizzle())).toBe(a);
    expect(a[1184]!('2026-12-01 12:00:00+00')).toBe('2026-12-01 12:00:00+00');
    expect(a[1082]!('2026-12-01')).toBe('2026-12-01');
    expect(a[16]!('t')).toBe(true);
    expect(base[1184]('2026-12-01T00:00:00Z')).toBeInstanceOf(Date); // the base is left alone
    expect(tables.for(undefined)).toBe(base);
    expect(tables.for({ 1184: (v: string) => v })).not.toBe(a); // another set of types
  });

  it('applies any other override as given, per statement', () => {
    const tables = new ParserTables(base);
    const upper = { 25: (v: string) => v.toUpperCase() };
    const t = tables.for(upper);
    expect(t[25]!('abc')).toBe('ABC');
    expect(tables.for({ 25: (v: string) => v.toUpperCase() })).not.toBe(t);
  });
});
