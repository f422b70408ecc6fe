import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CODE_ALPHABET, CODE_LENGTH, normalizePickupCode, uniquePickupCodes } from './pickup-code.ts';

/**
 * mulberry32: a seeded source of integers in [0, n). (The LCG this test used before multiplied in floating
 * point, lost precision and fell into short cycles for about 1 seed in 100: fewer than 300 distinct codes
 * ever, so asking for 300 never ended, and CI hung on it.)
 */
const seeded = (seed: number) => {
  let s = seed >>> 0;
  return (n: number) => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
};

describe('pickup codes', () => {
  it('has no look-alike characters', () => {
    for (const ch of '0O1IL5S2Z8B') expect(CODE_ALPHABET).not.toContain(ch);
  });

  it('gives unique codes of the alphabet, avoiding taken ones', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 300 }), fc.integer(), (count, seed) => {
        const taken = new Set(uniquePickupCodes(5, seeded(seed + 1)));
        const codes = uniquePickupCodes(count, seeded(seed), taken);
        expect(new Set(codes).size).toBe(count);
        for (const c of codes) {
          expect(taken.has(c)).toBe(false);
          expect(normalizePickupCode(c)).toBe(c);
        }
      }),
      { numRuns: 30 },
    );
  });

  it('stops with an error when the random source keeps repeating itself', () => {
    expect(() => uniquePickupCodes(3, () => 0)).toThrow(/1060 draws gave only 1 new pickup codes/);
    const all = new Set(uniquePickupCodes(2, seeded(7)));
    expect(() => uniquePickupCodes(1, seeded(7), all)).not.toThrow();
  });

  it.each([
    [' ac3-d4e ', 'AC3D4E'],
    ['http://x/c/1/buys/2/deliveries?code=AC3D4E', 'AC3D4E'],
    ['AC3D4', null],
    ['AC3D4O', null],
    ['', null],
  ])('normalises %j', (input, expected) => {
    expect(normalizePickupCode(input)).toBe(expected);
    if (expected) expect(expected).toHaveLength(CODE_LENGTH);
  });
});
