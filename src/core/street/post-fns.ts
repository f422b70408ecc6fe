/**
 * 邻里街坊's rules (docs/street.md): what an action does to a post, for whom, and in which state. Pure: the
 * use-cases load the post and the viewer, ask `decide`, and write what it says.
 */
import type { Party, Post, PostAbilities, PostStatus, StreetRole } from './model.ts';
import { ACTIVE_STATUSES, REPLIES_MAX } from './model.ts';
import { isAuthorSide, isHelperSide, isKnown, roleOf, type StreetViewer } from './policies.ts';

export type PostAction = 'take' | 'release' | 'resolve' | 'close' | 'remove' | 'reply';
export const POST_ACTIONS: readonly PostAction[] = ['take', 'release', 'resolve', 'close', 'remove', 'reply'];

/** What an action would do: change the post, leave it as it is (a retry), or fail (with the HTTP status). */
export type Decision =
  | { kind: 'change'; patch: PostPatch }
  | { kind: 'same' }
  | { kind: 'error'; status: 403 | 409; code: string; message: string };

/** The fields an action changes (`endedAt`/`updatedAt` are the use-case's clock). */
export interface PostPatch {
  status: PostStatus;
  helper?: {
    householdId: string | null;
    label: string | null;
    memberId: string;
    role: StreetRole | null;
  } | null;
  removedReason?: string;
  ended?: boolean;
}

/** How the viewer is shown on the street. */
export const partyOf = (v: StreetViewer): Party => ({ label: v.household?.label ?? null, role: roleOf(v) });

export const isActive = (status: PostStatus): boolean => ACTIVE_STATUSES.includes(status);

const fail = (status: 403 | 409, code: string, message: string): Decision => ({
  kind: 'error',
  status,
  code,
  message,
});
const FORBIDDEN = (message: string) => fail(403, 'forbidden', message);
const UNKNOWN = fail(
  403,
  'household_not_verified',
  'Only members of a verified household (or the compound’s admins, leaders and volunteers) can do this',
);
const ENDED = fail(409, 'post_ended', 'This post has ended');
const NOT_A_NEED = fail(409, 'not_a_need', 'Only a help request (求助) can be taken or resolved');

/**
 * What `action` by `v` does to `post`. `reason` is a removal's (already checked for length). The checks run in
 * the order a person would want to hear them: who you are, then what the post is, then its state.
 */
export function decide(post: Post, v: StreetViewer, action: PostAction, reason = ''): Decision {
  const author = isAuthorSide(v, post);
  const helper = isHelperSide(v, post);
  switch (action) {
    case 'take': {
      if (!isKnown(v)) return UNKNOWN;
      if (post.kind !== 'need') return NOT_A_NEED;
      if (post.status === 'taken')
        return helper ? { kind: 'same' } : fail(409, 'post_taken', 'Someone is already helping with this');
      if (post.status !== 'open') return ENDED;
      if (author) return fail(409, 'own_post', 'This is your own help request');
      return {
        kind: 'change',
        patch: {
          status: 'taken',
          helper: {
            householdId: v.household?.id ?? null,
            label: v.household?.label ?? null,
            memberId: v.memberId,
            role: roleOf(v),
          },
        },
      };
    }
    case 'release': {
      // Released already (a retry, by whoever held it): nothing to do.
      if (post.status === 'open') return { kind: 'same' };
      if (!(author || helper || v.isAdmin))
        return FORBIDDEN('Only the helper, the post’s household or an admin can do this');
      if (post.status !== 'taken') return ENDED;
      return { kind: 'change', patch: { status: 'open', helper: null } };
    }
    case 'resolve': {
      if (post.kind !== 'need') return NOT_A_NEED;
      if (!(author || helper || v.isAdmin))
        return FORBIDDEN('Only the post’s household, its helper or an admin can do this');
      if (post.status === 'resolved') return { kind: 'same' };
      if (!isActive(post.status)) return ENDED;
      return { kind: 'change', patch: { status: 'resolved', ended: true } };
    }
    case 'close': {
      if (!(author || v.isAdmin)) return FORBIDDEN('Only the post’s household or an admin can close it');
      if (post.status === 'closed') return { kind: 'same' };
      if (!isActive(post.status)) return ENDED;
      return { kind: 'change', patch: { status: 'closed', ended: true } };
    }
    case 'remove': {
      if (!v.isAdmin) return FORBIDDEN('Only an admin of this compound can take a post down');
      if (post.status === 'removed') return { kind: 'same' };
      return { kind: 'change', patch: { status: 'removed', removedReason: reason, ended: true } };
    }
    case 'reply': {
      if (!isKnown(v)) return UNKNOWN;
      if (!isActive(post.status)) return ENDED;
      if (post.replyCount >= REPLIES_MAX)
        return fail(409, 'too_many_replies', `A post takes at most ${REPLIES_MAX} replies`);
      return { kind: 'change', patch: { status: post.status } };
    }
  }
}

/** The buttons to show: each action that would change the post now. */
export function abilitiesOf(post: Post, v: StreetViewer): PostAbilities {
  const can = (a: PostAction) => decide(post, v, a, 'x').kind === 'change';
  return {
    take: can('take'),
    release: can('release'),
    resolve: can('resolve'),
    close: can('close'),
    remove: can('remove'),
    reply: can('reply'),
  };
}

/** The post after a change (what the repository writes, and what the caller is answered). */
export function applyPatch(post: Post, patch: PostPatch, at: Date): Post {
  const next: Post = { ...post, status: patch.status, updatedAt: at };
  if (patch.helper === null) {
    next.helperHouseholdId = null;
    next.helperMemberId = null;
    next.helperRole = null;
    next.helperLabel = null;
  } else if (patch.helper) {
    next.helperHouseholdId = patch.helper.householdId;
    next.helperMemberId = patch.helper.memberId;
    next.helperRole = patch.helper.role;
    next.helperLabel = patch.helper.label;
  }
  if (patch.removedReason !== undefined) next.removedReason = patch.removedReason;
  if (patch.ended) next.endedAt = at;
  return next;
}

/** The board's paging cursor: the last post's time and id, as text. */
export function encodeCursor(p: { createdAt: Date; id: string }): string {
  return `${p.createdAt.toISOString()}_${p.id}`;
}

export const CURSOR_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z_[0-9a-f-]{36}$/;

export function decodeCursor(cursor: string): { createdAt: Date; id: string } | null {
  if (!CURSOR_PATTERN.test(cursor)) return null;
  const [at, id] = cursor.split('_') as [string, string];
  const createdAt = new Date(at);
  return Number.isNaN(createdAt.getTime()) ? null : { createdAt, id };
}

/** A title or a body as kept: trimmed, blank lines squeezed; a blank body is none. */
export function tidyText(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
