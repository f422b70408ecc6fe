import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../core/shared/app-error.ts';
import { canFollowBuy } from '../../core/realtime/policies.ts';
import { buyChannel, frameOf } from '../../realtime/realtime-bridge.ts';
import type { SseClient } from '../../realtime/sse-hub.ts';
import type { Container } from '../../container.ts';
import { requireActor } from '../auth.ts';

const params = z.object({ buyId: z.uuid() });
const query = z.object({ lastEventId: z.coerce.number().int().min(0).optional() });
const lastEventIdHeader = z.coerce.number().int().min(0);

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
        querystring: query,
        tags: ['buys'],
        summary: 'Live updates of a buy (server-sent events)',
        produces: ['text/event-stream'],
      },
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

      // Subscribe before replaying so nothing falls between the two; frames that arrive meanwhile are held.
      let held: string[] | null = [];
      const client: SseClient = {
        write: (frame) => {
          if (held) {
            held.push(frame);
            return true;
          }
          return res.write(frame);
        },
        backlog: () => res.writableLength,
        close: () => res.destroy(),
      };
      const unsubscribe = container.sse.subscribe(buyChannel(buyId), client);
      res.on('close', unsubscribe);

      let replayedUpTo = lastEventId ?? Number.MAX_SAFE_INTEGER;
      if (lastEventId !== undefined) {
        const missed = await container.eventStore.buyEventsAfter(buyId, lastEventId);
        for (const stored of missed) res.write(frameOf(stored));
        replayedUpTo = missed.at(-1)?.id ?? lastEventId;
      }
      const pending = held;
      held = null;
      for (const frame of pending) {
        const id = /^id: (\d+)/.exec(frame);
        if (lastEventId === undefined || !id || Number(id[1]) > replayedUpTo) res.write(frame);
      }
    },
  );
}
