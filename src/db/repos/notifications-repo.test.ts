import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { laterNotices } from './notifications-repo.ts';

describe('laterNotices', () => {
  it('gives a rush (one row per household) no offset at all', () => {
    expect(laterNotices([{ householdId: 'a' }, { householdId: 'b' }, { householdId: 'c' }])).toEqual([
      0, 0, 0,
    ]);
  });

  it("counts a household's rows up, and puts a compound-wide row between what comes before and after", () => {
    const h = (householdId: string | null) => ({ householdId });
    expect(laterNotices([h('a'), h('a'), h('b'), h(null), h('b'), h('c'), h('a')])).toEqual([
      0, 1, 0, 2, 3, 3, 3,
    ]);
  });

  it('never gives two rows that one household sees the same time, and keeps their order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(fc.constantFrom('a', 'b', 'c', 'd'), { nil: null }), { maxLength: 40 }),
        (hs) => {
          const o = laterNotices(hs.map((householdId) => ({ householdId })));
          for (let i = 0; i < hs.length; i++)
            for (let j = i + 1; j < hs.length; j++)
              if (hs[i] === null || hs[j] === null || hs[i] === hs[j]) expect(o[j]).toBeGreaterThan(o[i]!);
        },
      ),
    );
  });
});
