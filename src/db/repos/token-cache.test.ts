import { describe, expect, it } from 'vitest';
import { TokenCache, type LookupTokens, type RecordTokenUses } from './token-cache.ts';

const T0 = new Date('2026-11-23T08:00:00Z');
const at = (ms: number) => new Date(T0.getTime() + ms);

/**
 * A fake token table with its auth_version: records each lookup (the hashes it asked for) and each write of uses
 * (never moving a last use back, like the SQL).
 */
function fakeLookup(tokens: Record<string, { tokenId: string; userId: string; lastUsedAt: Date | null }>) {
  const calls: string[][] = [];
  const writes: { tokenId: string; at: Date }[][] = [];
  const state = { version: 1 };
  let gate: Promise<void> = Promise.resolve();
  const lookup: LookupTokens = async (_scope, hashes) => {
    calls.push([...hashes]);
    // Read now (one snapshot), answered once the gate opens.
    const version = state.version;
    const found = new Map(
      hashes.flatMap((h) => {
        const t = tokens[h];
        return t ? [[h, { ...t, displayName: 'x' }] as const] : [];
      }),
    );
    await gate;
    return { version, found };
  };
  const record: RecordTokenUses = async (uses) => {
    writes.push([...uses]);
    for (const u of uses)
      for (const t of Object.values(tokens))
        if (t.tokenId === u.tokenId && (t.lastUsedAt === null || t.lastUsedAt < u.at)) t.lastUsedAt = u.at;
  };
  return {
    lookup,
    record,
    calls,
    writes,
    state,
    hold() {
      let release!: () => void;
      gate = new Promise((r) => (release = r));
      return () => release();
    },
  };
}

/** A lookup that finds every hash, as token `t` of user `u` (or the hash itself as the token id). */
const findsAll =
  (tokenId?: string): LookupTokens =>
  async (_scope, hashes) => ({
    version: 1,
    found: new Map(
      hashes.map((h) => [h, { tokenId: tokenId ?? h, userId: 'u', displayName: 'x', lastUsedAt: T0 }]),
    ),
  });

