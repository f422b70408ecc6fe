/**
 * A rush beside reads: the rush of bench/rush.ts (5,000 households, one PUT each from 200 connections) on one
 * buy while `rate` reads a second go to the same server, of one of these (`--read`):
 * - `other`: the leader's order list of another open buy of the compound (GET /api/buys/{other}/orders, its
 *   100 orders). Until the forty-third session every such read expanded every buy's order journal first, the
 *   rushing buy's included, under that buy's lock; now it expands its own buy's only (docs/order-book.md);
 * - `list`: the rushing buy's public 接龙 list (GET /api/buys/{id}/list), what a resident's phone fetches as it
 *   opens the buy's page;
 * - `mine`: the resident's own order in the rushing buy (GET /api/buys/{id}/orders/mine), which the page fetches
 *   too (since the forty-fourth session);
 * - `myorders`: a resident's orders in every buy of the compound (GET /api/me/orders?communityId=), what the
 *   page fetched until then, and what the "my orders" page fetches;
 * - `buy`: the rushing buy itself (GET /api/buys/{id}), the page's third fetch, which has never waited for the
 *   journal: what any read of the buy costs the rush.
 * Each rate runs on a fresh database and server, whose first rush (read as the second is) warms it up; the
 * second is measured. Rates alternate within a round. Printed: the rush's joins/s and p99, the ratio to rate 0 in the
 * same round, the reads' own p50/p99 during the rush, the server's and PostgreSQL's CPU per join (the reads'
 * included), and from it what a read cost in CPU over the same round's rush without reads (since the forty-sixth
 * session: the ratio swings with the rushes themselves). A read asks for the answer as a browser does
 * (brotli or gzip) and reads it to the end without decoding it: decoding and parsing a 5,000-line list is the
 * phone's work, and here it would run on the load tool's thread and slow the rush it measures (until the
 * forty-fourth session the reads parsed it: 20 list reads a second cost the load tool about a tenth of a core).
 */
import { fetchBytes } from './fetch-bytes.ts';
import { api, type DbKind, fmt, onSeededServer } from './support.ts';
import { openBuy, rushOnBuy } from './rush.ts';

/** What the reads during the rush read (see above). */
export type NeighbourRead = 'other' | 'list' | 'mine' | 'myorders' | 'buy';

export interface NeighboursResult {
  db: DbKind;
  read: NeighbourRead;
  rate: number;
  round: number;
  /** Households, each joining once in the rush. */
  households: number;
  joinsPerSec: number;
  p99: number;
  errors: number;
  /** The other buy's list reads answered while the rush ran, and their latency (ms). */
  reads: number;
  readP50: number;
  readP99: number;
  failedReads: number;
  invariants: string;
  /** CPU µs per join during the rush, the reads' included: the server's process (all threads) and PostgreSQL's. */
  cpuPerJoin: { server: number; postgres: number };
}

