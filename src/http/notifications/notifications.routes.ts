import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Container } from '../../container.ts';
import { bellOf, listNotifications, markNotificationsRead } from '../../core/notifications/feed.ts';
import { bellChannel } from '../../realtime/realtime-bridge.ts';
import { bellReconnectDelayMs, lastEventIdQuery, streamEvents } from '../realtime/event-stream.ts';
import { requireActor } from '../auth.ts';
import { presentFeed } from './notifications.presenter.ts';
import { communityParams, feedOut, feedQuery, markReadBody, markReadOut } from './notifications.schemas.ts';

const tags = ['notifications'];

/** The in-app notification centre (docs/notifications.md); also runs the notifier while the app runs. */
export async function notificationsRoutes(
  root: FastifyInstance,
  opts: { container: Container },
): Promise<void> {
  const { container } = opts;
  const deps = container.notificationsDeps;
  const app = root.withTypeProvider<ZodTypeProvider>();

  root.addHook('onReady', async () => container.notifier.start());
  root.addHook('onClose', async () => container.notifier.stop());

  app.get(
    '/api/communities/:communityId/notifications',
    {
      schema: {
        tags,
        summary: "The member's notifications: their household's and the compound's, newest first",
        params: communityParams,
        querystring: feedQuery,
        response: { 200: feedOut },
      },
      config: { skipOrderJournal: true },
    },
    async (request) => {
      const actor = requireActor(request);
      const feed = await listNotifications(deps, actor, {
        communityId: request.params.communityId,
        before: request.query.before,
        limit: request.query.limit,
      });
      return presentFeed(feed);
    },
  );

  app.get(
    '/api/communities/:communityId/notifications/events',
    {
      schema: {
        tags,
        summary:
          "The member's bell (server-sent events): `unread` (their count) when it opens, `notification.created` when their feed has something new (their household's, the compound's, a proxy household's they look after), `buy.opened` when a buy opens, `street` when 邻里街坊 posts are put up or change, `read` when a member of the household marked notifications read (ask the count again)",
        params: communityParams,
        querystring: lastEventIdQuery,
        produces: ['text/event-stream'],
      },
      config: { skipOrderJournal: true },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const bell = await bellOf(deps, actor, request.params.communityId);
      // Its frames carry no id: nothing to replay. Its first word is the member's unread count (BellCounts),
      // so a phone asks nothing when it opens or comes back.
      await streamEvents(request, reply, {
        sse: container.sse,
        replays: container.replays,
        channel: bellChannel(bell.communityId, bell.householdId),
        // A volunteer's bell rings for the proxy households they look after, too (代管).
        alsoChannels: bell.looksAfter.map((h) => bellChannel(bell.communityId, h)),
        source: { load: async () => [], framesOf: () => [], limit: 1 },
        opened: (stream) =>
          container.bellCounts.request({ communityId: bell.communityId, userId: actor.userId, stream }),
        reconnectDelayMs: bellReconnectDelayMs,
      });
    },
  );

  app.post(
    '/api/communities/:communityId/notifications/read',
    {
      schema: {
        tags,
        summary: 'Mark notifications read up to one (upTo), or all of them',
        params: communityParams,
        body: markReadBody,
        response: { 200: markReadOut },
      },
      config: { skipOrderJournal: true },
    },
    async (request) => {
      const actor = requireActor(request);
      return markNotificationsRead(deps, actor, {
        communityId: request.params.communityId,
        upTo: request.body?.upTo,
      });
    },
  );
}
