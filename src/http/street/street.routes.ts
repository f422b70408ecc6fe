import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Container } from '../../container.ts';
import { actOnPost, replyToPost } from '../../core/street/post-actions.ts';
import { decodeCursor, encodeCursor } from '../../core/street/post-fns.ts';
import { createPost, readBoard, readPost } from '../../core/street/posts.ts';
import { AppError } from '../../core/shared/app-error.ts';
import { requireActor } from '../auth.ts';
import { communityParams } from '../community/community.schemas.ts';
import { presentPost, presentReply } from './street.presenter.ts';
import {
  boardOut,
  boardQuery,
  newPostBody,
  postOut,
  postParams,
  postWithRepliesOut,
  removeBody,
  replyBody,
  replyOut,
} from './street.schemas.ts';

const ACTIONS = [
  ['take', '我来帮忙: take an open help request (anyone who may post, but its own household)'],
  ['release', '不帮了 / 换人: a taken help request goes back to open (its helper, its household, an admin)'],
  ['resolve', '已解决: a help request was met (its household, its helper, an admin)'],
  ['close', '关闭: take an active post off the board (its household or poster, an admin)'],
] as const;

/** 邻里街坊, the compound's online street (docs/street.md). Nothing here reads orders. */
export async function streetRoutes(root: FastifyInstance, opts: { container: Container }): Promise<void> {
  const deps = opts.container.streetDeps;
  const security: { [name: string]: string[] }[] = [{ bearer: [] }, { session: [] }];
  const config = { skipOrderJournal: true };
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/communities/:communityId/posts',
    {
      config,
      schema: {
        tags: ['street'],
        security,
        summary:
          "The compound's board, newest first: active (default) or ended posts, by kind, or the caller's",
        params: communityParams,
        querystring: boardQuery,
        response: { 200: boardOut },
      },
    },
    async (request) => {
      const q = request.query;
      const before = q.before === undefined ? null : decodeCursor(q.before);
      if (q.before !== undefined && before === null)
        throw new AppError('bad_request', 'Not a cursor this board gave', { code: 'validation_failed' });
      const board = await readBoard(deps, requireActor(request), {
        communityId: request.params.communityId,
        kind: q.kind ?? null,
        state: q.state,
        mine: q.mine === 'true',
        before,
        limit: q.limit,
      });
      const last = board.posts.at(-1)?.post;
      return {
        posts: board.posts.map(presentPost),
        nextCursor: board.more && last ? encodeCursor(last) : null,
        waiting: board.waiting,
      };
    },
  );

  app.post(
    '/api/communities/:communityId/posts',
    {
      config,
      schema: {
        tags: ['street'],
        security,
        summary:
          'Put a post up (a notice: admins and leaders; with `householdId`, for that household: its building volunteer or an admin)',
        params: communityParams,
        body: newPostBody,
        response: { 201: postOut },
      },
    },
    async (request, reply) => {
      const post = await createPost(deps, requireActor(request), request.params.communityId, request.body);
      return reply.code(201).send(presentPost(post));
    },
  );

  app.get(
    '/api/posts/:postId',
    {
      config,
      schema: {
        tags: ['street'],
        security,
        summary: 'A post and its replies, oldest first',
        params: postParams,
        response: { 200: postWithRepliesOut },
      },
    },
    async (request) => {
      const r = await readPost(deps, requireActor(request), request.params.postId);
      return { post: presentPost(r.post), replies: r.replies.map(presentReply) };
    },
  );

  for (const [action, summary] of ACTIONS)
    app.post(
      `/api/posts/:postId/${action}`,
      {
        config,
        schema: { tags: ['street'], security, summary, params: postParams, response: { 200: postOut } },
      },
      async (request) =>
        presentPost(await actOnPost(deps, requireActor(request), request.params.postId, action)),
    );

  app.post(
    '/api/posts/:postId/remove',
    {
      config,
      schema: {
        tags: ['street'],
        security,
        summary: 'Take a post down, with the reason (admins); it leaves every list',
        params: postParams,
        body: removeBody,
        response: { 200: postOut },
      },
    },
    async (request) =>
      presentPost(
        await actOnPost(deps, requireActor(request), request.params.postId, 'remove', request.body.reason),
      ),
  );

  app.post(
    '/api/posts/:postId/replies',
    {
      config,
      schema: {
        tags: ['street'],
        security,
        summary: "Answer an active post; its household is told (unless it is the household's own reply)",
        params: postParams,
        body: replyBody,
        response: { 201: replyOut },
      },
    },
    async (request, reply) => {
      const r = await replyToPost(deps, requireActor(request), request.params.postId, request.body.body);
      return reply.code(201).send(presentReply(r));
    },
  );
}
