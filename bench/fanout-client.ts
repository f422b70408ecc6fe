/**
 * One client process of the fan-out benchmark (bench/fanout.ts forks several; bench/bells.ts too): opens
 * `count` SSE connections to one buy's event stream (or the members' bells), reports when all are connected, records when each receives the first
 * `order.placed` frame (wall-clock ms, comparable across processes on one machine), and reports on request.
 */
import http from 'node:http';
import { constants, createGunzip } from 'node:zlib';
import { askCount } from './phone-streams.ts';

interface Start {
  url: string;
  path: string;
  tokens: string[];
  count: number;
  /** Offer gzip, as browsers do (bench/watched.ts); the bytes counted are then those on the wire. */
  gzip?: boolean;
  /** The text whose first arrival is timed (default `order.placed`; bench/bells.ts: `notification.created`). */
  match?: string;
  /** A second text whose first arrival is timed too, reported as `others` (bench/bells.ts: `buy.opened`). */
  alsoTimed?: string;
  /** bench/bells.ts: what a phone does when its bell rings (`mode`). */
  onRing?: { countPath: string; spreadMs: number };
}
/**
 * What a rung phone does (web/src/features/notifications/unread.ts): `asks` its unread count after a random
 * wait of up to `spreadMs`, one ask pending at a time, as every ring did before the rings said how many;
 * `counted`: asks only when the ring does not say how many (since then); `none`: nothing.
 */
type RingMode = 'asks' | 'counted' | 'none';
type FromParent =
  | { type: 'start'; start: Start }
  | { type: 'collect' }
  | { type: 'reset' }
  | { type: 'bytes' }
  | { type: 'mode'; mode: RingMode }
  | { type: 'asks'; take?: boolean }
  | { type: 'close' };

const now = () => performance.timeOrigin + performance.now();
const requests: http.ClientRequest[] = [];
const arrivals: (number | null)[] = [];
/** The first arrivals of `alsoTimed`, per connection. */
const others: (number | null)[] = [];
let connected = 0;
let failed = 0;
/** Bytes received on all connections, as sent (compressed when the stream is; bench/watched.ts). */
let bytes = 0;
let mode: RingMode = 'none';
/** The count asks made since the last `asks` message that took them: how long each took, how many failed. */
let asks = { pending: 0, ms: [] as number[], errors: 0 };
/** Rings received on all connections (every matching frame, not only each connection's first). */
let rings = 0;
const phoneAgent = new http.Agent({ keepAlive: true });

function open(start: Start, n: number): Promise<void> {
  return new Promise((resolve) => {
    arrivals[n] = null;
    others[n] = null;
    const headers: Record<string, string> = {
      authorization: `Bearer ${start.tokens[n % start.tokens.length]}`,
    };
    if (start.gzip) headers['accept-encoding'] = 'gzip, deflate, br';
    const req = http.get(`${start.url}${start.path}`, { agent: false, headers }, (res) => {
      if (res.statusCode !== 200) {
        failed++;
        res.resume();
        resolve();
        return;
      }
      // Bytes as they came (until the twenty-ninth session, characters: a Chinese one is 3 bytes in UTF-8).
      res.on('data', (chunk: Buffer | string) => (bytes += Buffer.byteLength(chunk)));
      // A browser's decoder: each chunk handed over as it arrives, a cut stream taken as it is.
      const text =
        res.headers['content-encoding'] === 'gzip'
          ? res.pipe(createGunzip({ flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH }))
          : res;
      text.setEncoding('utf8');
      let seen = '';
      let isConnected = false;
      let asking = false;
      text.on('data', (chunk: string) => {
        const matched = chunk.includes(start.match ?? 'order.placed');
        if (matched) rings++;
        if (arrivals[n] === null && matched) arrivals[n] = now();
        if (start.alsoTimed && others[n] === null && chunk.includes(start.alsoTimed)) others[n] = now();
        const wouldAsk = mode === 'asks' || (mode === 'counted' && !chunk.includes('"count":'));
        if (matched && start.onRing && wouldAsk && !asking) {
          asking = true;
          asks.pending++;
          setTimeout(
            () => {
              asking = false;
              askCount(
                () => asks,
                `${start.url}${start.onRing!.countPath}`,
                start.tokens[n % start.tokens.length]!,
                phoneAgent,
              );
            },
            Math.floor(Math.random() * start.onRing.spreadMs),
          );
        }
        if (!isConnected) {
          seen += chunk;
          if (seen.includes(': connected')) {
            isConnected = true;
            connected++;
            resolve();
          }
        }
      });
      text.on('error', () => {});
    });
    req.on('error', () => {
      failed++;
      resolve();
    });
    requests.push(req);
  });
}

process.on('message', async (msg: FromParent) => {
  if (msg.type === 'start') {
    const { start } = msg;
    // Waves of 100: a burst of thousands of connects would only measure the listen backlog.
    for (let from = 0; from < start.count; from += 100) {
      const wave: Promise<void>[] = [];
      for (let n = from; n < Math.min(start.count, from + 100); n++) wave.push(open(start, n));
      await Promise.all(wave);
    }
    process.send!({ type: 'ready', connected, failed });
  } else if (msg.type === 'reset') {
    // Time the next arrival on every connection afresh (bench/bells.ts: a second ring).
    arrivals.fill(null);
    others.fill(null);
    process.send!({ type: 'arrivals', arrivals, others });
  } else if (msg.type === 'collect') {
    process.send!({ type: 'arrivals', arrivals, others });
  } else if (msg.type === 'bytes') {
    process.send!({ type: 'bytes', bytes });
  } else if (msg.type === 'mode') {
    mode = msg.mode;
    process.send!({ type: 'mode', mode });
  } else if (msg.type === 'asks') {
    process.send!({ type: 'asks', ...asks, rings });
    if (msg.take) asks = { pending: asks.pending, ms: [], errors: 0 };
  } else {
    for (const r of requests) r.destroy();
    process.exit(0);
  }
});
