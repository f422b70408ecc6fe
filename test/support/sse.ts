/** Reading a live text/event-stream in HTTP tests (a real listening server; inject() cannot stream). */
import type { SseClient } from '../../src/realtime/sse-hub.ts';

/** An SseClient that records the frames written to it (unit tests of the hub and what feeds it). */
export function recordingClient(backlog = 0): SseClient & { frames: string[]; closed: boolean } {
  return {
    frames: [],
    closed: false,
    write(frame) {
      this.frames.push(frame);
      return true;
    },
    backlog: () => backlog,
    close() {
      this.closed = true;
    },
  };
}

export interface SseStream<T> {
  res: Response;
  /** Parsed `data:` payloads of unnamed events (what an EventSource's `message` listeners get), in order. */
  events: T[];
  /** Named events (`event: replayed` …), in arrival order. */
  named: { event: string; data: unknown }[];
  /** The reconnect delay the server asked for (`retry:`), once its first frame has arrived. */
  retryMs: number | null;
  close(): void;
}

export async function openSseStream<T = Record<string, unknown>>(
  url: string,
  token: string,
  lastEventId?: number,
): Promise<SseStream<T>> {
  const controller = new AbortController();
  const headers: Record<string, string> = { authorization: `Bearer ${token}` };
  if (lastEventId !== undefined) headers['last-event-id'] = String(lastEventId);
  const res = await fetch(url, { headers, signal: controller.signal });
  const events: T[] = [];
  const named: { event: string; data: unknown }[] = [];
  const stream: SseStream<T> = { res, events, named, retryMs: null, close: () => controller.abort() };
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const frame = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const retry = frame.split('\n').find((l) => l.startsWith('retry: '));
          if (retry) stream.retryMs = Number(retry.slice(7));
          const lines = frame.split('\n');
          const data = lines.find((l) => l.startsWith('data: '));
          const event = lines.find((l) => l.startsWith('event: '))?.slice(7);
          if (data && event && event !== 'message') named.push({ event, data: JSON.parse(data.slice(6)) });
          else if (data) events.push(JSON.parse(data.slice(6)) as T);
        }
      }
    } catch {
      // aborted by close()
    }
  })();
  return stream;
}

/** Polls until the check holds; throws after `ms`. */
export async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting for events');
    await new Promise((r) => setTimeout(r, 10));
  }
}
