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
        channel: buyChannel(buyId),
        replay: (afterId) => container.eventStore.buyEventsAfter(buyId, afterId),
        // Replayed as they went live: a batch's order events as one `orders.changed` frame (~110 bytes a line,
        // not ~560), so a page reconnecting after a rush is sent and makes a fifth of the bytes.
        framesOf: buyFrames,
        // A frame about one household (order.adjusted, package.delivered …) reaches that household only.
        accept: (frame) =>
          mayReceiveFrame(frame, { communityId: viewer.communityId ?? '', householdId: viewer.householdId }),
      });
    },
  );
}
