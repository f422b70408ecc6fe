/**
 * What a reconnecting event stream missed (Last-Event-ID), read once for every stream that missed the same.
 *
 * When a server restarts during a rush, or a lift or a tunnel cuts a building's phones off for a minute, the
 * pages of a buy come back together, nearly all with the same Last-Event-ID: the id of the last frame every
 * page was sent. Each used to read the same events from the database, parse them, make their frames and
 * compress them: 5–7 ms of the server's thread per page for a rush's first 500 events (docs/benchmarks.md,
 * thirty-first session), so 5,000 pages coming back cost half a minute of CPU.
 *
 * Here a replay is a chain of parts. A part holds the frames of one channel's events in (after, upTo], each
 * frame encoded once (UTF-8 and gzip, on first use) for every stream that is sent it. Parts are kept for a
 * while by channel and `after`, and a load of a part in progress is shared. A stream that reconnects with
 * Last-Event-ID X takes the part after X, then the part after its `upTo`, and so on, until a part that is
 * known to end at the channel's present:
 *
 * - a part whose load began after the stream subscribed (the usual proof: whatever is published from then on
 *   reaches the stream live, event-stream.ts), or
 * - a part since whose load began nothing was broadcast on the channel and the channel kept a client
 *   (SseHub.mark): so every event stored after the part's query is still to be broadcast, to this stream too.
 *
 * Past either, a new part is loaded from the last `upTo`. A part's events never change (events are stored
 * once and their ids grow in publication order), so a part that no longer ends at the present is still right
 * as a link of a chain.
 */
import type { StoredEvent } from '../db/repos/event-store.ts';
import { SharedFrames } from './sse-encoding.ts';
import type { ChannelMark, SseHub } from './sse-hub.ts';

/** The frames of one channel's events after an id, and how far they go. */
export interface ReplayPart {
  /** In order; each encoded once for every stream that takes it. */
  frames: SharedFrames[];
  /** The id of the last event in the part (`after` when it has none). */
  upTo: number;
  /** How many events the frames carry (a buy's order batch is one frame). */
  events: number;
  /** More events follow upTo than the loader was asked for. */
  truncated: boolean;
}

/** What a stream is sent before it goes live. */
export interface Replay {
  frames: SharedFrames[];
  /** The id of the last event replayed (the Last-Event-ID asked for when none was missed). */
  upTo: number;
  /** False when the stream missed more than `limit` events: it has the oldest `limit`, and should refetch. */
  complete: boolean;
}

/** How a channel's missed events are read and framed. */
export interface ReplaySource {
  /** At most `limit` stored events of the channel after an id, oldest first. */
  load(afterId: number, limit: number): Promise<StoredEvent[]>;
  /** Their frames, in order. */
  framesOf(stored: readonly StoredEvent[]): string[];
  /** At most this many events per replay; more, and the replay says it is not complete. */
  limit: number;
}

interface Entry {
  /** Order of the loads' starts (see `since`). */
  seq: number;
  /** The channel before the load's query was sent. */
  mark: ChannelMark;
  part: Promise<ReplayPart>;
  /** Loaded (a part in flight is shared, never dropped for its age). */
  settled: boolean;
  /** Characters of its frames once loaded (what the cache holds), for the cache's bound. */
  size: number;
  lastUsed: number;
}

export interface ReplayCacheOptions {
  /** A part not used for this long is dropped. */
  idleMs?: number;
  /** Called at every replay, and at every part read from the database (metrics). */
  onReplay?: () => void;
  onRead?: () => void;
  /** Characters of frames kept at most, over all parts (the oldest used go first). */
  maxChars?: number;
  now?: () => number;
}

export class ReplayCache {
  readonly #hub: SseHub;
  readonly #entries = new Map<string, Entry>();
  readonly #idleMs: number;
  readonly #maxChars: number;
  readonly #now: () => number;
  readonly #onReplay: () => void;
  readonly #onRead: () => void;
  #seq = 0;
  #chars = 0;

