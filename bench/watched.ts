/**
 * A watched rush: the rush of bench/rush.ts (5,000 households, one PUT each from 200 connections) on the
 * embedded database while W phones have the buy's page open, each following its event stream
 * (GET /api/buys/{id}/events, from client processes as in bench/fanout.ts). Every join's event goes to every
 * open page, so this is the rush as it happens, not in an empty room. Each W runs on a fresh database and
 * server (W = 0 first, the rush alone), alternating `rounds` times. The pages offer gzip as browsers do
 * (`N`), or not (`N:plain`: the same run shows what compression saves). Printed: joins/s and p99 of the rush,
 * the ratio to W = 0 in the same round, and the bytes the pages received, as sent.
 */
import type { ChildProcess } from 'node:child_process';
import { ask } from './fanout.ts';
import { fmt, forkClient, onSeededServer } from './support.ts';
import { rushOnBuy } from './rush.ts';

/** Open pages and how their streams come: gzip as browsers ask for it, or plain. */
export interface Watchers {
  pages: number;
  gzip: boolean;
}

/** `0,1000,1000:plain` → pages offering gzip (as browsers do) unless `:plain`. */
export function parseWatchers(spec: string): Watchers[] {
  return spec.split(',').map((w) => ({ pages: Number.parseInt(w, 10), gzip: !w.endsWith(':plain') }));
}

export interface WatchedResult {
  watchers: number;
  /** The pages' streams in gzip (as browsers ask for them) or plain. */
  gzip: boolean;
  round: number;
  joinsPerSec: number;
  p99: number;
  errors: number;
  /** Server CPU (all its threads) per join during the rush, µs. */
  serverCpuPerJoin: number;
  /** Bytes all pages received during the rush, ÷ pages (MB). */
  mbPerPage: number;
  invariants: string;
}

async function watchedOnce(
  { pages: watchers, gzip }: Watchers,
  round: number,
  households: number,
  nodeArgs: readonly string[],
): Promise<WatchedResult> {
  return onSeededServer(
    'pglite',
    households,
    3908,
    async (server, seeded) => {
      const clients: ChildProcess[] = [];
      try {
        let bytesBefore = 0;
        const r = await rushOnBuy(server, seeded, '有人围观的抢购', 200, async (buyId) => {
          const processes = Math.min(4, Math.max(1, Math.ceil(watchers / 2500)));
          for (let p = 0; p < processes && watchers > 0; p++) {
            clients.push(forkClient('./fanout-client.ts'));
          }
          const tokens = seeded.households.map((h) => h.token);
          await Promise.all(
            clients.map((child, p) => {
              const count = Math.floor(watchers / clients.length) + (p < watchers % clients.length ? 1 : 0);
              const start = { url: server.url, path: `/api/buys/${buyId}/events`, tokens, count, gzip };
              return ask(child, { type: 'start', start }, 'ready');
            }),
          );
          await new Promise((res) => setTimeout(res, 500));
          bytesBefore = await bytesReceived(clients);
        });
        // The last frames may still be on their way: a moment for them to arrive.
        await new Promise((res) => setTimeout(res, 1000));
        const bytes = (await bytesReceived(clients)) - bytesBefore;
        return {
          watchers,
          gzip,
          round,
          joinsPerSec: r.joinsPerSec,
          p99: r.p99,
          errors: r.errors,
          serverCpuPerJoin: r.cpuPerJoin.server,
          mbPerPage: watchers ? bytes / watchers / 2 ** 20 : 0,
          invariants: r.invariants,
        };
      } finally {
        for (const c of clients) c.send({ type: 'close' });
      }
    },
    { nodeArgs: nodeArgs },
  );
}

async function bytesReceived(clients: ChildProcess[]): Promise<number> {
  const answers = await Promise.all(clients.map((c) => ask(c, { type: 'bytes' }, 'bytes')));
  return answers.reduce((n, a) => n + (a.type === 'bytes' ? a.bytes : 0), 0);
}

export async function watchedRush(
  watchers: readonly Watchers[] = parseWatchers('0,1000,1000:plain'),
  rounds = 1,
  households = 5000,
  nodeArgs: readonly string[] = [],
): Promise<WatchedResult[]> {
  const results: WatchedResult[] = [];
  for (let round = 1; round <= rounds; round++)
    for (const w of watchers) results.push(await watchedOnce(w, round, households, nodeArgs));
  return results;
}

export function printWatched(results: readonly WatchedResult[]): void {
  console.log('\n## Watched rush (embedded database): the 5,000 joins while W pages follow the buy live');
  console.table(
    results.map((r) => {
      const alone = results.find((a) => a.round === r.round && a.watchers === 0);
      return {
        'open pages': r.watchers ? `${fmt(r.watchers)} ${r.gzip ? 'gzip' : 'plain'}` : '0',
        round: r.round,
        'joins/s': fmt(r.joinsPerSec),
        '÷ no pages': alone ? fmt(r.joinsPerSec / alone.joinsPerSec, 2) : '-',
        'p99 ms': r.p99,
        errors: r.errors,
        'server CPU µs/join': fmt(r.serverCpuPerJoin),
        'MB per page (wire)': fmt(r.mbPerPage, 2),
        invariants: r.invariants,
      };
    }),
  );
}
