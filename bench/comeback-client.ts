/**
 * One client process of bench/comeback.ts: phones coming back to a buy's page after missing a rush. Each page
 * opens the buy's event stream with Last-Event-ID (gzip offered, as browsers do) at its own moment, reads it
 * until the `replayed` event, and counts the 接龙 lines replayed; as the page did before the thirty-first
 * session (`refetch`), it also fetches the buy, its whole 接龙 list and the household's orders at once. The
 * streams stay open until the parent says `close`, as pages stay on.
 */
import http from 'node:http';
import { fetchBytes } from './fetch-bytes.ts';
import { constants, createGunzip } from 'node:zlib';

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
  /** 接龙 lines in its replay (sampled pages only: one in SAMPLE_EVERY inflates its stream and counts them). */
  lines: number;
  sampled: boolean;
  complete: boolean;
  failed: boolean;
  /** Why it failed. */
  error?: string;
}

/** One page in this many inflates its stream and counts its lines, as a phone would. */
export const SAMPLE_EVERY = 10;

type FromParent = { type: 'start'; start: ComebackStart } | { type: 'close' };

const requests: http.ClientRequest[] = [];
const now = () => performance.timeOrigin + performance.now();
const ACCEPT = 'gzip, deflate, br';

const LINE = Buffer.from('"householdLabel"');
const REPLAYED = /event: replayed\ndata: (\{[^\n]*\})\n/;

/** Occurrences of `needle` in `hay` starting before `limit` (so one across two chunks is counted once). */
function count(hay: Buffer, needle: Buffer, from = 0): number {
  let n = 0;
  for (let at = hay.indexOf(needle, from); at >= 0; at = hay.indexOf(needle, at + needle.length)) n++;
  return n;
}

/**
 * Watches bytes as they come for the `replayed` event (kept across chunks); with `lines`, counts the 接龙 lines
 * before it. Works on bytes, not strings: 5,000 pages × 0.6 MB decoded into JavaScript strings made the load
 * tool, not the server, what a run measured.
 */
function watcher(onEnd: (lines: number, complete: boolean) => void) {
  let carry: Buffer = Buffer.alloc(0);
  let lines = 0;
  return (chunk: Buffer) => {
    const seen = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    lines += count(seen, LINE, 0) - count(carry, LINE, 0);
    const end = REPLAYED.exec(seen.toString('latin1', Math.max(0, seen.lastIndexOf('event: replayed'))));
    if (end) onEnd(lines, (JSON.parse(end[1]!) as { complete: boolean }).complete);
    carry = seen.subarray(Math.max(0, seen.length - 200));
  };
}

/**
 * Opens the stream; resolves at its `replayed` event. A sampled page inflates its stream and counts the lines
 * it was replayed, as a phone's browser would; the others look for the `replayed` event in the bytes on the
 * wire, where it is as it is: a chunk of a gzip stream under 256 bytes is a deflate "stored" block
 * (src/realtime/sse-encoding.ts), and the server writes that event on its own.
 */
function replay(start: ComebackStart, token: string, sampled: boolean): Promise<Omit<ComebackPage, 'ms'>> {
  return new Promise((resolve) => {
    let bytes = 0;
    let done = false;
    const finish = (page: Omit<ComebackPage, 'ms' | 'bytes' | 'sampled'>) => {
      if (done) return;
      done = true;
      clearTimeout(timeout);
      resolve({ ...page, bytes, sampled });
    };
    const timeout = setTimeout(
      () => finish({ lines: 0, complete: false, failed: true, error: 'timeout' }),
      120_000,
    );
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
          finish({ lines: 0, complete: false, failed: true, error: `status ${res.statusCode}` });
          return;
        }
        const ended = (lines: number, complete: boolean) => finish({ lines, complete, failed: false });
        const onWire = sampled ? null : watcher(ended);
        res.on('data', (c: Buffer) => {
          if (done) return;
          bytes += c.length;
          onWire?.(c);
        });
        if (sampled) {
          const decoded =
            res.headers['content-encoding'] === 'gzip'
              ? res.pipe(createGunzip({ flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH }))
              : res;
          const onText = watcher(ended);
          decoded.on('data', (c: Buffer) => (done ? undefined : onText(c)));
          decoded.on('error', (err) =>
            finish({ lines: 0, complete: false, failed: true, error: err.message }),
          );
        }
      },
    );
    req.on('error', (err) => finish({ lines: 0, complete: false, failed: true, error: err.message }));
    requests.push(req);
  });
}

async function page(start: ComebackStart, token: string, sampled: boolean): Promise<ComebackPage> {
  const t0 = now();
  const base = `${start.url}/api`;
  let error: string | undefined;
  const [stream, ...answers] = await Promise.all([
    replay(start, token, sampled),
    ...(start.mode === 'refetch'
      ? [
          fetchBytes(`${base}/buys/${start.buyId}`, token, ACCEPT),
          fetchBytes(`${base}/buys/${start.buyId}/list`, token, ACCEPT),
          fetchBytes(`${base}/me/orders?communityId=${start.communityId}`, token, ACCEPT),
        ].map((p) =>
          p.catch((err: Error) => {
            error ??= err.message;
            return -1;
          }),
        )
      : []),
  ]);
  return {
    ...stream,
    ms: now() - t0,
    bytes: stream.bytes + answers.reduce((n, b) => n + Math.max(0, b), 0),
    failed: stream.failed || error !== undefined,
    ...(stream.error || error ? { error: stream.error ?? error } : {}),
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
      (p, i) =>
        new Promise<ComebackPage>((resolve) =>
          setTimeout(
            () => resolve(page(start, p.token, i % SAMPLE_EVERY === 0)),
            Math.max(0, start.at + p.delayMs - Date.now()),
          ),
        ),
    ),
  );
  process.send!({ type: 'done', results });
});
