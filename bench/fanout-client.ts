/**
 * One client process of the fan-out benchmark (bench/fanout.ts forks several; bench/bells.ts too): opens
 * `count` SSE connections to one buy's event stream (or the members' bells), reports when all are connected, records when each receives the first
 * `order.placed` frame (wall-clock ms, comparable across processes on one machine), and reports on request.
 */
import http from 'node:http';
import { constants, createGunzip } from 'node:zlib';

interface Start {
  url: string;
  path: string;
  tokens: string[];
  count: number;
  /** Offer gzip, as browsers do (bench/watched.ts); the bytes counted are then those on the wire. */
  gzip?: boolean;
  /** The text whose first arrival is timed (default `order.placed`; bench/bells.ts: `notification.created`). */
  match?: string;
}
type FromParent =
  | { type: 'start'; start: Start }
  | { type: 'collect' }
  | { type: 'reset' }
  | { type: 'bytes' }
  | { type: 'close' };

const now = () => performance.timeOrigin + performance.now();
const requests: http.ClientRequest[] = [];
const arrivals: (number | null)[] = [];
let connected = 0;
let failed = 0;
/** Bytes received on all connections, as sent (compressed when the stream is; bench/watched.ts). */
let bytes = 0;

function open(start: Start, n: number): Promise<void> {
  return new Promise((resolve) => {
    arrivals[n] = null;
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
      text.on('data', (chunk: string) => {
        if (arrivals[n] === null && chunk.includes(start.match ?? 'order.placed')) arrivals[n] = now();
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
    process.send!({ type: 'arrivals', arrivals });
  } else if (msg.type === 'collect') {
    process.send!({ type: 'arrivals', arrivals });
  } else if (msg.type === 'bytes') {
    process.send!({ type: 'bytes', bytes });
  } else {
    for (const r of requests) r.destroy();
    process.exit(0);
  }
});
