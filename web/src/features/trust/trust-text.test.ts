import { describe, expect, it } from 'vitest';
import { checkForm, recordClauses } from './trust-text.ts';

const check = {
  medianFen: 3200,
  lastFen: 3200,
  lastAt: '2026-12-01T00:00:00Z',
  pct: 141,
  flag: 'high' as const,
};

describe('trust wording', () => {
  it('says completed always, and the other outcomes only when there were any', () => {
    expect(recordClauses({ buys: 2, completed: 1, ongoing: 1, failed: 0, cancelled: 0 })).toEqual([
      { key: 'completed', count: 1 },
      { key: 'ongoing', count: 1 },
    ]);
    expect(recordClauses({ buys: 5, completed: 0, ongoing: 0, failed: 2, cancelled: 3 })).toEqual([
      { key: 'completed', count: 0 },
      { key: 'failed', count: 2 },
      { key: 'cancelled', count: 3 },
    ]);
  });

  it('speaks of one earlier price as last time, and of a range only when prices differed', () => {
    expect(checkForm({ ...check, samples: 1, minFen: 3200, maxFen: 3200 })).toBe('once');
    expect(checkForm({ ...check, samples: 3, minFen: 3200, maxFen: 3200 })).toBe('same');
    expect(checkForm({ ...check, samples: 3, minFen: 3000, maxFen: 9900 })).toBe('range');
  });
});
