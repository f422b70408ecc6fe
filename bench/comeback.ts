/**
 * Phones coming back after a rush (`npm run bench -- comeback`). A server restarted during a rush, or a
 * building's phones out of reach for a minute: W pages of the buy that missed its 5,000 joins reconnect, each
 * at its own moment within 4 s (the event stream's `retry:` is 2–6 s, drawn per stream), with the
 * Last-Event-ID they had. Two ways, on the same server, one after the other:
 *
 * - `replay`: what a page does since the thirty-first session: it reads the replay of what it missed (every
 *   接龙 line, batched and in gzip) up to the `replayed` event, and fetches nothing more;
 * - `refetch`: what it did before, as a yardstick: the replay, and at once the buy, its whole 接龙 list
 *   (~0.6 MB for 5,000 households) and its household's orders.
 *
 * Printed per way: pages, from the first page's moment to the last page's end, p50/p99 of a page's wait, the
 * server's CPU per page (all its threads), the bytes per page on the wire, how many pages were told their replay
 * was complete and, of the one in ten that inflate their stream as a phone does, how many had every line
 * (the others only watch the bytes for the replay's end: the load tool must not be what is measured).
 * Embedded database; the server served a rush before (warm), as a server up for a while has.
 */
import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { ComebackMode, ComebackPage, ComebackStart } from './comeback-client.ts';
import {
  cpuMeter,
  fmt,
  forkClient,
  metricsText,
  onSeededServer,
  quantile,
  sample,
  table,
} from './support.ts';
import { rushOnBuy, type Server } from './rush.ts';

export interface ComebackResult {
  mode: ComebackMode;
  pages: number;
  /** From the first page's moment to the last page's end, ms. */
  spanMs: number;
  p50: number;
  p99: number;
  serverCpuMsPerPage: number;
  kbPerPage: number;
  /** Pages that said their replay was complete. */
  complete: number;
  /** Of the sampled pages (they inflate and count lines, as phones do): how many, and how many had every line. */
  sampled: number;
  whole: number;
  failed: number;
  /** The kinds of failure, with counts. */
  errors: string;
  /** Parts of replays read from the database for all the pages (linli_event_replay_reads_total). */
  reads: number;
  joinsPerSec: number;
}

const SPREAD_MS = 4000;
const READS = 'linli_event_replay_reads_total';

function errorKinds(results: readonly ComebackPage[]): string {
  const kinds = new Map<string, number>();
  for (const r of results) if (r.error) kinds.set(r.error, (kinds.get(r.error) ?? 0) + 1);
  return [...kinds].map(([k, n]) => `${k} × ${n}`).join('; ') || '-';
}

/** The id of the buy's last event so far: a stream replayed from 0, read up to its `replayed` event. */
export function lastEventId(server: Server, buyId: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let text = '';
    const req = http.get(
      `${server.url}/api/buys/${buyId}/events`,
      { headers: { authorization: `Bearer ${token}`, 'last-event-id': '0' } },
      (res) => {
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
          if (!text.includes('event: replayed')) return;
          req.destroy();
          resolve(Math.max(...[...text.matchAll(/^id: (\d+)/gm)].map((m) => Number(m[1]))));
        });
      },
    );
    req.on('error', (err) => (text.includes('event: replayed') ? undefined : reject(err)));
  });
}

async function comeOnce(
  server: Server,
  start: Omit<ComebackStart, 'pages' | 'at' | 'mode'>,
  tokens: string[],
  mode: ComebackMode,
  wantLines: number,
  joinsPerSec: number,
): Promise<ComebackResult> {
  const processes = Math.min(4, Math.max(1, Math.ceil(tokens.length / 500)));
  const clients: ChildProcess[] = [];
  for (let p = 0; p < processes; p++) clients.push(forkClient('./comeback-client.ts'));
  try {
    // Let the children load before the clock starts.
    await new Promise((r) => setTimeout(r, 1500));
    const at = Date.now() + 200;
    const readsBefore = sample(await metricsText(server.url), READS);
    const used = cpuMeter(server.pid);
    const done = clients.map(
      (child, p) =>
        new Promise<ComebackPage[]>((resolve) => {
          child.once('message', (m: { type: 'done'; results: ComebackPage[] }) => resolve(m.results));
          const pages = tokens
            .filter((_, i) => i % processes === p)
            .map((token) => ({ token, delayMs: Math.random() * SPREAD_MS }));
          child.send({ type: 'start', start: { ...start, mode, pages, at } });
        }),
    );
    const results = (await Promise.all(done)).flat();
    const end = Date.now();
    const cpu = used();
    const reads = sample(await metricsText(server.url), READS) - readsBefore;
    const sorted = results.map((r) => r.ms).sort((a, b) => a - b);
    return {
      mode,
      pages: results.length,
      spanMs: end - at,
      p50: quantile(sorted, 0.5),
      p99: quantile(sorted, 0.99),
      serverCpuMsPerPage: (cpu.server * 1000) / results.length,
      kbPerPage: results.reduce((n, r) => n + r.bytes, 0) / results.length / 1024,
      complete: results.filter((r) => r.complete).length,
      sampled: results.filter((r) => r.sampled).length,
      whole: results.filter((r) => r.sampled && r.complete && r.lines >= wantLines).length,
      failed: results.filter((r) => r.failed).length,
      errors: errorKinds(results),
      reads,
      joinsPerSec,
    };
  } finally {
    for (const c of clients) c.send({ type: 'close' });
  }
}

export async function comeback(pages = 1000, households = 5000): Promise<ComebackResult[]> {
  return onSeededServer('pglite', households, 3917, async (server, seeded) => {
    await rushOnBuy(server, seeded, '热身', 200);
    let buyId = '';
    let from = 0;
    const rushed = await rushOnBuy(server, seeded, '回来看看', 200, async (id) => {
      buyId = id;
      from = await lastEventId(server, id, seeded.leader.token);
    });
    await new Promise((r) => setTimeout(r, 1000));
    const tokens = seeded.households.slice(0, pages).map((h) => h.token);
    const start = { url: server.url, buyId, communityId: seeded.communityId, from };
    const results: ComebackResult[] = [];
    for (const mode of ['replay', 'refetch'] as const) {
      results.push(await comeOnce(server, start, tokens, mode, households, rushed.joinsPerSec));
      await new Promise((r) => setTimeout(r, 1000));
    }
    return results;
  });
}

export function printComeback(results: readonly ComebackResult[]): void {
  console.log(
    `\n## Pages coming back after a rush (embedded database): each missed the 5,000 joins and reconnects within ${SPREAD_MS / 1000} s`,
  );
  const replay = results.find((r) => r.mode === 'replay');
  table(
    results.map((r) => ({
      way: r.mode === 'replay' ? 'replay only (now)' : 'replay + full refetch (before)',
      pages: fmt(r.pages),
      'first → last page ms': fmt(r.spanMs),
      'page p50 ms': fmt(r.p50),
      'page p99 ms': fmt(r.p99),
      'server CPU ms/page': fmt(r.serverCpuMsPerPage, 2),
      '÷ replay only': replay ? fmt(r.serverCpuMsPerPage / replay.serverCpuMsPerPage, 1) : '-',
      'KB/page (wire)': fmt(r.kbPerPage, 1),
      'replay reads from the database': fmt(r.reads),
      complete: `${fmt(r.complete)} of ${fmt(r.pages)}`,
      'sampled with every line': `${fmt(r.whole)} of ${fmt(r.sampled)}`,
      failed: r.failed,
      errors: r.errors,
    })),
  );
}
