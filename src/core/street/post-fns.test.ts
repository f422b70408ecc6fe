import { describe, expect, it } from 'vitest';
import { REPLIES_MAX, type PostStatus } from './model.ts';
import {
  abilitiesOf,
  applyPatch,
  decide,
  decodeCursor,
  encodeCursor,
  tidyText,
  type PostAction,
} from './post-fns.ts';
import { post, viewer } from './testing/fixtures.ts';

const author = viewer('m1', { label: '1-101' });
const housemate = viewer('m9', { label: '1-101' });
const neighbour = viewer('m2', { label: '1-102' });
const helperMate = viewer('m8', { label: '1-102' });
const admin = viewer('m3', { isAdmin: true });
const leader = viewer('m4', { isLeader: true });
const unverified = viewer('m5');
const takenBy2 = {
  status: 'taken' as PostStatus,
  helperHouseholdId: 'h-1-102',
  helperMemberId: 'm2',
  helperLabel: '1-102',
};

const outcome = (d: ReturnType<typeof decide>) => (d.kind === 'error' ? d.code : d.kind);

describe('decide', () => {
  const cases: [string, Parameters<typeof post>[0], ReturnType<typeof viewer>, PostAction, string][] = [
    ['a neighbour takes an open need', {}, neighbour, 'take', 'change'],
    ['the household cannot take its own need', {}, housemate, 'take', 'own_post'],
    ['someone without a household or role cannot take', {}, unverified, 'take', 'household_not_verified'],
    ['an admin without a household can take', {}, admin, 'take', 'change'],
    ['an offer is not taken', { kind: 'offer' }, neighbour, 'take', 'not_a_need'],
    ['taking again is a no-op for the helper household', takenBy2, helperMate, 'take', 'same'],
    ['another household finds it taken', takenBy2, leader, 'take', 'post_taken'],
    ['a resolved need cannot be taken', { status: 'resolved' }, neighbour, 'take', 'post_ended'],
    ['the helper releases', takenBy2, neighbour, 'release', 'change'],
    ['the household releases the helper', takenBy2, housemate, 'release', 'change'],
    ['a stranger to it cannot release', takenBy2, leader, 'release', 'forbidden'],
    ['releasing an open need is a no-op', {}, leader, 'release', 'same'],
    ['the helper resolves', takenBy2, helperMate, 'resolve', 'change'],
    ['a bystander cannot resolve', {}, neighbour, 'resolve', 'forbidden'],
    ['a closed need is not resolved', { status: 'closed' }, author, 'resolve', 'post_ended'],
    ['the household closes', takenBy2, housemate, 'close', 'change'],
    ['the helper cannot close', takenBy2, neighbour, 'close', 'forbidden'],
    ['an admin closes', {}, admin, 'close', 'change'],
    ['closing again is a no-op', { status: 'closed' }, author, 'close', 'same'],
    ['a leader cannot remove', {}, leader, 'remove', 'forbidden'],
    ['an admin removes an ended post', { status: 'resolved' }, admin, 'remove', 'change'],
    ['anyone known replies', {}, neighbour, 'reply', 'change'],
    ['not on an ended post', { status: 'closed' }, neighbour, 'reply', 'post_ended'],
    ['not past the limit', { replyCount: REPLIES_MAX }, neighbour, 'reply', 'too_many_replies'],
    ['not without a household or role', {}, unverified, 'reply', 'household_not_verified'],
  ];
  it.each(cases)('%s', (_, over, v, action, expected) => {
    expect(outcome(decide(post(over), v, action, 'why'))).toBe(expected);
  });

  it('records who took a need, and forgets them when released', () => {
    const at = new Date('2026-12-06T09:00:00Z');
    const d = decide(post(), neighbour, 'take');
    if (d.kind !== 'change') throw new Error('expected a change');
    const taken = applyPatch(post(), d.patch, at);
    expect(taken).toMatchObject({
      status: 'taken',
      helperHouseholdId: 'h-1-102',
      helperLabel: '1-102',
      helperMemberId: 'm2',
      updatedAt: at,
      endedAt: null,
    });
    const r = decide(taken, author, 'release');
    if (r.kind !== 'change') throw new Error('expected a change');
    expect(applyPatch(taken, r.patch, at)).toMatchObject({
      status: 'open',
      helperHouseholdId: null,
      helperLabel: null,
      helperMemberId: null,
    });
  });
});

describe('abilitiesOf', () => {
  it('offers each side the buttons it may press', () => {
    expect(abilitiesOf(post(), author)).toEqual({
      take: false,
      release: false,
      resolve: true,
      close: true,
      remove: false,
      reply: true,
    });
    expect(abilitiesOf(post(), neighbour)).toEqual({
      take: true,
      release: false,
      resolve: false,
      close: false,
      remove: false,
      reply: true,
    });
    expect(abilitiesOf(post(takenBy2), helperMate)).toEqual({
      take: false,
      release: true,
      resolve: true,
      close: false,
      remove: false,
      reply: true,
    });
    expect(abilitiesOf(post({ kind: 'notice' }), admin)).toEqual({
      take: false,
      release: false,
      resolve: false,
      close: true,
      remove: true,
      reply: true,
    });
    expect(abilitiesOf(post(), unverified)).toEqual({
      take: false,
      release: false,
      resolve: false,
      close: false,
      remove: false,
      reply: false,
    });
  });
});

describe('cursors and text', () => {
  it('round-trips a cursor and refuses anything else', () => {
    const p = { createdAt: new Date('2026-12-06T08:00:00.123Z'), id: '8c6f2f1e-3f4a-4c55-9d51-0f3f2b8e1a11' };
    expect(decodeCursor(encodeCursor(p))).toEqual(p);
    expect(decodeCursor('yesterday')).toBeNull();
    expect(decodeCursor(`2026-13-45T00:00:00.000Z_${p.id}`)).toBeNull();
  });

  it('trims, unifies line ends and squeezes blank lines', () => {
    expect(tidyText('  a\r\n\r\n\r\n\rb \n')).toBe('a\n\nb');
  });
});
