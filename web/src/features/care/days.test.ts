import { describe, expect, it } from 'vitest';
import { daysSince, WINDOWS } from './days.ts';

describe('daysSince', () => {
  const now = new Date('2026-12-06T12:00:00Z');
  it.each([
    ['2026-12-06T11:00:00Z', 0],
    ['2026-12-05T12:00:01Z', 0],
    ['2026-12-05T12:00:00Z', 1],
    ['2026-11-28T00:00:00Z', 8],
    // A phone whose clock is behind the server's: not "-1 days".
    ['2026-12-06T13:00:00Z', 0],
    ['not a date', 0],
  ])('%s → %i', (iso, days) => {
    expect(daysSince(iso, now)).toBe(days);
  });

  it("offers the server's default window first, then longer ones", () => {
    expect(WINDOWS).toEqual([3, 7, 14]);
  });
});
