import { describe, expect, it } from 'vitest';
import { BUY_STATUSES } from './types.ts';
import { waitingCanBeFilled } from './waiting.ts';

describe('waitingCanBeFilled', () => {
  it('is true only before the list closes', () => {
    expect(BUY_STATUSES.filter(waitingCanBeFilled)).toEqual(['draft', 'open']);
  });
});
