import { describe, expect, it } from 'vitest';
import type { MemberContext } from '../../core/buys/ports.ts';
import { VersionHeld, type ReadAtVersion } from './version-held.ts';

const C = 'community-1';
const standing = (userId: string, isLeader = false): MemberContext => ({
  memberId: `m-${userId}`,
  communityId: C,
  isAdmin: false,
  isLeader,
  volunteerBuildingIds: [],
  household: null,
});

/** A compound whose members and version the test changes, and the reads the cache sent it. */
function compound(memberIds: string[]) {
  const state = { version: 1, members: new Map(memberIds.map((u) => [u, standing(u)])) };
  const reads: string[][] = [];
  /** Runs just before a read answers (a change committed between two reads of one call). */
  let beforeAnswer = null as (() => void) | null;
  const read: ReadAtVersion<MemberContext> = async (communityId, userIds) => {
    reads.push([...userIds]);
    const change = beforeAnswer;
    beforeAnswer = null;
    change?.();
    const members = new Map(
      userIds.flatMap((u) => {
        const m = communityId === C ? state.members.get(u) : undefined;
        return m ? [[u, m] as const] : [];
      }),
    );
    return { version: state.version, found: members };
  };
  return { state, reads, read, onNextRead: (fn: () => void) => (beforeAnswer = fn) };
}

