import { describe, expect, it } from 'vitest';
import { VersionedCache } from './versioned-cache.ts';

function setup() {
  let now = 0;
  let reads = 0;
  const cache = new VersionedCache<string>({ ttlMs: 5000, max: 3, now: () => now });
  const read = (value: string) => () => {
    reads += 1;
    return Promise.resolve(value);
  };
  return { cache, read, reads: () => reads, advance: (ms: number) => (now += ms) };
}

describe('VersionedCache', () => {
  it('shares a read among callers at the same version, in flight or done', async () => {
    const s = setup();
    const [a, b] = await Promise.all([s.cache.get('k', 3, s.read('v3')), s.cache.get('k', 3, s.read('x'))]);
    expect([a, b]).toEqual(['v3', 'v3']);
    expect(await s.cache.get('k', 2, s.read('x'))).toBe('v3'); // newer than the caller saw: fine
    expect(s.reads()).toBe(1);
  });

  it('reads again for a newer version, after the TTL, and for another key', async () => {
    const s = setup();
    await s.cache.get('k', 3, s.read('v3'));
    expect(await s.cache.get('k', 4, s.read('v4'))).toBe('v4');
    s.advance(5000);
    expect(await s.cache.get('k', 4, s.read('v4 again'))).toBe('v4 again');
    expect(await s.cache.get('other', 4, s.read('o'))).toBe('o');
    expect(s.reads()).toBe(4);
  });

  it('does not keep a failed read, and stays bounded', async () => {
    const s = setup();
    await expect(s.cache.get('k', 1, () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    expect(await s.cache.get('k', 1, s.read('ok'))).toBe('ok');
    for (const key of ['a', 'b', 'c', 'd']) await s.cache.get(key, 1, s.read(key));
    expect(await s.cache.get('k', 1, s.read('k again'))).toBe('k again'); // cleared when full
  });
});
