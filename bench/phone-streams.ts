/**
 * What the benchmarks' phones share: a count ask as the tab bar's badge makes it, and a stream that reconnects
 * as EventSource does (bench/crash-pages.ts' buy pages, bench/crash-bells.ts' bells).
 */
import http from 'node:http';

/** Count asks so far: how long each took, how many failed, how many are waiting or in flight. */
export interface CountAsks {
  pending: number;
  ms: number[];
  errors: number;
}

/**
 * A phone asking its unread count (GET …/notifications?limit=1), already counted in `pending` by the caller
 * when it decided to ask. `asks` is read when the answer comes (a bench may swap its tally meanwhile).
 */
export function askCount(asks: () => CountAsks, url: string, token: string, agent: http.Agent): void {
  const begun = performance.now();
  const req = http.get(url, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
    res.resume();
    res.on('end', () => {
      asks().pending--;
      if (res.statusCode === 200) asks().ms.push(performance.now() - begun);
      else asks().errors++;
    });
  });
  req.on('error', () => {
    asks().pending--;
    asks().errors++;
  });
}

/** A stream that tries again when cut; `attempt` opens one connection and, once open, calls `onOpen`. */
export abstract class ReconnectingStream {
  protected request: http.ClientRequest | null = null;
  protected closed = false;

  protected abstract attempt(onOpen?: () => void): void;

  /** Resolves once the first connection is open (its `retry:` read). */
  connect(): Promise<void> {
    return new Promise((resolve) => this.attempt(resolve));
  }

  close(): void {
    this.closed = true;
    this.request?.destroy();
  }
}
