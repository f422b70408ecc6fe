import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalJson, chainEvents } from './chain.ts';
import type { AuditDraft, AuditJson } from './model.ts';

/** The definition every stored chain was hashed with; the fast version must write exactly this. */
function reference(value: AuditJson | null): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(reference).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${reference(value[k] ?? null)}`).join(',')}}`;
}

describe('canonical JSON', () => {
  it('writes what the reference definition writes, for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(canonicalJson(v as AuditJson)).toBe(reference(v as AuditJson));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps the hashes of chains stored before it (a pinned chain head)', () => {
    const at = new Date('2026-12-01T04:00:00.123Z');
    const draft: AuditDraft = {
      entity: 'order',
      entityId: '00000000-0000-4000-8000-000000000001',
      action: 'placed',
      actorMemberId: null,
      householdId: '00000000-0000-4000-8000-000000000002',
      before: null,
      after: {
        status: 'active',
        amountFen: 2500,
        lines: [{ itemId: 'i', qty: 2, allocatedQty: 1, waitlistedQty: 1 }],
        note: '王阿姨 "3-502"\n',
      },
      at,
    };
    const { head } = chainEvents('b1', { seq: 0, hash: null }, [draft, { ...draft, action: 'updated' }]);
    expect(head.hash).toBe('00879fa016807bb835db32805b6f75f8ae0115bd6c9ad2959f341c3443a420bc');
  });
});
