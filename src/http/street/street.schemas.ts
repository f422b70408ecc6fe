import { z } from 'zod';
import {
  BODY_MAX,
  POST_KINDS,
  POST_STATUSES,
  REMOVE_REASON_MAX,
  REPLY_MAX,
  TITLE_MAX,
} from '../../core/street/model.ts';
import { CURSOR_PATTERN } from '../../core/street/post-fns.ts';

export const postParams = z.object({ postId: z.uuid() });

/** Text a person typed: trimmed, then at least `min` and at most `max` characters. */
const text = (min: number, max: number) => z.string().trim().min(min).max(max);

export const boardQuery = z.object({
  kind: z.enum(POST_KINDS).optional(),
  state: z.enum(['active', 'ended']).default('active'),
  /** The caller's household's posts, the ones they posted, and the needs they help with. */
  mine: z.enum(['true', 'false']).default('false'),
  /** The `nextCursor` of the page before. */
  before: z.string().regex(CURSOR_PATTERN, 'Not a cursor this board gave').optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export const newPostBody = z.object({
  kind: z.enum(POST_KINDS),
  title: text(1, TITLE_MAX),
  body: text(0, BODY_MAX).nullable().optional(),
  /** 代发: the household to post for (an admin, or the volunteer of its building). */
  householdId: z.uuid().nullable().optional(),
});

export const removeBody = z.object({ reason: text(1, REMOVE_REASON_MAX) });
export const replyBody = z.object({ body: text(1, REPLY_MAX) });

const role = z.enum(['admin', 'leader', 'volunteer']).nullable();
/** Who wrote or helps: a household label and a role, never a name. */
const party = z.object({ label: z.string().nullable(), role });

export const postOut = z.object({
  id: z.uuid(),
  communityId: z.uuid(),
  kind: z.enum(POST_KINDS),
  status: z.enum(POST_STATUSES),
  title: z.string(),
  body: z.string().nullable(),
  author: party,
  /** An admin or a volunteer posted it for the household (代发). */
  onBehalf: z.boolean(),
  helper: party.nullable(),
  replyCount: z.int().min(0),
  /** Why an admin took it down (admins only see a removed post). */
  removedReason: z.string().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  endedAt: z.iso.datetime().nullable(),
  /** The caller is on the post's own side (its household, its poster). */
  mine: z.boolean(),
  /** What the caller may do now. */
  can: z.object({
    take: z.boolean(),
    release: z.boolean(),
    resolve: z.boolean(),
    close: z.boolean(),
    remove: z.boolean(),
    reply: z.boolean(),
  }),
});

export const replyOut = z.object({
  id: z.uuid(),
  author: party,
  body: z.string(),
  createdAt: z.iso.datetime(),
  mine: z.boolean(),
});

export const boardOut = z.object({
  posts: z.array(postOut),
  /** Pass as `before` for the next page; null: no more. */
  nextCursor: z.string().nullable(),
  /** The compound's open needs nobody has taken yet. */
  waiting: z.int().min(0),
});

export const postWithRepliesOut = z.object({ post: postOut, replies: z.array(replyOut) });
