/** 邻里街坊: reading the board and a post, and putting a post up (docs/street.md). */
import type { CommunityRepo } from '../community/ports.ts';
import type { Actor } from '../shared/actor.ts';
import { conflict, forbidden, notFound } from '../shared/app-error.ts';
import type { Clock, EventPublisher, IdGenerator } from '../shared/ports.ts';
import { NOT_MEMBER } from '../community/access.ts';
import { OPEN_POSTS_MAX, type Post, type PostAbilities, type PostKind, type Reply } from './model.ts';
import { abilitiesOf, tidyText } from './post-fns.ts';
import { isAuthorSide, mayPostFor, mayPostKind, roleOf, type StreetViewer } from './policies.ts';
import type { StreetRepo } from './ports.ts';

export interface StreetDeps {
  community: Pick<CommunityRepo, 'findCommunity' | 'membershipView' | 'findHousehold'>;
  repo: StreetRepo;
  clock: Clock;
  ids: IdGenerator;
  events: EventPublisher;
}

/** A post as the caller sees it: on the author's side or not, and what they may do. */
export interface PostForViewer {
  post: Post;
  mine: boolean;
  can: PostAbilities;
}

export const forViewer = (post: Post, v: StreetViewer): PostForViewer => ({
  post,
  mine: isAuthorSide(v, post),
  can: abilitiesOf(post, v),
});

/** The caller as 邻里街坊 sees them (404: no such compound; 403: not a member of it). */
export async function streetViewer(
  deps: Pick<StreetDeps, 'community'>,
  actor: Actor,
  communityId: string,
): Promise<StreetViewer> {
  const [community, me] = await Promise.all([
    deps.community.findCommunity(communityId),
    deps.community.membershipView(communityId, actor.userId),
  ]);
  if (!community) throw notFound('community');
  if (!me) throw forbidden(NOT_MEMBER, 'not_member');
  const h = me.household;
  return {
    memberId: me.memberId,
    communityId,
    isAdmin: me.isAdmin,
    isLeader: me.isLeader,
    volunteerBuildingIds: me.volunteerBuildingIds,
    household: h && h.status === 'verified' ? { id: h.id, label: h.label, buildingId: h.buildingId } : null,
  };
}

/** A post the viewer may see: a removed one is a 404 to all but the compound's admins. */
export async function visiblePost(
  deps: Pick<StreetDeps, 'community' | 'repo'>,
  actor: Actor,
  postId: string,
): Promise<{ post: Post; viewer: StreetViewer }> {
  const post = await deps.repo.findPost(postId);
  if (!post) throw notFound('post');
  const viewer = await streetViewer(deps, actor, post.communityId);
  if (post.status === 'removed' && !viewer.isAdmin) throw notFound('post');
  return { post, viewer };
}

export interface BoardInput {
  communityId: string;
  kind: PostKind | null;
  state: 'active' | 'ended';
  mine: boolean;
  before: { createdAt: Date; id: string } | null;
  limit: number;
}

/** A page of the board, newest first, and how many needs wait for a helper. Any member reads it. */
export async function readBoard(
  deps: Pick<StreetDeps, 'community' | 'repo'>,
  actor: Actor,
  input: BoardInput,
): Promise<{ posts: PostForViewer[]; more: boolean; waiting: number }> {
  const viewer = await streetViewer(deps, actor, input.communityId);
  const [found, waiting] = await Promise.all([
    deps.repo.listPosts({
      communityId: input.communityId,
      kind: input.kind,
      state: input.state,
      mine: input.mine ? { householdId: viewer.household?.id ?? null, memberId: viewer.memberId } : null,
      before: input.before,
      limit: input.limit + 1,
    }),
    deps.repo.countWaiting(input.communityId),
  ]);
  const page = found.slice(0, input.limit);
  return { posts: page.map((p) => forViewer(p, viewer)), more: found.length > input.limit, waiting };
}

/** A post and its replies (oldest first). */
export async function readPost(
  deps: Pick<StreetDeps, 'community' | 'repo'>,
  actor: Actor,
  postId: string,
): Promise<{ post: PostForViewer; replies: { reply: Reply; mine: boolean }[] }> {
  const { post, viewer } = await visiblePost(deps, actor, postId);
  const replies = await deps.repo.listReplies(post.id);
  return {
    post: forViewer(post, viewer),
    replies: replies.map((reply) => ({
      reply,
      mine:
        reply.memberId === viewer.memberId ||
        (reply.householdId !== null && reply.householdId === viewer.household?.id),
    })),
  };
}

export interface NewPostInput {
  kind: PostKind;
  title: string;
  body?: string | null;
  /** 代发: the household to post for (an admin, or the volunteer of its building). */
  householdId?: string | null;
}

/**
 * Puts a post up: from the caller's verified household, or (代发) for a household of their buildings; a role
 * holder without a household posts as their role. At most OPEN_POSTS_MAX active posts per household.
 */
export async function createPost(
  deps: StreetDeps,
  actor: Actor,
  communityId: string,
  input: NewPostInput,
): Promise<PostForViewer> {
  const viewer = await streetViewer(deps, actor, communityId);
  if (!mayPostKind(viewer, input.kind)) {
    if (input.kind === 'notice')
      throw forbidden('Only an admin or a leader of this compound can post a notice (公告)');
    throw forbidden(
      'Only members of a verified household (or the compound’s admins, leaders and volunteers) can post',
      'household_not_verified',
    );
  }
  // A notice speaks for the committee or the leaders, not for a home: it carries the role alone.
  let household = input.kind === 'notice' ? null : viewer.household;
  let onBehalf = false;
  if (input.householdId && input.householdId !== viewer.household?.id) {
    const target = await deps.community.findHousehold(input.householdId);
    if (!target || target.communityId !== communityId) throw notFound('household');
    if (!mayPostFor(viewer, target, input.kind))
      throw forbidden("Only an admin or the building's volunteer can post for a household (代发)");
    household = { id: target.id, label: target.label, buildingId: target.buildingId };
    onBehalf = true;
  }

  const at = deps.clock.now();
  const post: Post = {
    id: deps.ids.id(),
    communityId,
    kind: input.kind,
    status: 'open',
    title: tidyText(input.title),
    body: input.body ? tidyText(input.body) || null : null,
    householdId: household?.id ?? null,
    householdLabel: household?.label ?? null,
    buildingId: household?.buildingId ?? null,
    authorMemberId: viewer.memberId,
    authorRole: roleOf(viewer),
    onBehalf,
    helperHouseholdId: null,
    helperLabel: null,
    helperMemberId: null,
    helperRole: null,
    replyCount: 0,
    removedReason: null,
    createdAt: at,
    updatedAt: at,
    endedAt: null,
  };
  await deps.repo.transaction(async (repo) => {
    // Counted and written in one transaction; two posts at once from one household may both pass (a sixth
    // post at worst), which is not worth a lock.
    const active = await repo.countActive(
      household ? { householdId: household.id } : { memberId: viewer.memberId },
    );
    if (active >= OPEN_POSTS_MAX)
      throw conflict(
        `A household has at most ${OPEN_POSTS_MAX} posts on the board at once: close one first`,
        'too_many_open_posts',
      );
    await repo.insertPost(post);
  });
  deps.events.publish([
    { type: 'post.created', communityId, postId: post.id, kind: post.kind, at: at.toISOString() },
  ]);
  return forViewer(post, viewer);
}
