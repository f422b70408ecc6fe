import { describe, expect, it } from 'vitest';
import type { Claim } from '../../api-types.ts';
import { claimant } from './claimant.ts';

const base: Claim = { id: 'c', householdId: 'h', householdLabel: '2-502', status: 'pending' };

describe('claimant', () => {
  it('reads flat and nested shapes, and copes with neither', () => {
    expect(claimant({ ...base, displayName: '王阿姨', phone: '139' })).toEqual({
      name: '王阿姨',
      phone: '139',
    });
    expect(claimant({ ...base, claimant: { displayName: '李', phone: null } })).toEqual({
      name: '李',
      phone: '',
    });
    expect(claimant(base)).toEqual({ name: '', phone: '' });
  });
});
