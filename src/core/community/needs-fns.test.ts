import { describe, expect, it } from 'vitest';
import { needsFirst, tidyNeeds } from './needs-fns.ts';

describe('tidyNeeds', () => {
  it('keeps each need once, in the register’s order, and the note trimmed', () => {
    expect(
      tidyNeeds({ needs: ['other', 'elderly_alone', 'other', 'medication'], note: '  胰岛素，每天  ' }),
    ).toEqual({
      needs: ['elderly_alone', 'medication', 'other'],
      note: '胰岛素，每天',
    });
  });

  it('keeps a note alone, and needs without a note', () => {
    expect(tidyNeeds({ needs: [], note: '女儿在浦东' })).toEqual({ needs: [], note: '女儿在浦东' });
    expect(tidyNeeds({ needs: ['infant'] })).toEqual({ needs: ['infant'], note: null });
  });

  it.each([[{ needs: [] }], [{ needs: [], note: null }], [{ needs: [], note: '   ' }]] as const)(
    'takes a household off the register when nothing is left: %j',
    (input) => {
      expect(tidyNeeds(input)).toBeNull();
    },
  );
});

describe('needsFirst', () => {
  it('puts a household in need before one that is not, and keeps two alike as they were', () => {
    expect(needsFirst({ needs: ['mobility'] }, { needs: [] })).toBeLessThan(0);
    expect(needsFirst({ needs: [] }, { needs: ['mobility'] })).toBeGreaterThan(0);
    expect(needsFirst({ needs: [] }, { needs: [] })).toBe(0);
    expect(needsFirst({ needs: ['infant'] }, { needs: ['other', 'medication'] })).toBe(0);
  });
});