describe("VersionHeld (members' standing by compound)", () => {
  it('heldAt: a value held at exactly that version, with no read; nothing for another version or key', async () => {
    const c = compound(['a', 'b']);
    const cache = new VersionHeld(c.read);
    expect(cache.heldAt(C, 'a', 1)).toBeUndefined(); // nothing held yet
    await cache.get(C, ['a', 'x']);
    const reads = c.reads.length;
    expect(cache.heldAt(C, 'a', 1)).toEqual(standing('a'));
    expect(cache.heldAt(C, 'x', 1)).toBeNull(); // held as no member
    expect(cache.heldAt(C, 'b', 1)).toBeUndefined(); // never read
    expect(cache.heldAt(C, 'a', 2)).toBeUndefined(); // a version it was not read at
    expect(cache.heldAt('other', 'a', 1)).toBeUndefined();
    expect(c.reads.length).toBe(reads);
    // The version moves (a role changed): what is held stays at the old one until a read replaces it.
    c.state.version = 2;
    c.state.members.set('a', standing('a', true));
    expect(cache.heldAt(C, 'a', 2)).toBeUndefined();
    await cache.get(C, ['a']);
    expect(cache.heldAt(C, 'a', 2)).toEqual(standing('a', true));
    expect(cache.heldAt(C, 'a', 1)).toBeUndefined();
  });

  it('reads only the users it lacks while the version holds, and remembers non-members', async () => {
    const c = compound(['a', 'b']);
    const cache = new VersionHeld(c.read);
    expect([...(await cache.get(C, ['a', 'x'])).keys()]).toEqual(['a']);
    expect([...(await cache.get(C, ['a', 'b', 'x'])).keys()]).toEqual(['a', 'b']);
    expect(await cache.get(C, ['b', 'x'])).toEqual(new Map([['b', standing('b')]]));
    // Every call sends one read (the version), with only the users not held yet.
    expect(c.reads).toEqual([['a', 'x'], ['b'], []]);
    expect(cache.size).toBe(3);
  });

  it('reads everyone again once the version moved, and answers with the change', async () => {
    const c = compound(['a', 'b']);
    const cache = new VersionHeld(c.read);
    await cache.get(C, ['a', 'b']);
    c.state.members.set('a', standing('a', true));
    c.state.members.delete('b');
    c.state.version = 2;
    const after = await cache.get(C, ['a', 'b', 'c']);
    expect(after).toEqual(new Map([['a', standing('a', true)]]));
    expect(c.reads).toEqual([['a', 'b'], ['c'], ['a', 'b']]);
    // Held at the new version.
    await cache.get(C, ['a', 'b', 'c']);
    expect(c.reads.at(-1)).toEqual([]);
  });

  it('holds nothing when the version moves again between its two reads, and answers each as read', async () => {
    const c = compound(['a', 'b']);
    const cache = new VersionHeld(c.read);
    await cache.get(C, ['a']);
    c.state.version = 2;
    // The first read sees version 2 (a lacks); the re-read of a sees version 3, where b has gone.
    c.onNextRead(() =>
      c.onNextRead(() => {
        c.state.version = 3;
        c.state.members.set('a', standing('a', true));
      }),
    );
    const answer = await cache.get(C, ['a', 'b']);
    expect(answer).toEqual(
      new Map([
        ['b', standing('b')],
        ['a', standing('a', true)],
      ]),
    );
    expect(cache.size).toBe(0);
    await cache.get(C, ['a']);
    expect(c.reads.at(-1)).toEqual(['a']);
  });

  it('says the version its answer holds at (getAt): the read, the held one, or none when it moved between reads', async () => {
    const c = compound(['a', 'b']);
    const cache = new VersionHeld(c.read);
    expect((await cache.getAt(C, ['a'])).version).toBe(1);
    expect(await cache.getAt(C, [])).toEqual({ version: 1, found: new Map() });
    c.state.version = 2;
    expect(await cache.getAt(C, ['b'])).toEqual({ version: 2, found: new Map([['b', standing('b')]]) });
    c.state.version = 3;
    c.onNextRead(() => c.onNextRead(() => (c.state.version = 4)));
    expect((await cache.getAt(C, ['a', 'b'])).version).toBeNaN();
  });

  it('keeps each compound apart, and keeps to its size', async () => {
    const c = compound(['a', 'b', 'c']);
    const cache = new VersionHeld(c.read, { max: 3 });
    await cache.get(C, ['a', 'b']);
    expect(await cache.get('other', ['a'])).toEqual(new Map());
    expect(cache.size).toBe(3);
    // Over the size: the other compound and b are dropped (used longest ago), a is still held.
    expect([...(await cache.get(C, ['a', 'c'])).keys()]).toEqual(['a', 'c']);
    expect(c.reads.at(-1)).toEqual(['c']);
    expect(cache.size).toBe(2);
  });

  it('past its size drops the values used longest ago, not everything', async () => {
    const c = compound(['a', 'b', 'c']);
    const cache = new VersionHeld(c.read, { max: 4 });
    await cache.get(C, ['a', 'b']);
    await cache.get('other', ['x']);
    await cache.get(C, ['a']); // used again: the compound, then a, are the latest used
    // Two more than room: a quarter of the size is freed, from the oldest: the other scope, then b.
    await cache.get(C, ['c', 'd']);
    expect(c.reads.at(-1)).toEqual(['c', 'd']);
    expect(cache.size).toBe(3);
    expect([...(await cache.get(C, ['a', 'b', 'c'])).keys()]).toEqual(['a', 'b', 'c']);
    expect(c.reads.at(-1)).toEqual(['b']);
  });

  it('answers what it held when a call began, though room made meanwhile dropped it', async () => {
    const c = compound(['a', 'b', 'c']);
    const cache = new VersionHeld(c.read, { max: 2 });
    await cache.get(C, ['a']);
    // The first call holds a; while its read is under way, a second call makes room by dropping a.
    const first = cache.get(C, ['a', 'b']);
    const second = cache.get('other', ['x', 'y']);
    expect([...(await first).keys()]).toEqual(['a', 'b']);
    expect(await second).toEqual(new Map());
  });

  it('answers a value that is falsy (held, or read now)', async () => {
    let version = 1;
    const cache = new VersionHeld<number>(async (_scope, keys) => ({
      version,
      found: new Map(keys.filter((k) => k === 'zero').map((k) => [k, 0] as const)),
    }));
    await cache.get('s', []);
    expect(await cache.get('s', ['zero', 'none'])).toEqual(new Map([['zero', 0]]));
    expect(await cache.get('s', ['zero'])).toEqual(new Map([['zero', 0]]));
    version = 2;
    expect(await cache.get('s', ['zero'])).toEqual(new Map([['zero', 0]]));
  });
});
