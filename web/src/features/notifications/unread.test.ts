import { describe, expect, it } from 'vitest';
import { afterRing, FRESH_COUNT_MS, RING_SPREAD_MS, ringDelay, UNREAD_CAP, unreadOf } from './unread.ts';
import { UNREAD_CAP as SERVER_CAP } from '../../../../src/core/notifications/feed.ts';

describe('ringDelay', () => {
  it('spreads the phones a ring reaches over RING_SPREAD_MS', () => {
    expect(ringDelay(() => 0)).toBe(0);
    expect(ringDelay(() => 0.5)).toBe(RING_SPREAD_MS / 2);
    expect(ringDelay(() => 0.99999)).toBeLessThan(RING_SPREAD_MS);
  });
});

describe('unreadOf (the bell says the count when it opens)', () => {
  const said = (count?: unknown) => JSON.stringify({ type: 'unread', count });

  it('takes the count as it is, up to the cap', () => {
    expect(unreadOf(said(0))).toBe(0);
    expect(unreadOf(said(7))).toBe(7);
    expect(unreadOf(said(SERVER_CAP))).toBe(UNREAD_CAP);
    expect(unreadOf(said(5_000))).toBe(UNREAD_CAP);
  });

  it('takes nothing from a frame it cannot read', () => {
    for (const data of [said(), said(-1), said(1.5), said('3'), said(null), 'not json', '{}', 'null'])
      expect(unreadOf(data), data).toBeNull();
  });
});

describe('afterRing', () => {
  const settled = { count: 2, fetching: false, sinceSaidMs: 60_000 };
  const ring = (count?: unknown) => JSON.stringify({ type: 'notification.created', count });

  it('adds what the ring brings, without asking', () => {
    expect(afterRing(ring(1), settled)).toEqual({ set: 3 });
    expect(afterRing(ring(0), settled)).toEqual({ set: 2 });
    expect(afterRing(ring(40), { ...settled, count: 0 })).toEqual({ set: 40 });
  });

  it('stops where the server stops counting ("99+")', () => {
    expect(UNREAD_CAP).toBe(SERVER_CAP);
    expect(afterRing(ring(5), { ...settled, count: UNREAD_CAP - 1 })).toEqual({ set: UNREAD_CAP });
  });

  it('asks when the ring does not say how many, or says it badly', () => {
    for (const data of [ring(), ring(-1), ring(1.5), ring('3'), ring(null), 'not json', '{}'])
      expect(afterRing(data, settled), data).toBe('ask');
  });

  it('asks when a count is being fetched or has just been: it may hold the ring already', () => {
    expect(afterRing(ring(1), { ...settled, fetching: true })).toBe('ask');
    expect(afterRing(ring(1), { ...settled, sinceSaidMs: FRESH_COUNT_MS - 1 })).toBe('ask');
    expect(afterRing(ring(1), { ...settled, sinceSaidMs: FRESH_COUNT_MS })).toEqual({ set: 3 });
    expect(afterRing(ring(1), { ...settled, sinceSaidMs: Infinity })).toEqual({ set: 3 });
  });
});
