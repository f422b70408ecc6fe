import { describe, expect, it } from 'vitest';
import { canonicalJson, chainEvents, verifyChain } from './chain.ts';
import type { AuditDraft } from './model.ts';
import { orderAuditDrafts } from './order-audit.ts';

const at = new Date('2026-12-01T04:00:00.123Z');
const draft = (n: number): AuditDraft => ({
  entity: 'payment',
  entityId: `00000000-0000-4000-8000-00000000000${n}`,
  action: 'confirmed',
  actorMemberId: null,
  householdId: null,
  before: { status: 'pending', amountFen: 100 * n },
  after: { status: 'confirmed', amountFen: 100 * n },
  at,
});

describe('audit hash chain', () => {
  it('canonical JSON sorts keys at every level', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: 0, y: null }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[1,{"y":null,"z":0}]},"b":1}',
    );
  });

  it('links events and continues from a head', () => {
    const first = chainEvents('b1', { seq: 0, hash: null }, [draft(1), draft(2)]);
    expect(first.events.map((e) => e.seq)).toEqual([1, 2]);
    expect(first.events[1]!.prevHash).toBe(first.events[0]!.hash);
    const second = chainEvents('b1', first.head, [draft(3)]);
    const all = [...first.events, ...second.events];
    expect(verifyChain('b1', all, second.head)).toBeNull();
  });

  it('finds a rewritten field, a deleted event and a truncated tail', () => {
    const { events, head } = chainEvents('b1', { seq: 0, hash: null }, [draft(1), draft(2), draft(3)]);
    const rewritten = events.map((e) =>
      e.seq === 2 ? { ...e, after: { status: 'confirmed', amountFen: 1 } } : e,
    );
    expect(verifyChain('b1', rewritten, head)).toEqual({ buyId: 'b1', seq: 2, reason: 'hash_mismatch' });
    expect(verifyChain('b1', [events[0]!, events[2]!], head)).toEqual({ buyId: 'b1', seq: 2, reason: 'gap' });
    expect(verifyChain('b1', events.slice(0, 2), head)).toMatchObject({ reason: 'head_mismatch' });
    // A forged event with a fresh hash does not match its successor's prev_hash.
    const forged = chainEvents('b1', { seq: 0, hash: null }, [{ ...draft(1), action: 'disputed' }])
      .events[0]!;
    expect(verifyChain('b1', [forged, ...events.slice(1)], head)).toEqual({
      buyId: 'b1',
      seq: 2,
      reason: 'prev_hash_mismatch',
    });
  });
});

describe('order audit drafts', () => {
  const order = (id: string, hh: string, status: string, qty: number) => ({
    id,
    householdId: hh,
    status,
    amountFen: qty * 100,
    lines: [{ itemId: 'i', qty, allocatedQty: qty, waitlistedQty: 0 }],
  });
  it('names the change and its author; a promotion is the system', () => {
    const before = new Map([
      ['o2', order('o2', 'h2', 'active', 1)],
      ['o3', order('o3', 'h3', 'waitlisted', 0)],
      ['o4', order('o4', 'h4', 'active', 2)],
    ]);
    const drafts = orderAuditDrafts(
      [
        order('o1', 'h1', 'active', 1),
        order('o2', 'h2', 'active', 3),
        order('o3', 'h3', 'active', 1),
        order('o4', 'h4', 'cancelled', 0),
      ],
      before,
      new Map([
        ['h1', 'm1'],
        ['h2', 'm2'],
        ['h4', 'm4'],
      ]),
      at,
    );
    expect(drafts.map((d) => [d.action, d.actorMemberId, d.householdId])).toEqual([
      ['placed', 'm1', 'h1'],
      ['updated', 'm2', 'h2'],
      ['promoted', null, 'h3'],
      ['cancelled', 'm4', 'h4'],
    ]);
    expect(drafts[0]!.before).toBeNull();
    expect(drafts[1]!.before).toMatchObject({ amountFen: 100 });
  });
});
