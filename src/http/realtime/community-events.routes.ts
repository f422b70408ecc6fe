import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { forbidden } from '../../core/shared/app-error.ts';
import { mayReceiveFrame } from '../../core/notifications/frames.ts';
import { canReadFeed } from '../../core/notifications/policies.ts';
import { communityEventsAfter } from '../../db/repos/event-store.ts';
import { communityChannel, frameOf } from '../../realtime/realtime-bridge.ts';
import type { Container } from '../../container.ts';
import { requireActor } from '../auth.ts';
import { lastEventIdQuery, streamEvents } from './event-stream.ts';

const params = z.object({ communityId: z.uuid() });

/** The most events a compound's stream replays (one frame each, every buy's orders among them). */
export const COMMUNITY_REPLAY_LIMIT = 500;

/**
 * GET /api/communities/{communityId}/events: a text/event-stream of the compound's domain events (buys
 * opening and changing, notification.created …), for members only. Frames about one household (its
 * notifications, its claim) reach that household's verified members only. Mirrors buy-events.routes.ts,
 * Last-Event-ID replay included.
 */
export async function communityEventsRoutes(
  app: FastifyInstance,
  opts: { container: Container },
): Promise<void> {
  const { container } = opts;
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/communities/:communityId/events',
    {
      schema: {
        params,
        querystring: lastEventIdQuery,
        tags: ['notifications'],
        summary: "Live updates of a compound, the member's notifications included (server-sent events)",
        produces: ['text/event-stream'],
      },
      // Replays stored domain events, which are written when published, not held in the journal.
      config: { skipOrderJournal: true },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { communityId } = request.params;
      const viewer = await container.notificationsDeps.repo.viewer(communityId, actor.userId);
      if (!canReadFeed(viewer))
        throw forbidden('Only members of this compound can follow its updates', 'not_a_member');

      await streamEvents(request, reply, {
        sse: container.sse,
        replays: container.replays,
        channel: communityChannel(communityId),
        // One frame per event: ~560 bytes each. A client that missed more is told so (`replayed`).
        source: {
          load: (afterId, limit) => communityEventsAfter(container.db, communityId, afterId, limit),
          framesOf: (stored) => stored.map(frameOf),
          limit: COMMUNITY_REPLAY_LIMIT,
        },
        accept: (frame) => mayReceiveFrame(frame, viewer),
      });
    },
  );
}
