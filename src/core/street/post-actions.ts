/** 邻里街坊: what people do with a post: take a need, release it, resolve, close, remove, reply (docs/street.md). */
import type { Actor } from '../shared/actor.ts';
import { AppError, notFound } from '../shared/app-error.ts';
import type { PostEventFacts } from '../shared/events.ts';
import type { Post, Reply } from './model.ts';
import { applyPatch, decide, partyOf, tidyText, type PostAction } from './post-fns.ts';
import { isAuthorSide, roleOf, type StreetViewer } from './policies.ts';
import { forViewer, visiblePost, type PostForViewer, type StreetDeps } from './posts.ts';

type StateAction = Exclude<PostAction, 'reply'>;

const facts = (post: Post, v: StreetViewer, at: Date): PostEventFacts => {
  const by = partyOf(v);
  return {
    postHouseholdId: post.householdId,
    postTitle: post.title,
    byLabel: by.label,
    byRole: by.role,
    byOwnSide: isAuthorSide(v, post),
    at: at.toISOString(),
  };
};

/** Throws what `decide` refused, as the error the route answers. */
function refuse(d: { status: 403 | 409; code: string; message: string }): never {
  throw new AppError(d.status === 403 ? 'forbidden' : 'conflict', d.message, { code: d.code });
}

/**
 * Takes, releases, resolves, closes or removes a post, on its row held for the change: two neighbours who
 * press 我来帮忙 at once get one `taken` and one 409 `post_taken`. Doing again what is done is a no-op.
 */
export async function actOnPost(
  deps: StreetDeps,
  actor: Actor,
  postId: string,
  action: StateAction,
  reason = '',
): Promise<PostForViewer> {
  // Who the caller is, read outside the transaction (the embedded database has one connection).
  const { viewer } = await visiblePost(deps, actor, postId);
  const at = deps.clock.now();
  const outcome = await deps.repo.transaction(async (repo) => {
    const post = await repo.findPost(postId, true);
    if (!post) throw notFound('post');
    const d = decide(post, viewer, action, tidyText(reason));
    if (d.kind === 'error') refuse(d);
    if (d.kind === 'same') return { post, changed: false };
    const next = applyPatch(post, d.patch, at);
    await repo.updatePost(next);
    return { post: next, changed: true };
  });
  if (outcome.changed)
    deps.events.publish([
      {
        type: 'post.changed',
        communityId: outcome.post.communityId,
        postId,
        kind: outcome.post.kind,
        action,
        status: outcome.post.status,
        ...facts(outcome.post, viewer, at),
      },
    ]);
  return forViewer(outcome.post, viewer);
}

/** Answers an active post. The post's household hears of it unless the reply is its own. */
export async function replyToPost(
  deps: StreetDeps,
  actor: Actor,
  postId: string,
  body: string,
): Promise<{ reply: Reply; mine: boolean }> {
  const { viewer } = await visiblePost(deps, actor, postId);
  const at = deps.clock.now();
  const reply: Reply = {
    id: deps.ids.id(),
    postId,
    communityId: viewer.communityId,
    householdId: viewer.household?.id ?? null,
    householdLabel: viewer.household?.label ?? null,
    memberId: viewer.memberId,
    role: roleOf(viewer),
    body: tidyText(body),
    createdAt: at,
  };
  const post = await deps.repo.transaction(async (repo) => {
    const found = await repo.findPost(postId, true);
    if (!found) throw notFound('post');
    const d = decide(found, viewer, 'reply');
    if (d.kind === 'error') refuse(d);
    await repo.insertReply(reply);
    return found;
  });
  deps.events.publish([
    {
      type: 'post.replied',
      communityId: viewer.communityId,
      postId,
      replyId: reply.id,
      ...facts(post, viewer, at),
    },
  ]);
  return { reply, mine: true };
}