  constructor(
    hub: SseHub,
    {
      idleMs = 60_000,
      maxChars = 32 * 2 ** 20,
      now = Date.now,
      onReplay = () => {},
      onRead = () => {},
    }: ReplayCacheOptions = {},
  ) {
    this.#hub = hub;
    this.#onReplay = onReplay;
    this.#onRead = onRead;
    this.#idleMs = idleMs;
    this.#maxChars = maxChars;
    this.#now = now;
  }

  /**
   * The moment a stream subscribed, to be given to `replay`: call it right after subscribing to the channel,
   * before anything is awaited.
   */
  since(): number {
    return this.#seq;
  }

  /** The parts held (for tests and metrics). */
  get size(): number {
    return this.#entries.size;
  }

  /**
   * The frames of `channel`'s events after `afterId`, for a stream that subscribed at `since` (see above).
   * Rejects when a load fails; the failed part is not kept.
   */
  async replay(channel: string, afterId: number, since: number, source: ReplaySource): Promise<Replay> {
    this.#sweep();
    this.#onReplay();
    const frames: SharedFrames[] = [];
    let events = 0;
    let after = afterId;
    for (;;) {
      let entry = this.#entries.get(keyOf(channel, after));
      if (!entry) entry = this.#load(channel, after, source);
      const part = await entry.part;
      entry.lastUsed = this.#now();
      const current = entry.seq > since || this.#hub.unchanged(channel, entry.mark);
      if (!current && part.upTo === after) {
        // Nothing in it, and the channel has moved on since: read again from here.
        this.#drop(keyOf(channel, after), entry);
        this.#load(channel, after, source);
        continue;
      }
      frames.push(...part.frames);
      events += part.events;
      if (part.truncated) return { frames, upTo: part.upTo, complete: false };
      if (current) return { frames, upTo: part.upTo, complete: true };
      if (events >= source.limit) return { frames, upTo: part.upTo, complete: false };
      after = part.upTo;
    }
  }

  #load(channel: string, after: number, source: ReplaySource): Entry {
    const key = keyOf(channel, after);
    // The mark before the query is sent: what is broadcast from here on may be missing from the part.
    const mark = this.#hub.mark(channel);
    this.#onRead();
    const part = loadPart(source, after);
    const entry: Entry = { seq: ++this.#seq, mark, part, settled: false, size: 0, lastUsed: this.#now() };
    part.then(
      (loaded) => {
        entry.settled = true;
        entry.size = loaded.frames.reduce((n, f) => n + f.text.length, 0);
        this.#chars += entry.size;
      },
      () => this.#drop(key, entry),
    );
    this.#entries.set(key, entry);
    return entry;
  }

  #drop(key: string, entry: Entry): void {
    if (this.#entries.get(key) !== entry) return;
    this.#entries.delete(key);
    this.#chars -= entry.size;
  }

  /** Drops parts idle too long, then the least lately used while the cache holds too much. */
  #sweep(): void {
    const now = this.#now();
    for (const [key, entry] of this.#entries)
      if (entry.settled && now - entry.lastUsed > this.#idleMs) this.#drop(key, entry);
    if (this.#chars <= this.#maxChars) return;
    const byUse = [...this.#entries]
      .filter(([, e]) => e.settled)
      .sort((a, b) => a[1].lastUsed - b[1].lastUsed);
    for (const [key, entry] of byUse) {
      if (this.#chars <= this.#maxChars) break;
      this.#drop(key, entry);
    }
  }
}

const keyOf = (channel: string, after: number) => `${channel} ${after}`;

/** One part: the channel's events after `after`, up to the source's limit, framed. */
async function loadPart(source: ReplaySource, after: number): Promise<ReplayPart> {
  const stored = await source.load(after, source.limit + 1);
  const truncated = stored.length > source.limit;
  const kept = truncated ? stored.slice(0, source.limit) : stored;
  return {
    frames: source.framesOf(kept).map((f) => new SharedFrames(f)),
    upTo: kept.at(-1)?.id ?? after,
    events: kept.length,
    truncated,
  };
}
