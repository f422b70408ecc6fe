import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { forbidden } from '../../core/shared/app-error.ts';
import { mayReceiveFrame } from '../../core/notifications/frames.ts';
import { canReadFeed } from '../../core/notifications/policies.ts';
import { communityEventsAfter } from '../../db/repos/notifications-repo.ts';
import { communityChannel, frameOf } from '../../realtime/realtime-bridge.ts';
import type { SseClient } from '../../realtime/sse-hub.ts';
import type { Container } from '../../container.ts';
import { requireActor } from '../auth.ts';

const params = z.object({ communityId: z.uuid() });
const query = z.object({ lastEventId: z.coerce.number().int().min(0).optional() });
const lastEventIdHeader = z.coerce.number().int().min(0);

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
        querystring: query,
        tags: ['notifications'],
        summary: "Live updates of a compound, the member's notifications included (server-sent events)",
        produces: ['text/event-stream'],
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { communityId } = request.params;
      const viewer = await container.notificationsDeps.repo.viewer(communityId, actor.userId);
      if (!canReadFeed(viewer))
        throw forbidden('Only members of this compound can follow its updates', 'not_a_member');

      const header = request.headers['last-event-id'];
      const parsedHeader = lastEventIdHeader.safeParse(Array.isArray(header) ? header[0] : header);
      const lastEventId = request.query.lastEventId ?? (parsedHeader.success ? parsedHeader.data : undefined);

      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      res.write('retry: 3000\n: connected\n\n');

      const send = (frame: string) => (mayReceiveFrame(frame, viewer) ? res.write(frame) : true);
      // Subscribe before replaying so nothing falls between the two; frames that arrive meanwhile are held.
      let held: string[] | null = [];
      const client: SseClient = {
        write: (frame) => {
          if (held) {
            held.push(frame);
            return true;
          }
          return send(frame);
        },
        backlog: () => res.writableLength,
        close: () => res.destroy(),
      };
      const unsubscribe = container.sse.subscribe(communityChannel(communityId), client);
      res.on('close', unsubscribe);

      let replayedUpTo = lastEventId ?? Number.MAX_SAFE_INTEGER;
      if (lastEventId !== undefined) {
        try {
          const missed = await communityEventsAfter(container.db, communityId, lastEventId);
          for (const stored of missed) send(frameOf(stored));
          replayedUpTo = missed.at(-1)?.id ?? lastEventId;
        } catch (err) {
          // The stream is already open: a failed replay is logged and the client refetches on its own.
          request.log.warn({ err }, 'community events replay failed');
        }
      }
      const pending = held;
      held = null;
      for (const frame of pending) {
        const id = /^id: (\d+)/.exec(frame);
        if (lastEventId === undefined || !id || Number(id[1]) > replayedUpTo) send(frame);
      }
    },
  );
}
