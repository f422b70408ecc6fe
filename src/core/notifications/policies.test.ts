import { describe, expect, it } from 'vitest';
import { canReadFeed, isRead, isVisibleTo, nextReadMarker, readMarker, type FeedViewer } from './policies.ts';

const viewer: FeedViewer = {
  memberId: 'm',
  communityId: 'c1',
  householdId: 'h1',
  joinedAt: new Date('2026-01-01T00:00:00Z'),
  lastReadAt: null,
  readSnapshot: null,
};
/** A row committed before the marker was set (or without a marker). */
const at = (iso: string, committedByMark = true) => ({ createdAt: new Date(iso), committedByMark });

describe('canReadFeed', () => {
  it('members have a feed; non-members do not', () => {
    expect(canReadFeed(viewer)).toBe(true);
    expect(canReadFeed(null)).toBe(false);
  });
});

describe('isVisibleTo', () => {
  it.each([
    [{ communityId: 'c1', householdId: null }, viewer, true],
    [{ communityId: 'c1', householdId: 'h1' }, viewer, true],
    [{ communityId: 'c1', householdId: 'h2' }, viewer, false],
    [{ communityId: 'c2', householdId: null }, viewer, false],
    [{ communityId: 'c2', householdId: 'h1' }, viewer, false],
    // A member without a verified household sees community-wide rows only.
    [{ communityId: 'c1', householdId: null }, { ...viewer, householdId: null }, true],
    [{ communityId: 'c1', householdId: 'h1' }, { ...viewer, householdId: null }, false],
  ] as const)('%o to %o → %s', (n, v, expected) => {
    expect(isVisibleTo(n, v)).toBe(expected);
  });
});

describe('read marker', () => {
  it('without a marker, everything before joining is read and everything after is not', () => {
    expect(readMarker(viewer)).toEqual(viewer.joinedAt);
    expect(isRead(at('2025-12-31T00:00:00Z'), viewer)).toBe(true);
    expect(isRead(at('2026-01-02T00:00:00Z'), viewer)).toBe(false);
  });

  it('the marker decides once set, inclusive', () => {
    const v = { ...viewer, lastReadAt: new Date('2026-02-01T00:00:00Z') };
    expect(isRead(at('2026-02-01T00:00:00Z'), v)).toBe(true);
    expect(isRead(at('2026-02-01T00:00:01Z'), v)).toBe(false);
  });

  it('a row under the marker that had not committed when it was set is unread (it came in late)', () => {
    const v = { ...viewer, lastReadAt: new Date('2026-02-01T00:00:00Z'), readSnapshot: '10:12:10,11' };
    expect(isRead(at('2026-01-31T23:59:59Z', false), v)).toBe(false);
    expect(isRead(at('2026-01-31T23:59:59Z', true), v)).toBe(true);
    expect(isRead(at('2026-02-01T00:00:01Z', true), v)).toBe(false);
  });

  it('only moves forward', () => {
    const a = new Date('2026-02-01T00:00:00Z');
    const b = new Date('2026-03-01T00:00:00Z');
    expect(nextReadMarker(null, a)).toBe(a);
    expect(nextReadMarker(a, b)).toBe(b);
    expect(nextReadMarker(b, a)).toBe(b);
  });
});
