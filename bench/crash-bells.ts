/**
 * One client process of bench/crash.ts: the households' bells (GET /api/communities/{id}/notifications/events,
 * gzip offered, as the tab bar's badge keeps one open), open since before the rush, while the server is killed
 * in the middle of it. Each does what web/src/features/notifications/unread.ts does with its EventSource:
 *
 * - when its stream is cut (or cannot connect), it tries again after the `retry:` its stream was given (6–16 s
 *   since the thirty-ninth session, after the buy pages' 2–6 s; bellReconnectDelayMs),
 *   and keeps trying at that interval while the server is away, as EventSource does after a network error;
 * - when the server answers with an error instead, EventSource gives up, and the page opens it again 15–30 s
 *   later (`refused`);
 * - when it is back, the bell's first word is its unread count (`event: unread`, sent once the orders are
 *   quiet: realtime/bell-counts.ts); the phone asks nothing (until the thirty-eighth session it asked its count,
 *   GET …/notifications?limit=1, 0–10 s after coming back);
 * - a ring (`notification.created`, which says how many) asks nothing either, unless it comes less than 2 s
 *   after a count was said (FRESH_COUNT_MS: the count may hold it already): then it asks the count after
 *   0–3 s (RING_SPREAD_MS). The minute's poll is left out.
 */
import http from 'node:http';
import { constants, createGunzip } from 'node:zlib';
import { jittered } from '../web/src/retry.ts';
import { askCount, ReconnectingStream, type CountAsks } from './phone-streams.ts';

export interface CrashBellsOpen {
  url: string;
  communityId: string;
  tokens: string[];
}

export interface CrashBell {
  /** Connections opened (200), attempts made (the first included), answers other than 200. */
  opened: number;
  attempts: number;
  refused: number;
  /** Epoch ms: when its stream was first cut, and when a later connection opened. */
  cutAt: number | null;
  backAt: number | null;
  /** How long the connection that came back waited for its answer (ms). */
  backWaitedMs: number | null;
  /** Epoch ms: when the bell, back, was told its count. */
  countAt: number | null;
}

export interface CrashBellsReport {
  bells: CrashBell[];
  /** The count asks made after coming back: how long each took; failed or still pending. */
  askMs: number[];
  askErrors: number;
}

type FromParent =
  { type: 'open'; open: CrashBellsOpen } | { type: 'report'; waitMs: number } | { type: 'close' };

const now = () => performance.timeOrigin + performance.now();
const RETRY = /^retry: (\d+)$/m;
/** The page opens a refused bell again after this, jittered to 15–30 s (REOPEN_MS in unread.ts). */
const REOPEN_MS = 30_000;
/** A ring this soon after a count was said asks the count, after up to RING_SPREAD_MS (unread.ts). */
const FRESH_COUNT_MS = 2_000;
const RING_SPREAD_MS = 3_000;
const UNREAD = 'event: unread';
const RING = 'notification.created';

const askAgent = new http.Agent({ keepAlive: true, maxSockets: 200 });
const asks: CountAsks = { pending: 0, ms: [], errors: 0 };

class Bell extends ReconnectingStream {
  readonly state: CrashBell = {
    opened: 0,
    attempts: 0,
    refused: 0,
    cutAt: null,
    backAt: null,
    backWaitedMs: null,
    countAt: null,
  };
  /** When a count was last said (epoch ms), and whether an ask is waiting to be sent. */
  private saidAt = -Infinity;
  private asking = false;
  private retryMs = 3000;

  constructor(
    private readonly open: CrashBellsOpen,
    private readonly token: string,
  ) {
    super();
  }

  protected attempt(onOpen?: () => void): void {
    if (this.closed) return;
    this.state.attempts++;
    const sent = now();
    let ended = false;
    const cut = (waitMs: number) => {
      if (ended) return;
      ended = true;
      if (this.state.opened > 0) this.state.cutAt ??= now();
      setTimeout(() => this.attempt(onOpen), waitMs);
    };
    const req = http.get(
      `${this.open.url}/api/communities/${this.open.communityId}/notifications/events`,
      { agent: false, headers: { authorization: `Bearer ${this.token}`, 'accept-encoding': 'gzip' } },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          this.state.refused++;
          cut(jittered(REOPEN_MS));
          return;
        }
        const back = this.state.opened > 0;
        this.state.opened++;
        if (back) {
          if (this.state.backAt === null) {
            this.state.backAt = now();
            this.state.backWaitedMs = this.state.backAt - sent;
          }
        }
        const text =
          res.headers['content-encoding'] === 'gzip'
            ? res.pipe(createGunzip({ flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH }))
            : res;
        let first = true;
        text.on('data', (chunk: Buffer) => {
          const seen = chunk.toString('utf8');
          if (first) {
            first = false;
            const retry = RETRY.exec(seen.slice(0, 64));
            if (retry) this.retryMs = Number(retry[1]);
            onOpen?.();
            onOpen = undefined;
          }
          if (seen.includes(RING) && now() - this.saidAt < FRESH_COUNT_MS && !this.asking) {
            this.asking = true;
            asks.pending++;
            setTimeout(() => {
              this.asking = false;
              const { url, communityId } = this.open;
              askCount(
                () => asks,
                `${url}/api/communities/${communityId}/notifications?limit=1`,
                this.token,
                askAgent,
              );
            }, Math.random() * RING_SPREAD_MS);
          }
          if (seen.includes(UNREAD)) {
            this.saidAt = now();
            if (back) this.state.countAt ??= this.saidAt;
          }
        });
        text.on('error', () => cut(this.retryMs));
        res.on('error', () => cut(this.retryMs));
        res.on('close', () => cut(this.retryMs));
      },
    );
    req.on('error', () => cut(this.retryMs));
    this.request = req;
  }
}

let bells: Bell[] = [];
let opened: CrashBellsOpen | null = null;

process.on('message', async (msg: FromParent) => {
  if (msg.type === 'close') {
    for (const b of bells) b.close();
    process.exit(0);
  }
  if (msg.type === 'open') {
    opened = msg.open;
    bells = opened.tokens.map((token) => new Bell(msg.open, token));
    // Waves of 100, as the fan-out clients open theirs.
    for (let from = 0; from < bells.length; from += 100)
      await Promise.all(bells.slice(from, from + 100).map((b) => b.connect()));
    process.send!({ type: 'opened' });
    return;
  }
  // Every bell cut is back and told its count, and no ask is pending (or `waitMs` passed).
  const until = Date.now() + msg.waitMs;
  const done = () =>
    bells.every((b) => b.state.cutAt === null || b.state.countAt !== null) && asks.pending === 0;
  while (!done() && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  const report: CrashBellsReport = {
    bells: bells.map((b) => b.state),
    askMs: asks.ms,
    askErrors: asks.errors + asks.pending,
  };
  process.send!({ type: 'report', report });
});
