/**
 * A rush beside the compound's other work: the rush of bench/rush.ts (5,000 households, one PUT each from 200
 * connections) on one buy while the leaders work on another buy of the compound, reading its order list
 * (GET /api/buys/{other}/orders, the first 100 households' orders) at `rate` requests a second. Until the
 * forty-third session every such read expanded every buy's order journal first, the rushing buy's included,
 * under that buy's lock; now it expands its own buy's only (docs/order-book.md). Each rate runs on a fresh
 * database and server, whose first rush (unread) warms it up; the second is measured. Rates alternate within
 * a round. Printed: the rush's joins/s and p99, the ratio to rate 0 in the same round, and the reads' own
 * p50/p99 during the rush.
 */
import { api, type DbKind, fmt, freshData, seed, startServer } from './support.ts';
import { openBuy, rushOnBuy } from './rush.ts';

export interface NeighboursResult {
  db: DbKind;
  rate: number;
  round: number;
  joinsPerSec: number;
  p99: number;
  errors: number;
  /** The other buy's list reads answered while the rush ran, and their latency (ms). */
  reads: number;
  readP50: number;
  readP99: number;
  failedReads: number;
  invariants: string;
}

const quantile = (sorted: readonly number[], q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : Number.NaN;

async function neighboursOnce(
  db: DbKind,
  rate: number,
  round: number,
  households: number,
): Promise<NeighboursResult> {
  const data = await freshData(db);
  try {
    const seeded = await seed(data.env, households);
    const server = await startServer(data.env, 3909);
    try {
      // The other buy, with 100 households' orders: what its leader's list shows.
      const { created: other, itemId } = await openBuy(server, seeded, '昨天的团购');
      for (const h of seeded.households.slice(0, 100))
        await api(`${server.url}/api/buys/${other.id}/orders/mine`, h.token, 'PUT', {
          lines: [{ itemId, qty: 1 }],
        });
      // A first rush, unmeasured: the server is warm for the second, as one up for a while would be.
      await rushOnBuy(server, seeded, '热身', 200);

      const reads: { at: number; ms: number }[] = [];
      let failedReads = 0;
      let stop = false;
      let reading: Promise<unknown> = Promise.resolve();
      const readOnce = async () => {
        const at = performance.now();
        try {
          await api(`${server.url}/api/buys/${other.id}/orders`, seeded.leader.token);
          reads.push({ at, ms: performance.now() - at });
        } catch {
          failedReads++;
        }
      };
      const r = await rushOnBuy(server, seeded, '抢购', 200, async () => {
        if (rate === 0) return;
        reading = (async () => {
          const inFlight: Promise<void>[] = [];
          for (let next = performance.now(); !stop;) {
            inFlight.push(readOnce());
            next += 1000 / rate;
            await new Promise((res) => setTimeout(res, Math.max(0, next - performance.now())));
          }
          await Promise.all(inFlight);
        })();
      });
      stop = true;
      await reading;
      const during = reads
        .filter((x) => x.at <= r.lastResponseAt)
        .map((x) => x.ms)
        .sort((a, b) => a - b);
      return {
        db,
        rate,
        round,
        joinsPerSec: r.joinsPerSec,
        p99: r.p99,
        errors: r.errors,
        reads: during.length,
        readP50: quantile(during, 0.5),
        readP99: quantile(during, 0.99),
        failedReads,
        invariants: r.invariants,
      };
    } finally {
      await server.stop();
    }
  } finally {
    await data.cleanup();
  }
}

export async function neighbours(
  kinds: readonly DbKind[],
  rates: readonly number[] = [0, 20],
  rounds = 1,
  households = 5000,
): Promise<NeighboursResult[]> {
  const results: NeighboursResult[] = [];
  for (const db of kinds)
    for (let round = 1; round <= rounds; round++)
      for (const rate of round % 2 ? rates : [...rates].reverse())
        results.push(await neighboursOnce(db, rate, round, households));
  return results;
}

export function printNeighbours(results: readonly NeighboursResult[]): void {
  console.log(
    "\n## The rush beside another buy's work: a warm server's rush while the leaders read another buy's list",
  );
  console.table(
    results.map((r) => {
      const alone = results.find((a) => a.db === r.db && a.round === r.round && a.rate === 0);
      return {
        database: r.db,
        'list reads/s': r.rate,
        round: r.round,
        'joins/s': fmt(r.joinsPerSec),
        '÷ no reads': alone ? fmt(r.joinsPerSec / alone.joinsPerSec, 2) : '-',
        'p99 ms': r.p99,
        errors: r.errors,
        'reads in the rush': r.reads,
        'read p50 / p99 ms': r.reads ? `${fmt(r.readP50)} / ${fmt(r.readP99)}` : '-',
        'failed reads': r.failedReads,
        invariants: r.invariants,
      };
    }),
  );
}