describe('TokenCache', () => {
  it('answers lookups that arrive together with one query, unknown tokens with null', async () => {
    const db = fakeLookup({
      a: { tokenId: 'ta', userId: 'u1', lastUsedAt: null },
      b: { tokenId: 'tb', userId: 'u2', lastUsedAt: null },
    });
    const cache = new TokenCache(db.lookup, db.record);
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
    const cache = new TokenCache(db.lookup, db.record);
    const release = db.hold();
    const first = cache.resolve('a', T0);
    await new Promise((r) => setImmediate(r));
    const later = [cache.resolve('b', T0), cache.resolve('c', T0)];
    release();
    await Promise.all([first, ...later]);
    expect(db.calls).toEqual([['a'], ['b', 'c']]);
  });

  it('holds a token while auth_version holds (each lookup asks for the version only), then reads it again', async () => {
    const db = fakeLookup({ a: { tokenId: 'ta', userId: 'u1', lastUsedAt: null } });
    const cache = new TokenCache(db.lookup, db.record);
    await cache.resolve('a', T0);
    await cache.resolve('a', at(60_000));
    expect(db.calls).toEqual([['a'], []]);
    db.state.version = 2; // revoked or renamed anywhere
    expect((await cache.resolve('a', at(61_000)))?.tokenId).toBe('ta');
    expect(db.calls).toEqual([['a'], [], [], ['a']]);
  });

  it('records uses at most once a minute per token, later and together, without asking the database again', async () => {
    const db = fakeLookup({
      a: { tokenId: 'ta', userId: 'u1', lastUsedAt: at(-59_000) },
      b: { tokenId: 'tb', userId: 'u2', lastUsedAt: null },
    });
    const cache = new TokenCache(db.lookup, db.record, { recordAfterMs: 60_000 });
    await Promise.all([cache.resolve('a', T0), cache.resolve('b', T0)]);
    // a was used 59 s ago: not due yet. b never: due now, but not written on the request's path.
    expect(db.writes).toEqual([]);
    expect(cache.pendingUse('tb')).toEqual(T0);
    expect(cache.pendingUse('ta')).toBeNull();
    await cache.resolve('a', at(1_000)); // a minute since its last use: due
    await cache.resolve('b', at(2_000)); // recorded 2 s ago (pending): not again
    expect(db.calls).toEqual([['a', 'b'], [], []]); // held: the version alone
    await cache.recordUses();
    expect(db.writes).toEqual([
      [
        { tokenId: 'tb', at: T0 },
        { tokenId: 'ta', at: at(1_000) },
      ],
    ]);
    expect(cache.pendingUse('ta')).toBeNull();
    await cache.recordUses();
    expect(db.writes).toHaveLength(1); // nothing new
  });

  it('writes noted uses by itself after a while', async () => {
    const db = fakeLookup({ a: { tokenId: 'ta', userId: 'u1', lastUsedAt: null } });
    const cache = new TokenCache(db.lookup, db.record, { recordAfterMs: 10 });
    await cache.resolve('a', T0);
    await new Promise((r) => setTimeout(r, 50));
    expect(db.writes).toEqual([[{ tokenId: 'ta', at: T0 }]]);
  });

  it('keeps uses it could not write and writes them next time', async () => {
    const db = fakeLookup({ a: { tokenId: 'ta', userId: 'u1', lastUsedAt: null } });
    let down = true;
    const errors: unknown[] = [];
    const cache = new TokenCache(
      db.lookup,
      async (uses) => {
        if (down) throw new Error('database down');
        await db.record(uses);
      },
      { recordAfterMs: 60_000, onRecordError: (e) => errors.push(e) },
    );
    await cache.resolve('a', T0);
    await cache.recordUses();
    expect(errors).toHaveLength(1);
    expect(cache.pendingUse('ta')).toEqual(T0);
    down = false;
    await cache.recordUses();
    expect(db.writes).toEqual([[{ tokenId: 'ta', at: T0 }]]);
    expect(cache.pendingUse('ta')).toBeNull();
  });

  it('a token revoked here is forgotten at once; one revoked elsewhere at the next lookup', async () => {
    const tokens: Record<string, { tokenId: string; userId: string; lastUsedAt: Date | null }> = {
      a: { tokenId: 'ta', userId: 'u1', lastUsedAt: null },
      b: { tokenId: 'tb', userId: 'u1', lastUsedAt: null },
    };
    const db = fakeLookup(tokens);
    const cache = new TokenCache(db.lookup, db.record);
    await Promise.all([cache.resolve('a', T0), cache.resolve('b', T0)]);
    cache.invalidateToken('ta');
    expect(cache.size).toBe(1);
    // Another instance revokes b: the version moves, and b is gone at the next lookup.
    delete tokens.b;
    db.state.version = 2;
    expect(await cache.resolve('b', T0)).toBeNull();
    // A lookup that read before a revocation answers the requests that asked before it; the next one reads again.
    const release = db.hold();
    const racing = cache.resolve('a', T0);
    await new Promise((r) => setImmediate(r));
    delete tokens.a;
    release();
    expect((await racing)?.tokenId).toBe('ta');
    db.state.version = 3;
    expect(await cache.resolve('a', T0)).toBeNull();
  });

  it('forgets every token of a user whose account changed', async () => {
    const db = fakeLookup({
      a: { tokenId: 'ta', userId: 'u1', lastUsedAt: null },
      b: { tokenId: 'tb', userId: 'u1', lastUsedAt: null },
      c: { tokenId: 'tc', userId: 'u2', lastUsedAt: null },
    });
    const cache = new TokenCache(db.lookup, db.record);
    await Promise.all(['a', 'b', 'c'].map((h) => cache.resolve(h, T0)));
    cache.invalidateUser('u1');
    expect(cache.size).toBe(1);
  });

  it('a failed query fails its waiters and the next lookup tries again', async () => {
    let fail = true;
    const finds = findsAll('t');
    const cache = new TokenCache(
      async (scope, hashes) => {
        if (fail) throw new Error('database down');
        return finds(scope, hashes);
      },
      async () => {},
    );
    await expect(cache.resolve('a', T0)).rejects.toThrow('database down');
    fail = false;
    expect((await cache.resolve('a', T0))?.tokenId).toBe('t');
  });

  it('stays within its size bound', async () => {
    const cache = new TokenCache(findsAll(), async () => {}, { maxEntries: 3 });
    await Promise.all(['a', 'b', 'c'].map((h) => cache.resolve(h, T0)));
    expect(cache.size).toBe(3);
    // Past the bound: the values used longest ago are dropped (here all three, to free a quarter of the
    // bound as well), and what this lookup found is held.
    await Promise.all(['d', 'e'].map((h) => cache.resolve(h, T0)));
    expect(cache.size).toBe(2);
  });
});
