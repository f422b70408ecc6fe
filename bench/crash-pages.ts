/**
 * One client process of bench/crash.ts: buy pages open on phones while the server is killed in the middle of
 * a rush. Each page follows the buy's event stream (gzip offered and inflated, as a browser does) from before
 * the rush; when the stream is cut it waits the `retry:` its stream was given (2–6 s, drawn per stream by the
 * server), reconnects with the Last-Event-ID of its last whole event, and keeps trying at that interval while
 * the server is away, as EventSource does after a network error. It counts the 接龙 lines it was sent in whole
 * frames, so that at the end a page with every line, once, had nothing lost or repeated across the crash.
 */
import http from 'node:http';
import { constants, createGunzip } from 'node:zlib';
import { ReconnectingStream } from './phone-streams.ts';

export interface CrashPagesOpen {
  url: string;
  buyId: string;
  tokens: string[];
}

export interface CrashPage {
  /** 接龙 lines in the whole frames it received, over all its connections. */
  lines: number;
  /** The id of its last whole event. */
  lastId: number;
  /** Connections opened (200) and attempts made, the first included. */
  opened: number;
  attempts: number;
  /** Epoch ms: when its stream was first cut, and when a later connection's replay ended (`replayed`). */
  cutAt: number | null;
  backAt: number | null;
  /** What that `replayed` event said. */
  complete: boolean | null;
  error?: string;
}

type FromParent =
  | { type: 'open'; open: CrashPagesOpen }
  | { type: 'report'; lastId: number; waitMs: number }
  | { type: 'close' };

const now = () => performance.timeOrigin + performance.now();
const LINE = Buffer.from('"householdLabel"');
const FRAME_END = Buffer.from('\n\n');
const ID = Buffer.from('\nid: ');
const RETRY = /^retry: (\d+)$/m;
const REPLAYED = Buffer.from('event: replayed\ndata: ');

function count(hay: Buffer, needle: Buffer): number {
  let n = 0;
  for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + needle.length)) n++;
  return n;
}

class Page extends ReconnectingStream {
  readonly state: CrashPage = {
    lines: 0,
    lastId: 0,
    opened: 0,
    attempts: 0,
    cutAt: null,
    backAt: null,
    complete: null,
  };
  private retryMs = 3000;
  private waiters: { id: number; resolve(): void }[] = [];

  constructor(
    private readonly open: CrashPagesOpen,
    private readonly token: string,
  ) {
    super();
  }

  /**
   * Resolves once the page has an event with id `id` or later and, if its stream was cut, has been told its
   * replay ended (or `ms` passed).
   */
  reached(id: number, ms: number): Promise<void> {
    if (this.settled(id)) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.waiters.push({
        id,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  private settled(id: number): boolean {
    return this.state.lastId >= id && (this.state.cutAt === null || this.state.backAt !== null);
  }

  protected attempt(onOpen?: () => void): void {
    if (this.closed) return;
    this.state.attempts++;
    let ended = false;
    const cut = (error?: string) => {
      if (ended) return;
      ended = true;
      if (error && this.state.opened === 0) this.state.error = error;
      if (this.state.opened > 0) this.state.cutAt ??= now();
      setTimeout(() => this.attempt(onOpen), this.retryMs);
    };
    const req = http.get(
      `${this.open.url}/api/buys/${this.open.buyId}/events`,
      {
        agent: false,
        headers: {
          authorization: `Bearer ${this.token}`,
          'accept-encoding': 'gzip',
          ...(this.state.opened > 0 ? { 'last-event-id': String(this.state.lastId) } : {}),
        },
      },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          cut(`status ${res.statusCode}`);
          return;
        }
        const wasOpened = this.state.opened > 0;
        this.state.opened++;
        const text =
          res.headers['content-encoding'] === 'gzip'
            ? res.pipe(createGunzip({ flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH }))
            : res;
        let carry: Buffer = Buffer.alloc(0);
        text.on('data', (chunk: Buffer) => {
          const seen = carry.length ? Buffer.concat([carry, chunk]) : chunk;
          const end = seen.lastIndexOf(FRAME_END);
          if (end < 0) {
            carry = seen;
            return;
          }
          // Only whole frames count: a frame cut by the crash is dropped, as EventSource drops it.
          const whole = seen.subarray(0, end + 2);
          carry = seen.subarray(end + 2);
          this.frames(whole, wasOpened, onOpen);
        });
        text.on('error', () => cut('inflate'));
        res.on('error', () => cut());
        res.on('close', () => cut());
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => cut(err.code ?? err.message));
    this.request = req;
  }

  private frames(whole: Buffer, reconnected: boolean, onOpen?: () => void): void {
    // A connection's first frame is `retry: N` and a comment; a reconnection's replay ends with `replayed`.
    const retry = RETRY.exec(whole.toString('latin1', 0, Math.min(whole.length, 64)));
    if (retry) {
      this.retryMs = Number(retry[1]);
      onOpen?.();
    }
    const replayed = reconnected && this.state.backAt === null ? whole.indexOf(REPLAYED) : -1;
    if (replayed >= 0) {
      this.state.backAt = now();
      const data = whole.toString(
        'utf8',
        replayed + REPLAYED.length,
        whole.indexOf(10, replayed + REPLAYED.length),
      );
      this.state.complete = (JSON.parse(data) as { complete: boolean }).complete;
    }
    this.state.lines += count(whole, LINE);
    // The last id in these frames: `id: N` opens a frame, at the start or after a blank line.
    const at = whole.lastIndexOf(ID);
    const from = at >= 0 ? at + ID.length : whole.subarray(0, 4).equals(ID.subarray(1)) ? 4 : -1;
    if (from >= 0) this.state.lastId = Number(whole.toString('latin1', from, whole.indexOf(10, from)));
    this.waiters = this.waiters.filter((w) => (this.settled(w.id) ? (w.resolve(), false) : true));
  }
}

let pages: Page[] = [];

process.on('message', async (msg: FromParent) => {
  if (msg.type === 'close') {
    for (const p of pages) p.close();
    process.exit(0);
  }
  if (msg.type === 'open') {
    pages = msg.open.tokens.map((token) => new Page(msg.open, token));
    await Promise.all(pages.map((p) => p.connect()));
    process.send!({ type: 'opened' });
    return;
  }
  await Promise.all(pages.map((p) => p.reached(msg.lastId, msg.waitMs)));
  process.send!({ type: 'report', pages: pages.map((p) => p.state) });
});
