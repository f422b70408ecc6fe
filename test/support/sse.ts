/** Reading a live text/event-stream in HTTP tests (a real listening server; inject() cannot stream). */

export interface SseStream<T> {
  res: Response;
  /** Parsed `data:` payloads, in arrival order. */
  events: T[];
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
  const stream: SseStream<T> = { res, events, retryMs: null, close: () => controller.abort() };
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
          const data = frame.split('\n').find((l) => l.startsWith('data: '));
          if (data) events.push(JSON.parse(data.slice(6)) as T);
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
