import { describe, expect, it } from 'vitest';
import { TokenCache, type LookupTokens } from './token-cache.ts';

const T0 = new Date('2026-11-23T08:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

/** A fake token table: records each lookup, touches stale tokens like the SQL does. */
function fakeLookup(tokens: Record<string, { tokenId: string; userId: string; lastUsedAt: Date | null }>) {
  const calls: string[][] = [];
  let gate: Promise<void> = Promise.resolve();
  const lookup: LookupTokens = async (hashes, now, staleBefore) => {
    calls.push([...hashes]);
    await gate;
    return hashes.flatMap((h) => {
      const t = tokens[h];
      if (!t) return [];
      if (t.lastUsedAt === null || t.lastUsedAt <= staleBefore) t.lastUsedAt = now;
      return [{ ...t, tokenHash: h, displayName: 'x' }];
    });
  };
  return {
    lookup,
    calls,
    hold() {
      let release!: () => void;
      gate = new Promise((r) => (release = r));
      return () => release();
    },
  };
}

describe('TokenCache', () => {
  it('answers lookups that arrive together with one query, unknown tokens with null', async () => {
    const db = fakeLookup({
      a: { tokenId: 'ta', userId: 'u1', lastUsedAt: null },
      b: { tokenId: 'tb', userId: 'u2', lastUsedAt: null },
    });
    const cache = new TokenCache(db.lookup);
    const got = await Promise.all(['a', 'b', 'a', 'zz'].map((h) => cache.resolve(h, T0)));
    expect(got.map((t) => t?.tokenId ?? null)).toEqual(['ta', 'tb', 'ta', null]);
    expect(db.calls).toEqual([['a', 'b', 'zz']]);
    expect(got[0]!.lastUsedAt).toEqual(T0);
  });

  it('lookups arriving while a query runs share the next one', async () => {
    const db = fakeLookup({
      a: { tokenId: 'ta', userId: 'u1', lastUsedAt: null },
      b: { tokenId: 'tb', userId: 'u2', lastUsedAt: null },
      c: { tokenId: 'tc', userId: 'u3', lastUsedAt: null },
    });
    const cache = new TokenCache(db.lookup);
    const release = db.hold();
    const first = cache.resolve('a', T0);
    await new Promise((r) => setImmediate(r));
    const later = [cache.resolve('b', T0), cache.resolve('c', T0)];
    release();
    await Promise.all([first, ...later]);
    expect(db.calls).toEqual([['a'], ['b', 'c']]);
  });

  it('trusts a token for the TTL, then asks again', async () => {
    const db = fakeLookup({ a: { tokenId: 'ta', userId: 'u1', lastUsedAt: null } });
    const cache = new TokenCache(db.lookup, { ttlMs: 5_000 });
    await cache.resolve('a', T0);
    await cache.resolve('a', at(4_999));
    expect(db.calls).toHaveLength(1);
    await cache.resolve('a', at(5_000));
    expect(db.calls).toHaveLength(2);
  });

  it('goes back to the database when the token use is due to be recorded, even within the TTL', async () => {
    const db = fakeLookup({ a: { tokenId: 'ta', userId: 'u1', lastUsedAt: at(-59_000) } });
    const cache = new TokenCache(db.lookup, { ttlMs: 5_000 });
    expect((await cache.resolve('a', T0))?.lastUsedAt).toEqual(at(-59_000));
    expect((await cache.resolve('a', at(1_000)))?.lastUsedAt).toEqual(at(1_000));
    expect(db.calls).toHaveLength(2);
  });

  it('a revoked token is forgotten at once, and a lookup racing the revocation is not cached', async () => {
    const tokens = { a: { tokenId: 'ta', userId: 'u1', lastUsedAt: null as Date | null } };
    const db = fakeLookup(tokens);
    const cache = new TokenCache(db.lookup);
    await cache.resolve('a', T0);
    cache.invalidateToken('ta');
    expect(cache.size).toBe(0);
    const release = db.hold();
    const racing = cache.resolve('a', T0);
    await new Promise((r) => setImmediate(r));
    cache.invalidateToken('ta'); // revoked while the lookup was in flight
    release();
    expect((await racing)?.tokenId).toBe('ta'); // that request started before the revocation
    expect(cache.size).toBe(0);
  });

  it('forgets every token of a user whose account changed', async () => {
    const db = fakeLookup({
      a: { tokenId: 'ta', userId: 'u1', lastUsedAt: null },
      b: { tokenId: 'tb', userId: 'u1', lastUsedAt: null },
      c: { tokenId: 'tc', userId: 'u2', lastUsedAt: null },
    });
    const cache = new TokenCache(db.lookup);
    await Promise.all(['a', 'b', 'c'].map((h) => cache.resolve(h, T0)));
    cache.invalidateUser('u1');
    expect(cache.size).toBe(1);
  });

  it('a failed query fails its waiters and the next lookup tries again', async () => {
    let fail = true;
    const cache = new TokenCache(async (hashes, now) => {
      if (fail) throw new Error('database down');
      return hashes.map((h) => ({
        tokenHash: h,
        tokenId: 't',
        userId: 'u',
        displayName: 'x',
        lastUsedAt: now,
      }));
    });
    await expect(cache.resolve('a', T0)).rejects.toThrow('database down');
    fail = false;
    expect((await cache.resolve('a', T0))?.tokenId).toBe('t');
  });

  it('stays within its size bound', async () => {
    const cache = new TokenCache(
      async (hashes, now) =>
        hashes.map((h) => ({ tokenHash: h, tokenId: h, userId: 'u', displayName: 'x', lastUsedAt: now })),
      { maxEntries: 3 },
    );
    await Promise.all(['a', 'b', 'c', 'd', 'e'].map((h) => cache.resolve(h, T0)));
    expect(cache.size).toBe(3);
  });
});
