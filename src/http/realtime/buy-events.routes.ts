import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../core/shared/app-error.ts';
import { canFollowBuy } from '../../core/realtime/policies.ts';
import { mayReceiveFrame } from '../../core/notifications/frames.ts';
import { buyFrames } from '../../realtime/buy-frames.ts';
import { buyChannel } from '../../realtime/realtime-bridge.ts';
import type { Container } from '../../container.ts';
import { requireActor } from '../auth.ts';
import { lastEventIdQuery, streamEvents } from './event-stream.ts';

const params = z.object({ buyId: z.uuid() });

/**
 * The most events a buy's stream replays: a whole rush of a large compound (10,000 households, ~1 MB of 接龙
 * lines, ~0.1 MB in gzip). A page that missed more is told the replay is not complete, and refetches.
 */
export const BUY_REPLAY_LIMIT = 20_000;

/**
 * GET /api/buys/{buyId}/events: a text/event-stream of the buy's domain events. A client that reconnects
 * with Last-Event-ID (or ?lastEventId= for clients that cannot set headers) first receives what it missed.
 */
export async function buyEventsRoutes(app: FastifyInstance, opts: { container: Container }): Promise<void> {
  const { container } = opts;
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/buys/:buyId/events',
    {
      schema: {
        params,
        querystring: lastEventIdQuery,
        tags: ['buys'],
        summary: 'Live updates of a buy (server-sent events)',
        produces: ['text/event-stream'],
      },
      // Replays stored domain events, which are written when published, not held in the journal.
      config: { skipOrderJournal: true },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { buyId } = request.params;
      const viewer = await container.realtimeRepo.buyViewer(buyId, actor.userId);
      const decision = canFollowBuy(viewer);
      if (decision === 'not_found') throw new AppError('not_found', 'No such buy', { code: 'buy_not_found' });
      if (decision === 'forbidden')
        throw new AppError('forbidden', 'Only members of this compound can follow this buy', {
          code: 'not_a_member',
        });

      await streamEvents(request, reply, {
        sse: container.sse,
        replays: container.replays,
        channel: buyChannel(buyId),
        source: {
          load: (afterId, limit) => container.eventStore.buyEventsAfter(buyId, afterId, limit),
          // Replayed as they went live: a batch's order events as one `orders.changed` frame (~110 bytes a
          // line, not ~560), so a page reconnecting after a rush is sent and makes a fifth of the bytes.
          framesOf: buyFrames,
          limit: BUY_REPLAY_LIMIT,
        },
        // A frame about one household (order.adjusted, package.delivered …) reaches that household only: a
        // buy page is its reader's own household's (a proxy's volunteer follows it on the board and the bell).
        accept: (frame) =>
          mayReceiveFrame(frame, {
            communityId: viewer.communityId ?? '',
            householdId: viewer.householdId,
            looksAfter: [],
          }),
      });
    },
  );
}
