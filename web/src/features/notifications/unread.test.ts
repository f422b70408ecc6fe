import { describe, expect, it } from 'vitest';
import { RING_SPREAD_MS, ringDelay } from './unread.ts';

describe('ringDelay', () => {
  it('spreads the phones a ring reaches over RING_SPREAD_MS', () => {
    expect(ringDelay(() => 0)).toBe(0);
    expect(ringDelay(() => 0.5)).toBe(RING_SPREAD_MS / 2);
    expect(ringDelay(() => 0.99999)).toBeLessThan(RING_SPREAD_MS);
  });
});
