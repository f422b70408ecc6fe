import { describe, expect, it } from 'vitest';
import { canFollowBuy } from './policies.ts';

describe('canFollowBuy', () => {
  it.each([
    [{ buyExists: true, isMember: true }, 'allow'],
    [{ buyExists: true, isMember: false }, 'forbidden'],
    [{ buyExists: false, isMember: false }, 'not_found'],
    [{ buyExists: false, isMember: true }, 'not_found'],
  ] as const)('%o → %s', (viewer, expected) => {
    expect(canFollowBuy(viewer)).toBe(expected);
  });
});
