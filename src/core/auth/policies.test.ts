import { describe, expect, it } from 'vitest';
import type { Actor } from '../shared/actor.ts';
import { canEndSession, canRevokeToken, shouldTouchToken, TOKEN_TOUCH_INTERVAL_MS } from './policies.ts';

const alice: Actor = { userId: 'u-alice', displayName: 'Alice', via: 'session' };
const aliceByToken: Actor = { ...alice, via: 'token' };

describe('canRevokeToken', () => {
  it('lets the owner revoke, by session or by token', () => {
    expect(canRevokeToken(alice, { userId: 'u-alice' })).toBe(true);
    expect(canRevokeToken(aliceByToken, { userId: 'u-alice' })).toBe(true);
  });
  it("refuses someone else's token", () => {
    expect(canRevokeToken(alice, { userId: 'u-bob' })).toBe(false);
  });
});

describe('canEndSession', () => {
  it('needs a cookie session', () => {
    expect(canEndSession(alice, 's-1')).toBe(true);
    expect(canEndSession(alice, null)).toBe(false);
    expect(canEndSession(aliceByToken, 's-1')).toBe(false);
  });
});

describe('shouldTouchToken', () => {
  const now = new Date('2026-03-01T08:00:00Z');
  const ago = (ms: number) => new Date(now.getTime() - ms);
  it.each([
    [null, true],
    [ago(0), false],
    [ago(TOKEN_TOUCH_INTERVAL_MS - 1), false],
    [ago(TOKEN_TOUCH_INTERVAL_MS), true],
    [ago(3600_000), true],
  ])('last used %s → %s', (lastUsedAt, expected) => {
    expect(shouldTouchToken(lastUsedAt, now)).toBe(expected);
  });
});
