import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CODE_ALPHABET, CODE_LENGTH, normalizePickupCode, uniquePickupCodes } from './pickup-code.ts';

const seeded = (seed: number) => {
  let s = seed >>> 0 || 1;
  return (n: number) => {
    s = (s * 1103515245 + 12345) >>> 0;
    return s % n;
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