const quantile = (sorted: readonly number[], q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : Number.NaN;

async function neighboursOnce(
  db: DbKind,
  read: NeighbourRead,
  rate: number,
  round: number,
  households: number,
  quietMs: number,
): Promise<NeighboursResult> {
  return onSeededServer(db, households, 3909, async (server, seeded) => {
    // The other buy, with 100 households' orders: what its leader's list shows.
    const { created: other, itemId } = await openBuy(server, seeded, '昨天的团购');
    for (const h of seeded.households.slice(0, 100))
      await api(`${server.url}/api/buys/${other.id}/orders/mine`, h.token, 'PUT', {
        lines: [{ itemId, qty: 1 }],
      });
    // A resident who joins in the rush too (households[7]), for every read but `other`.
    const resident = seeded.households[7]!.token;
    const readsDuring = (rushId: string) => {
      const path = {
        other: `/api/buys/${other.id}/orders`,
        list: `/api/buys/${rushId}/list`,
        mine: `/api/buys/${rushId}/orders/mine`,
        myorders: `/api/me/orders?communityId=${seeded.communityId}`,
        buy: `/api/buys/${rushId}`,
      }[read];
      const reads: { at: number; ms: number }[] = [];
      const state = { stop: false, failed: 0 };
      const readOnce = async () => {
        const at = performance.now();
        try {
          await fetchBytes(`${server.url}${path}`, read === 'other' ? seeded.leader.token : resident);
          reads.push({ at, ms: performance.now() - at });
        } catch {
          state.failed++;
        }
      };
      const reading = (async () => {
        const inFlight: Promise<void>[] = [];
        for (let next = performance.now(); rate > 0 && !state.stop;) {
          inFlight.push(readOnce());
          next += 1000 / rate;
          await new Promise((res) => setTimeout(res, Math.max(0, next - performance.now())));
        }
        await Promise.all(inFlight);
      })();
      return {
        reads,
        state,
        stop: async () => {
          state.stop = true;
          await reading;
        },
      };
    };
    // A first rush, unmeasured, read as the measured one is: the server is warm for the second, as one up for
    // a while would be, its read path included (until the forty-fifth session it was not read: the reads then
    // ran the read path's first, cold requests in the measured rush, and on PostgreSQL opened most of the
    // pool's connections in it too).
    let warmReads!: ReturnType<typeof readsDuring>;
    await rushOnBuy(server, seeded, '热身', 200, async (rushId) => {
      warmReads = readsDuring(rushId);
    });
    await warmReads.stop();
    // A quiet spell, when asked for (--quiet-ms): the pool's idle connections close after 10 s.
    if (quietMs > 0) await new Promise((res) => setTimeout(res, quietMs));

    let measured!: ReturnType<typeof readsDuring>;
    const r = await rushOnBuy(server, seeded, '抢购', 200, async (rushId) => {
      measured = readsDuring(rushId);
    });
    await measured.stop();
    const { reads } = measured;
    const failedReads = measured.state.failed;
    const during = reads
      .filter((x) => x.at <= r.lastResponseAt)
      .map((x) => x.ms)
      .sort((a, b) => a - b);
    return {
      db,
      read,
      rate,
      round,
      households,
      joinsPerSec: r.joinsPerSec,
      p99: r.p99,
      errors: r.errors,
      reads: during.length,
      readP50: quantile(during, 0.5),
      readP99: quantile(during, 0.99),
      failedReads,
      invariants: r.invariants,
      cpuPerJoin: { server: r.cpuPerJoin.server, postgres: r.cpuPerJoin.postgres },
    };
  });
}

export async function neighbours(
  kinds: readonly DbKind[],
  reads: readonly NeighbourRead[] = ['other'],
  rates: readonly number[] = [0, 20],
  rounds = 1,
  households = 5000,
  quietMs = 0,
): Promise<NeighboursResult[]> {
  const results: NeighboursResult[] = [];
  for (const db of kinds)
    for (const read of reads)
      for (let round = 1; round <= rounds; round++)
        for (const rate of round % 2 ? rates : [...rates].reverse())
          results.push(await neighboursOnce(db, read, rate, round, households, quietMs));
  return results;
}

/**
 * What a read cost the server and PostgreSQL in CPU, from the rush's CPU with the reads against the same round's
 * without: the extra over the rush's joins (the same 5,000 in both), shared out over the reads sent during it.
 */
function cpuPerRead(r: NeighboursResult, alone: NeighboursResult): number {
  const total = (x: NeighboursResult) =>
    x.cpuPerJoin.server + (Number.isFinite(x.cpuPerJoin.postgres) ? x.cpuPerJoin.postgres : 0);
  return ((total(r) - total(alone)) * r.households) / r.reads / 1000;
}

export function printNeighbours(results: readonly NeighboursResult[]): void {
  console.log(
    "\n## The rush beside reads: a warm server's rush while another buy's list (other), the rush's 接龙 list (list), a resident's order in it (mine) or in every buy (myorders), or the buy itself (buy) are read",
  );
  console.table(
    results.map((r) => {
      const alone = results.find(
        (a) => a.db === r.db && a.read === r.read && a.round === r.round && a.rate === 0,
      );
      return {
        database: r.db,
        read: r.read,
        'reads/s': r.rate,
        round: r.round,
        'joins/s': fmt(r.joinsPerSec),
        '÷ no reads': alone ? fmt(r.joinsPerSec / alone.joinsPerSec, 2) : '-',
        'p99 ms': r.p99,
        errors: r.errors,
        'reads in the rush': r.reads,
        'read p50 / p99 ms': r.reads ? `${fmt(r.readP50)} / ${fmt(r.readP99)}` : '-',
        'failed reads': r.failedReads,
        'CPU µs/join server+pg': `${fmt(r.cpuPerJoin.server)}+${fmt(r.cpuPerJoin.postgres)}`,
        'CPU ms/read': alone && r.reads ? fmt(cpuPerRead(r, alone), 2) : '-',
        invariants: r.invariants,
      };
    }),
  );
}
