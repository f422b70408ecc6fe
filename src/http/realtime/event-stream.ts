import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { StoredEvent } from '../../db/repos/event-store.ts';
import { frameOf } from '../../realtime/realtime-bridge.ts';
import type { SseClient, SseHub } from '../../realtime/sse-hub.ts';

/** `?lastEventId=` for clients that cannot set the Last-Event-ID header. */
export const lastEventIdQuery = z.object({ lastEventId: z.coerce.number().int().min(0).optional() });
const lastEventIdHeader = z.coerce.number().int().min(0);

export interface EventStreamOptions {
  sse: SseHub;
  channel: string;
  /** The channel's stored events after an id, oldest first (Last-Event-ID replay). */
  replay(afterId: number): Promise<StoredEvent[]>;
  /** Whether this client may receive a frame (privacy filters); all frames by default. */
  accept?(frame: string): boolean;
}

/**
 * The reconnect delay a stream asks its EventSource for (the `retry:` field): 2–6 s, drawn per stream, so that
 * the phones of a server that went away (a crash, a restart, a deploy) do not all come back in the same
 * instant, each with a full refetch, but over four seconds.
 */
export function reconnectDelayMs(random: () => number = Math.random): number {
  return 2000 + Math.floor(random() * 4000);
}

/**
 * Turns an authorised request into a text/event-stream on one channel. A client that reconnects with
 * Last-Event-ID (header or query) first receives what it missed; frames published meanwhile are held and
 * sent after the replay, without duplicates.
 */
export async function streamEvents(
  request: FastifyRequest<{ Querystring: { lastEventId?: number } }>,
  reply: FastifyReply,
  options: EventStreamOptions,
): Promise<void> {
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
  res.write(`retry: ${reconnectDelayMs()}\n: connected\n\n`);

  const accept = options.accept ?? (() => true);
  const send = (frame: string) => (accept(frame) ? res.write(frame) : true);
  // Subscribe before replaying so nothing falls between the two; frames that arrive meanwhile are held.
  let held: string[] | null = [];
  const client: SseClient = {
    write: (frame) => {
      if (!held) return send(frame);
      held.push(frame);
      return true;
    },
    writeMany: (frames, all) => {
      if (held) {
        held.push(...frames);
        return true;
      }
      const taken = frames.filter(accept);
      if (taken.length === frames.length) return res.write(all());
      return taken.length === 0 || res.write(taken.join(''));
    },
    backlog: () => res.writableLength,
    close: () => res.destroy(),
    end: () => res.end(),
  };
  res.on('close', options.sse.subscribe(options.channel, client));

  let replayedUpTo = lastEventId ?? Number.MAX_SAFE_INTEGER;
  if (lastEventId !== undefined) {
    try {
      const missed = await options.replay(lastEventId);
      for (const stored of missed) send(frameOf(stored));
      replayedUpTo = missed.at(-1)?.id ?? lastEventId;
    } catch (err) {
      // The stream is already open: a failed replay is logged and the client refetches on its own.
      request.log.warn({ err, channel: options.channel }, 'event replay failed');
    }
  }
  const pending = held;
  held = null;
  for (const frame of pending) {
    const id = /^id: (\d+)/.exec(frame);
    if (lastEventId === undefined || !id || Number(id[1]) > replayedUpTo) send(frame);
  }
}
