/**
 * One client process of bench/comeback.ts: phones coming back to a buy's page after missing a rush. Each page
 * opens the buy's event stream with Last-Event-ID (gzip offered, as browsers do) at its own moment, reads it
 * until the `replayed` event, and counts the 接龙 lines replayed; as the page did before the thirty-first
 * session (`refetch`), it also fetches the buy, its whole 接龙 list and the household's orders at once. The
 * streams stay open until the parent says `close`, as pages stay on.
 */
import http from 'node:http';
import { streamText } from './stream-text.ts';

export type ComebackMode = 'replay' | 'refetch';

export interface ComebackStart {
  url: string;
  buyId: string;
  communityId: string;
  /** Last-Event-ID: the last event the pages saw before they went away. */
  from: number;
  mode: ComebackMode;
  /** Per page: its household's token and when it comes back (ms after `at`, epoch ms). */
  pages: { token: string; delayMs: number }[];
  at: number;
}

export interface ComebackPage {
  /** From the page's moment to everything it needs (the replay's end, and in `refetch`, the three answers). */
  ms: number;
  /** Bytes on the wire. */
  bytes: number;
  /** 接龙 lines in its replay. */
  lines: number;
  complete: boolean;
  failed: boolean;
}

type FromParent = { type: 'start'; start: ComebackStart } | { type: 'close' };

const requests: http.ClientRequest[] = [];
const now = () => performance.timeOrigin + performance.now();
const ACCEPT = 'gzip, deflate, br';

/** GET a JSON answer, drained undecoded; resolves with its bytes on the wire. */
function fetchBytes(url: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      url,
      { headers: { authorization: `Bearer ${token}`, 'accept-encoding': ACCEPT } },
      (res) => {
        let bytes = 0;
        res.on('data', (c: Buffer) => (bytes += c.length));
        res.on('end', () =>
          res.statusCode === 200 ? resolve(bytes) : reject(new Error(`${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
  });
}

/** Opens the stream; resolves at its `replayed` event. */
function replay(start: ComebackStart, token: string): Promise<Omit<ComebackPage, 'ms'>> {
  return new Promise((resolve) => {
    let bytes = 0;
    let lines = 0;
    let done = false;
    const finish = (page: Omit<ComebackPage, 'ms' | 'bytes'>) => {
      if (done) return;
      done = true;
      resolve({ ...page, bytes });
    };
    const req = http.get(
      `${start.url}/api/buys/${start.buyId}/events`,
      {
        agent: false,
        headers: {
          authorization: `Bearer ${token}`,
          'last-event-id': String(start.from),
          'accept-encoding': ACCEPT,
        },
      },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          finish({ lines, complete: false, failed: true });
          return;
        }
        res.on('data', (c: Buffer) => {
          if (!done) bytes += c.length;
        });
        const text = streamText(res);
        let carry = '';
        text.on('data', (chunk: string) => {
          if (done) return;
          const seen = carry + chunk;
          lines +=
            (seen.match(/"householdLabel"/g) ?? []).length - (carry.match(/"householdLabel"/g) ?? []).length;
          const end = seen.indexOf('event: replayed\ndata: ');
          if (end >= 0) {
            const data = /data: (\{[^\n]*\})\n/.exec(seen.slice(end));
            if (data)
              finish({
                lines,
                complete: (JSON.parse(data[1]!) as { complete: boolean }).complete,
                failed: false,
              });
          }
          carry = seen.slice(-200);
        });
        text.on('error', () => finish({ lines, complete: false, failed: true }));
      },
    );
    req.on('error', () => finish({ lines, complete: false, failed: true }));
    requests.push(req);
  });
}

async function page(start: ComebackStart, token: string): Promise<ComebackPage> {
  const t0 = now();
  const base = `${start.url}/api`;
  const [stream, ...answers] = await Promise.all([
    replay(start, token),
    ...(start.mode === 'refetch'
      ? [
          fetchBytes(`${base}/buys/${start.buyId}`, token),
          fetchBytes(`${base}/buys/${start.buyId}/list`, token),
          fetchBytes(`${base}/me/orders?communityId=${start.communityId}`, token),
        ].map((p) => p.catch(() => -1))
      : []),
  ]);
  const failed = stream.failed || answers.some((b) => b < 0);
  return {
    ...stream,
    ms: now() - t0,
    bytes: stream.bytes + answers.reduce((n, b) => n + Math.max(0, b), 0),
    failed,
  };
}

process.on('message', async (msg: FromParent) => {
  if (msg.type === 'close') {
    for (const r of requests) r.destroy();
    process.exit(0);
  }
  const { start } = msg;
  const results = await Promise.all(
    start.pages.map(
      (p) =>
        new Promise<ComebackPage>((resolve) =>
          setTimeout(() => resolve(page(start, p.token)), Math.max(0, start.at + p.delayMs - Date.now())),
        ),
    ),
  );
  process.send!({ type: 'done', results });
});
