import { SharedFrames } from './sse-encoding.ts';

/** One open event stream (an HTTP response in production, an array in unit tests). */
export interface SseClient {
  /**
   * Writes a pre-formatted frame; returns false when the client's buffer is full. `shared` is the frame
   * encoded once for every client of the broadcast (UTF-8, gzip), when it comes from one.
   */
  write(frame: string, shared?: SharedFrames): boolean;
  /**
   * Writes several frames at once, in order (one write to the socket rather than one per frame). `all` is
   * every frame, encoded once for every client that takes them all.
   */
  writeMany?(frames: readonly string[], all: () => SharedFrames): boolean;
  /** Bytes the client has not taken yet; a client this far behind is dropped rather than buffered forever. */
  backlog(): number;
  close(): void;
  /** Ends the stream cleanly, after what was written (the server is stopping); `close` when not given. */
  end?(): void;
}

/** A client further behind than this (a dead phone on a congested network) is disconnected; it reconnects and replays. */
export const MAX_BACKLOG_BYTES = 1024 * 1024;

/** The comment that keeps idle streams open, encoded once. */
const HEARTBEAT = new SharedFrames(': ping\n\n');

/** Formats one server-sent event. `data` is serialised once, however many clients receive it. */
export function formatSse(id: number | null, data: unknown): string {
  return `${id === null ? '' : `id: ${id}\n`}data: ${JSON.stringify(data)}\n\n`;
}

/** A channel's clients, and how many broadcasts it has had since its first client came. */
interface Channel {
  clients: Set<SseClient>;
  broadcasts: number;
}

/**
 * A channel's state at one moment (`SseHub.mark`): still `unchanged` while nothing has been broadcast on it
 * and it has kept a client throughout (a channel nobody listens to is not broadcast on at all, so its marks
 * are dropped with its last client).
 */
export interface ChannelMark {
  readonly channel: Channel | undefined;
  readonly broadcasts: number;
}

/**
 * Fan-out of frames to the clients subscribed to a channel ("buy:<id>", "community:<id>"). Frames are
 * formatted once and written to each client; nothing here touches the database.
 */
export class SseHub {
  readonly #channels = new Map<string, Channel>();
  #count = 0;
  /** Whether its streams go in gzip to clients that offer it (LINLI_EVENT_STREAM_GZIP). */
  readonly gzip: boolean;

  constructor({ gzip = true }: { gzip?: boolean } = {}) {
    this.gzip = gzip;
  }

  subscribe(channel: string, client: SseClient): () => void {
    let state = this.#channels.get(channel);
    if (!state) {
      state = { clients: new Set(), broadcasts: 0 };
      this.#channels.set(channel, state);
    }
    state.clients.add(client);
    this.#count++;
    return () => {
      const s = this.#channels.get(channel);
      if (s?.clients.delete(client)) {
        this.#count--;
        if (s.clients.size === 0) this.#channels.delete(channel);
      }
    };
  }

  /** The channel as it is now, to ask later whether anything was broadcast on it since (replays.ts). */
  mark(channel: string): ChannelMark {
    const state = this.#channels.get(channel);
    return { channel: state, broadcasts: state?.broadcasts ?? 0 };
  }

  /** Whether nothing was broadcast on the mark's channel since the mark, and it had clients throughout. */
  unchanged(channel: string, mark: ChannelMark): boolean {
    const state = this.#channels.get(channel);
    return state !== undefined && state === mark.channel && state.broadcasts === mark.broadcasts;
  }

  /** Whether any client listens on this channel (so a frame need not be written for nobody). */
  listening(channel: string): boolean {
    return this.#channels.has(channel);
  }

  /** The channels someone listens on whose names start with `prefix` (a compound's bells). */
  channelsStartingWith(prefix: string): string[] {
    const found: string[] = [];
    for (const channel of this.#channels.keys()) if (channel.startsWith(prefix)) found.push(channel);
    return found;
  }

  /** `shared`: the frame's encodings, when the caller sends the same frame on many channels (the bells). */
  broadcast(channel: string, frame: string, shared: SharedFrames = new SharedFrames(frame)): number {
    const state = this.#channels.get(channel);
    if (!state) return 0;
    state.broadcasts++;
    const set = state.clients;
    for (const client of set) {
      if (client.backlog() > MAX_BACKLOG_BYTES) client.close();
      else client.write(frame, shared);
    }
    return set.size;
  }

  /**
   * Several frames of one channel, in order, to each client in one write where the client can (an order batch
   * of a rush publishes ~100 events at once: one socket write per open page instead of one per event).
   */
  broadcastMany(channel: string, frames: readonly string[]): number {
    const state = this.#channels.get(channel);
    if (!state || frames.length === 0) return 0;
    state.broadcasts++;
    const set = state.clients;
    let shared: SharedFrames | null = null;
    const all = () => (shared ??= new SharedFrames(frames.join('')));
    for (const client of set) {
      if (client.backlog() > MAX_BACKLOG_BYTES) client.close();
      else if (client.writeMany) client.writeMany(frames, all);
      else for (const frame of frames) client.write(frame);
    }
    return set.size;
  }

  /** Writes a comment line to every client so proxies and phones keep idle connections open. */
  heartbeat(): void {
    for (const { clients } of this.#channels.values())
      for (const client of clients) client.write(HEARTBEAT.text, HEARTBEAT);
  }

  /**
   * Ends every stream cleanly (the server is stopping): each phone's EventSource reconnects after the delay
   * its stream asked for, to another instance or to this one restarted, and replays what it missed with
   * Last-Event-ID. Shutdown then need not wait for streams that never end by themselves.
   */
  endAll(): number {
    let n = 0;
    for (const { clients } of this.#channels.values())
      for (const client of clients) {
        if (client.end) client.end();
        else client.close();
        n++;
      }
    return n;
  }

  get connections(): number {
    return this.#count;
  }
}
