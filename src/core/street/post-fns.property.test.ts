import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { POST_KINDS, type Post } from './model.ts';
import { applyPatch, decide, isActive, POST_ACTIONS } from './post-fns.ts';
import { isAuthorSide } from './policies.ts';
import { post, viewer } from './testing/fixtures.ts';

// The compound's people: the post's household (two members), two neighbours of one household, one of another,
// a volunteer of building 1 without a household, a leader, an admin, a member not yet verified.
const people = [
  viewer('m1', { label: '1-101' }),
  viewer('m9', { label: '1-101' }),
  viewer('m2', { label: '1-102' }),
  viewer('m8', { label: '1-102' }),
  viewer('m6', { label: '2-201' }),
  viewer('m7', { volunteerBuildingIds: ['b1'] }),
  viewer('m4', { isLeader: true }),
  viewer('m3', { isAdmin: true }),
  viewer('m5'),
];

const step = fc.record({
  who: fc.integer({ min: 0, max: people.length - 1 }),
  action: fc.constantFrom(...POST_ACTIONS),
});

describe('a post under any sequence of actions by anyone', () => {
  it('keeps its invariants: a helper while taken, none while open, never its own side; ended for good', () => {
    fc.assert(
      fc.property(fc.constantFrom(...POST_KINDS), fc.array(step, { maxLength: 30 }), (kind, steps) => {
        let p: Post = post({ kind });
        let t = 0;
        for (const { who, action } of steps) {
          const v = people[who]!;
          const before = p;
          const d = decide(p, v, action, 'reason');
          if (d.kind !== 'change' || action === 'reply') continue;
          p = applyPatch(p, d.patch, new Date(Date.parse('2026-12-06T08:00:00Z') + ++t * 1000));

          // Taken: someone holds it; open: nobody (an ended need keeps who helped); never the post's own side.
          if (p.status === 'taken') expect(p.helperMemberId).not.toBeNull();
          if (p.status === 'open') expect(p.helperMemberId).toBeNull();
          if (p.helperMemberId !== null)
            expect(
              isAuthorSide(
                people.find((x) => x.memberId === p.helperMemberId)!,
                p,
              ),
            ).toBe(false);
          // Only needs are ever taken or resolved.
          if (p.kind !== 'need') expect(['taken', 'resolved']).not.toContain(p.status);
          // Ended once, for good: only an admin's removal changes an ended post, and it keeps its end.
          expect(p.endedAt !== null).toBe(!isActive(p.status));
          if (!isActive(before.status)) {
            expect(action).toBe('remove');
            expect(v.isAdmin).toBe(true);
          }
          // Closing and removing are for the post's own side and admins.
          if (action === 'close') expect(v.isAdmin || isAuthorSide(v, before)).toBe(true);
          if (action === 'remove') expect(v.isAdmin).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});
