import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ReplayCache, ReplaySource } from '../../realtime/replays.ts';
import { acceptsGzip, GZIP_HEADER, gzipChunk, type SharedFrames } from '../../realtime/sse-encoding.ts';
import type { SseClient, SseHub } from '../../realtime/sse-hub.ts';

/** `?lastEventId=` for clients that cannot set the Last-Event-ID header. */
export const lastEventIdQuery = z.object({ lastEventId: z.coerce.number().int().min(0).optional() });
const lastEventIdHeader = z.coerce.number().int().min(0);

export interface EventStreamOptions {
  sse: SseHub;
  /** Replays shared by the streams that missed the same (realtime/replays.ts). */
  replays: ReplayCache;
  channel: string;
  /**
   * Channels whose frames this stream receives too, live only, never replayed (a volunteer's bell: those of
   * the proxy households they look after, whose frames carry no id).
   */
  alsoChannels?: readonly string[];
  /** The channel's stored events and their frames, for a Last-Event-ID replay. */
  source: ReplaySource;
  /** Whether this client may receive a frame (privacy filters); all frames by default. */
  accept?(frame: string): boolean;
  /**
   * Called once the stream is open and subscribed, with a way to send it frames of its own later (the bell's
   * count): sent in order with the channel's, after a replay; dropped once the stream is closed.
   */
  opened?(stream: { send(frame: string): void; closed(): boolean }): void;
  /** The `retry:` this stream asks for, in ms (reconnectDelayMs by default). */
  reconnectDelayMs?(): number;
}

/**
 * The frame that ends a Last-Event-ID replay: a named event (`event: replayed`, so an EventSource's `message`
 * listeners never see it) saying whether the stream was sent everything it missed. A page that reconnects
 * then need not refetch what it shows: with `complete`, the replayed events and what follows live are the
 * whole story. Without (it missed more than the replay's limit, or the replay failed), it should refetch.
 * `upTo` is the last replayed event's id. No `id:` field, so the client's Last-Event-ID stays that of the last
 * event.
 */
export function replayedFrame(complete: boolean, upTo: number): string {
  return `event: replayed\ndata: ${JSON.stringify({ type: 'replayed', complete, upTo })}\n\n`;
}

/** The id of an event's frame (its first line, `id: N`); null for a frame without one. */
export function frameId(frame: string): number | null {
  if (!frame.startsWith('id: ')) return null;
  const id = Number(frame.slice(4, frame.indexOf('\n')));
  return Number.isSafeInteger(id) ? id : null;
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
 * A bell's reconnect delay: 6–16 s, drawn per stream. A bell loses nothing while it is away (it says the count
 * when it opens again), whereas a buy page shows the rush live and its phone's joins are being retried: when a
 * server comes back (a crash, a deploy), the pages and the joins are served first, and the compound's bells
 * come back after them, spread over ten seconds rather than four.
 */
export function bellReconnectDelayMs(random: () => number = Math.random): number {
  return 6000 + Math.floor(random() * 10_000);
}

/**
 * Turns an authorised request into a text/event-stream on one channel. A client that reconnects with
 * Last-Event-ID (header or query) first receives what it missed, then `replayedFrame`; frames published
 * meanwhile are held and sent after the replay, without duplicates.
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
  // Compressed when the client offers gzip (browsers do) and LINLI_EVENT_STREAM_GZIP is not off: each frame is
  // compressed once for every stream (realtime/sse-encoding.ts), so a stream holds no compressor of its own.
  const gzip = options.sse.gzip && acceptsGzip(request.headers['accept-encoding']);
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    vary: 'accept-encoding',
    ...(gzip ? { 'content-encoding': 'gzip' } : {}),
  });
  /** Writes frames' text in this stream's encoding, from their shared encoding when they have one. */
  const out = (text: string, shared?: SharedFrames): boolean =>
    res.write(gzip ? (shared?.gzip() ?? gzipChunk(text)) : (shared?.bytes() ?? text));
  if (gzip) res.write(GZIP_HEADER);
  out(`retry: ${(options.reconnectDelayMs ?? reconnectDelayMs)()}\n: connected\n\n`);

  const accept = options.accept ?? (() => true);
  const send = (frame: string, shared?: SharedFrames) => (accept(frame) ? out(frame, shared) : true);
  /** Frames one by one (a replay, what was held meanwhile), in one write. */
  const sendAll = (frames: readonly string[]) => {
    const taken = frames.filter(accept);
    return taken.length === 0 || out(taken.join(''));
  };
  // Subscribe before replaying so nothing falls between the two; frames that arrive meanwhile are held.
  let held: string[] | null = [];
  // After a replay: live frames up to this id were replayed already (an order batch's events are stored with
  // its commit and may be sent a little later, realtime-bridge.ts), and are dropped; -1 once past it.
  let replayed = -1;
  const fresh = (frame: string) => {
    if (replayed < 0) return true;
    const id = frameId(frame);
    if (id === null) return true;
    if (id <= replayed) return false;
    replayed = -1; // frames come in id order: the rest are new
    return true;
  };
  const client: SseClient = {
    write: (frame, shared) => {
      if (!held) return fresh(frame) ? send(frame, shared) : true;
      held.push(frame);
      return true;
    },
    writeMany: (frames, all) => {
      if (held) {
        held.push(...frames);
        return true;
      }
      const taken = (replayed < 0 ? frames : frames.filter(fresh)).filter(accept);
      if (taken.length === frames.length) return out(all().text, all());
      return taken.length === 0 || out(taken.join(''));
    },
    backlog: () => res.writableLength,
    close: () => res.destroy(),
    end: () => res.end(),
  };
  const unsubscribe = [options.channel, ...(options.alsoChannels ?? [])].map((c) =>
    options.sse.subscribe(c, client),
  );
  res.on('close', () => unsubscribe.forEach((u) => u()));
  const since = options.replays.since();

  let replayedUpTo = lastEventId ?? Number.MAX_SAFE_INTEGER;
  let complete = false;
  if (lastEventId !== undefined) {
    try {
      const replay = await options.replays.replay(options.channel, lastEventId, since, options.source);
      // Each frame is encoded once for every stream it is replayed to (replays.ts); this one takes its own.
      const taken = replay.frames.filter((f) => accept(f.text));
      if (taken.length > 0) res.write(Buffer.concat(taken.map((f) => (gzip ? f.gzip() : f.bytes()))));
      replayedUpTo = replay.upTo;
      complete = replay.complete;
    } catch (err) {
      // The stream is already open: a failed replay is logged and the stream says it is not complete.
      request.log.warn({ err, channel: options.channel }, 'event replay failed');
    }
  }
  const pending = held;
  held = null;
  if (lastEventId !== undefined) replayed = replayedUpTo;
  sendAll(pending.filter(fresh));
  if (lastEventId !== undefined) out(replayedFrame(complete, replayedUpTo));
  if (options.opened) {
    let closed = false;
    res.on('close', () => (closed = true));
    options.opened({ send: (frame) => void (closed || client.write(frame)), closed: () => closed });
  }
}
