/**
 * What a page following a buy's event stream must fetch again after its stream comes back.
 *
 * A stream that reconnects with Last-Event-ID is first replayed what it missed, then sent a named `replayed`
 * event (src/http/realtime/event-stream.ts) that says whether that was everything. When it was, the replayed
 * events are taken in as live ones are, and nothing needs fetching again in full: after a server restart in
 * a rush, thousands of pages come back together, and each refetching its 接龙 list (~0.6 MB for 5,000
 * households, ~28 ms of the server's CPU) cost the server far more than the rush (docs/benchmarks.md,
 * thirty-first session). Pure: live.ts holds one per stream and does what it says.
 */
export type ResumeAction = 'nothing' | 'wait' | 'refetch';

/** How long a page waits for the end of its replay before refetching in full anyway. */
export const REPLAY_WAIT_MS = 10_000;

export class StreamResume {
  #lastEventId: string | null = null;
  #waiting = false;

  /** An event arrived (its `lastEventId`: the id the browser sends back when it reconnects). */
  seen(lastEventId: string): void {
    if (lastEventId) this.#lastEventId = lastEventId;
  }

  /**
   * The stream's path: a new EventSource starts with no Last-Event-ID of its own, so one opened again after
   * the server refused it names the last id it saw in the query instead.
   */
  path(base: string): string {
    return this.#lastEventId === null ? base : `${base}?lastEventId=${encodeURIComponent(this.#lastEventId)}`;
  }

  /**
   * The stream is open. The first time, nothing (the page loads itself). After a reconnect, `wait` for the
   * replay's end when the server was told where the page left off, else `refetch`.
   */
  opened(reconnect: boolean): ResumeAction {
    if (!reconnect) return 'nothing';
    this.#waiting = this.#lastEventId !== null;
    return this.#waiting ? 'wait' : 'refetch';
  }

  /** The `replayed` event's data: nothing more when it says complete, else refetch. */
  replayed(data: unknown): ResumeAction {
    this.#waiting = false;
    const complete = typeof data === 'object' && data !== null && (data as { complete?: unknown }).complete;
    return complete === true ? 'nothing' : 'refetch';
  }

  /** REPLAY_WAIT_MS after a reconnect: refetch if the replay's end has not come (an older server). */
  waited(): ResumeAction {
    if (!this.#waiting) return 'nothing';
    this.#waiting = false;
    return 'refetch';
  }
}
