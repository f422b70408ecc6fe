import { describe, expect, it } from 'vitest';
import {
  actsForProxy,
  canReadFeed,
  isRead,
  isVisibleTo,
  looksAfter,
  nextReadMarker,
  onBehalfOf,
  readMarker,
  type FeedViewer,
} from './policies.ts';

const viewer: FeedViewer = {
  memberId: 'm',
  communityId: 'c1',
  householdId: 'h1',
  joinedAt: new Date('2026-01-01T00:00:00Z'),
  lastReadAt: null,
  readSnapshot: null,
  looksAfter: [],
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

describe('proxy households (代管)', () => {
  const proxy = { id: 'p1', label: '1-101', communityId: 'c1', buildingId: 'b1', managedBy: 'admin' };
  const member = { memberId: 'm', communityId: 'c1', isAdmin: false, volunteerBuildingIds: [] as string[] };

  it("tell their building's volunteers, and the admin who registered them; nobody else", () => {
    expect(looksAfter({ ...member, volunteerBuildingIds: ['b1'] }, proxy)).toBe(true);
    expect(looksAfter({ ...member, volunteerBuildingIds: ['b2'] }, proxy)).toBe(false);
    expect(looksAfter({ ...member, memberId: 'admin', isAdmin: true }, proxy)).toBe(true);
    // Another admin is not told of every proxy in the compound; one who is no longer an admin is not told.
    expect(looksAfter({ ...member, isAdmin: true }, proxy)).toBe(false);
    expect(looksAfter({ ...member, memberId: 'admin' }, proxy)).toBe(false);
    // A volunteer of a building of the same id elsewhere: another compound's.
    expect(looksAfter({ ...member, communityId: 'c2', volunteerBuildingIds: ['b1'] }, proxy)).toBe(false);
  });

  it('are acted for (代付, 代收退款, 代签收) by their building’s volunteers; the admin who registered one reads only', () => {
    expect(actsForProxy({ ...member, volunteerBuildingIds: ['b1'] }, proxy)).toBe(true);
    expect(actsForProxy({ ...member, memberId: 'admin', isAdmin: true }, proxy)).toBe(false);
    expect(actsForProxy({ ...member, communityId: 'c2', volunteerBuildingIds: ['b1'] }, proxy)).toBe(false);
  });

  it('are visible to those who look after them, labelled as on their behalf', () => {
    const volunteer = { ...viewer, looksAfter: [{ id: 'p1', label: '1-101', actsFor: true }] };
    const forProxy = { communityId: 'c1', householdId: 'p1' };
    expect(isVisibleTo(forProxy, volunteer)).toBe(true);
    expect(isVisibleTo(forProxy, viewer)).toBe(false);
    expect(isVisibleTo({ ...forProxy, communityId: 'c2' }, volunteer)).toBe(false);
    expect(onBehalfOf(forProxy, volunteer)).toEqual({ id: 'p1', label: '1-101', actsFor: true });
    expect(onBehalfOf({ householdId: 'h1' }, volunteer)).toBeNull();
    expect(onBehalfOf({ householdId: null }, volunteer)).toBeNull();
    expect(onBehalfOf(forProxy, viewer)).toBeNull();
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
