import { describe, expect, it } from 'vitest';
import { LookupBatcher } from './lookup-batcher.ts';

const T0 = new Date('2026-11-23T08:00:00Z');

describe('LookupBatcher', () => {
  it('answers lookups that arrive together with one call, later ones with the next, each with its own value', async () => {
    const calls: { keys: string[]; now: Date }[] = [];
    const batcher = new LookupBatcher<string>(async (keys, now) => {
      calls.push({ keys: [...keys], now });
      await new Promise((r) => setTimeout(r, 5));
      return new Map(keys.filter((k) => k !== 'gone').map((k) => [k, k.toUpperCase()]));
    });
    const first = Promise.all([
      batcher.get('a', T0),
      batcher.get('b', new Date(T0.getTime() + 1)),
      batcher.get('a', T0),
    ]);
    await new Promise((r) => setImmediate(r));
    const later = Promise.all([batcher.get('c', T0), batcher.get('gone', T0)]);
    expect(await first).toEqual(['A', 'B', 'A']);
    expect(await later).toEqual(['C', null]);
    expect(calls.map((c) => c.keys)).toEqual([
      ['a', 'b'],
      ['c', 'gone'],
    ]);
    // A call uses the latest clock among its callers.
    expect(calls[0]!.now).toEqual(new Date(T0.getTime() + 1));
  });

  it('a failed call fails its callers only', async () => {
    let fail = true;
    const batcher = new LookupBatcher<number>(async (keys) => {
      if (fail) throw new Error('down');
      return new Map(keys.map((k) => [k, k.length]));
    });
    await expect(batcher.get('x', T0)).rejects.toThrow('down');
    fail = false;
    expect(await batcher.get('xyz', T0)).toBe(3);
  });
});
