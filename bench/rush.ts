/**
 * Rush hour: N households join one scarce item in the same second.
 * `linli seed --households 5000`, one item (stock 1,000, max 3 per household), published; every household
 * sends one PUT /api/buys/{id}/orders/mine (qty 1–3) from 200 keep-alive connections. The same load tool
 * then measures the same server's GET /healthz, and the ratio joins/s ÷ healthz/s is printed.
 */
import autocannon from 'autocannon';
import { api, cpuMeter, fmt, freshData, seed, startServer, type DbKind } from './support.ts';

interface BuyView {
  id: string;
  items: { id: string; stock: number | null; allocatedQty: number; waitlistedQty: number }[];
}
interface OrderView {
  seq: number;
  status: string;
  lines: { qty: number; allocatedQty: number; waitlistedQty: number }[];
}

export interface RushResult {
  db: DbKind;
  households: number;
  joinsPerSec: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** The server's own p99 for the joins (upper bound of its histogram bucket), from GET /metrics. */
  serverP99: string;
  /** CPU µs per join during the rush: the server process, PostgreSQL's processes, the load tool. */
  cpuPerJoin: { server: number; postgres: number; loadTool: number };
  /** The same for one GET /healthz during its run. */
  cpuPerHealthz: { server: number; loadTool: number };
  /** Joins per group-commit batch on average (linli_order_batch_size from /metrics). */
  meanBatch: number;
  /** Optimistic batches that found the buy changed and ran again under the lock (linli_order_batch_stale_total). */
  staleBatches: number;
  errors: number;
  /** What the errors were: status codes of non-2xx answers, timeouts, socket errors. */
  errorKinds: string;
  healthzPerSec: number;
  ratio: number;
  invariants: string;
  seedSeconds: number;
}

function cannon(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

export interface RushOptions {
  households?: number;
  connections?: number;
  port?: number;
  /** Extra node flags for the server child (e.g. --cpu-prof --cpu-prof-dir=DIR). */
  nodeArgs?: string[];
}

function errorKinds(run: autocannon.Result): string {
  const kinds: string[] = [];
  for (const [code, stat] of Object.entries(run.statusCodeStats ?? {}))
    if (!code.startsWith('2')) kinds.push(`${code}×${stat?.count ?? 0}`);
  if (run.timeouts > 0) kinds.push(`timeout×${run.timeouts}`);
  // autocannon counts a timeout as an error too.
  if (run.errors - run.timeouts > 0) kinds.push(`socket×${run.errors - run.timeouts}`);
  return kinds.join(' ') || '-';
}

/** The mean of a Prometheus histogram at /metrics (its _sum ÷ _count). */
async function histogramMean(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const value = (suffix: string) =>
    Number(new RegExp(`^${name}_${suffix} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);
  return value('sum') / value('count');
}

/** A Prometheus counter's value at /metrics (0 when absent). */
async function counterValue(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
}

/**
 * A quantile of one route's server-side latency, read from the Prometheus histogram at /metrics: the upper
 * bound of the bucket it falls in (so "≤ 250"). Tells the server's time apart from the load tool's queueing.
 */
async function serverQuantile(url: string, method: string, route: string, q: number): Promise<string> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const buckets: [number, number][] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith('linli_http_request_duration_seconds_bucket{')) continue;
    if (!line.includes(`method="${method}"`) || !line.includes(`route="${route}"`)) continue;
    if (!/status_code="2\d\d"/.test(line)) continue;
    const le = /le="([^"]+)"/.exec(line)?.[1];
    const count = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (le) buckets.push([le === '+Inf' ? Infinity : Number(le), count]);
  }
  // Several status codes (200, 201) each have their own bucket series: add them up per bound.
  const byLe = new Map<number, number>();
  for (const [le, n] of buckets) byLe.set(le, (byLe.get(le) ?? 0) + n);
  const sorted = [...byLe].sort((a, b) => a[0] - b[0]);
  const total = sorted.at(-1)?.[1] ?? 0;
  if (total === 0) return '-';
  const hit = sorted.find(([, n]) => n >= q * total)!;
  return hit[0] === Infinity ? '> 10000' : `≤ ${hit[0] * 1000}`;
}

export async function rush(db: DbKind, options: RushOptions = {}): Promise<RushResult> {
  const { households = 5000, connections = 200, port = 3901, nodeArgs = [] } = options;
  const data = await freshData(db);
  try {
    const t0 = performance.now();
    const seeded = await seed(data.env, households);
    const seedSeconds = (performance.now() - t0) / 1000;
    const server = await startServer(data.env, port, nodeArgs);
    try {
      const deadline = new Date(Date.now() + 3600_000).toISOString();
      const created = await api<BuyView>(
        `${server.url}/api/communities/${seeded.communityId}/buys`,
        seeded.leader.token,
        'POST',
        {
          title: '抢购鸡蛋',
          deadline,
          items: [{ name: '鸡蛋', unit: '盒', priceFen: 2500, stock: 1000, perHouseholdMax: 3 }],
        },
      );
      await api(`${server.url}/api/buys/${created.id}/publish`, seeded.leader.token, 'POST');
      const itemId = created.items[0]!.id;

      let next = 0;
      // autocannon reports its duration at its next one-second tick after the last response, so 5,000 joins
      // done in 2.3 s read as 3.0 s: the rate is measured here, to the last response, instead.
      let lastResponse = 0;
      const rushCpu = cpuMeter(server.pid);
      const rushStart = performance.now();
      const rushRun = await cannon({
        url: server.url,
        connections,
        amount: households,
        timeout: 30,
        requests: [
          {
            method: 'PUT',
            path: `/api/buys/${created.id}/orders/mine`,
            setupRequest: (req) => {
              const h = seeded.households[next++ % seeded.households.length]!;
              return {
                ...req,
                headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
                body: JSON.stringify({ lines: [{ itemId, qty: 1 + (next % 3) }] }),
              };
            },
            onResponse: () => {
              lastResponse = performance.now();
            },
          },
        ],
      });
      const rushUsed = rushCpu();
      const serverP99 = await serverQuantile(server.url, 'PUT', '/api/buys/:buyId/orders/mine', 0.99);
      const meanBatch = await histogramMean(server.url, 'linli_order_batch_size');
      const staleBatches = await counterValue(server.url, 'linli_order_batch_stale_total');
      const healthzCpu = cpuMeter(server.pid);
      const healthz = await cannon({ url: `${server.url}/healthz`, connections, duration: 5 });
      const healthzUsed = healthzCpu();

      const buy = await api<BuyView>(`${server.url}/api/buys/${created.id}`, seeded.leader.token);
      const { orders } = await api<{ orders: OrderView[] }>(
        `${server.url}/api/buys/${created.id}/orders`,
        seeded.leader.token,
      );
      const problems: string[] = [];
      const item = buy.items[0]!;
      if (item.allocatedQty > (item.stock ?? Infinity))
        problems.push(`oversold: ${item.allocatedQty} > ${item.stock}`);
      const ok2xx = rushRun['2xx'];
      if (orders.length !== ok2xx)
        problems.push(`${ok2xx} joins acknowledged, ${orders.length} orders stored`);
      let sawWaiting = false;
      let allocated = 0;
      for (const o of orders.sort((a, b) => a.seq - b.seq)) {
        for (const l of o.lines) {
          allocated += l.allocatedQty;
          if (l.allocatedQty + l.waitlistedQty !== l.qty)
            problems.push(`seq ${o.seq}: allocated + waitlisted ≠ qty`);
          if (sawWaiting && l.allocatedQty > 0)
            problems.push(`seq ${o.seq} holds stock while an earlier order waits`);
          if (l.waitlistedQty > 0) sawWaiting = true;
        }
      }
      if (allocated !== item.allocatedQty)
        problems.push(`lines allocate ${allocated}, item says ${item.allocatedQty}`);

      const joinsPerSec = ok2xx / ((lastResponse - rushStart) / 1000);
      const healthzPerSec = healthz.requests.average;
      return {
        db,
        households,
        joinsPerSec,
        p50: rushRun.latency.p50,
        p90: rushRun.latency.p90,
        p99: rushRun.latency.p99,
        max: rushRun.latency.max,
        serverP99,
        meanBatch,
        staleBatches,
        cpuPerJoin: {
          server: (rushUsed.server * 1e6) / ok2xx,
          postgres: (rushUsed.postgres * 1e6) / ok2xx,
          loadTool: (rushUsed.loadTool * 1e6) / ok2xx,
        },
        cpuPerHealthz: {
          server: (healthzUsed.server * 1e6) / healthz.requests.total,
          loadTool: (healthzUsed.loadTool * 1e6) / healthz.requests.total,
        },
        // autocannon's errors already include its timeouts.
        errors: rushRun.errors + rushRun.non2xx,
        errorKinds: errorKinds(rushRun),
        healthzPerSec,
        ratio: joinsPerSec / healthzPerSec,
        invariants: problems.length ? problems.slice(0, 3).join('; ') : `ok (allocated ${allocated}/1000)`,
        seedSeconds,
      };
    } finally {
      await server.stop();
    }
  } finally {
    await data.cleanup();
  }
}

export function printRush(results: RushResult[]): void {
  console.log('\n## Rush: 5,000 households join one item (stock 1,000, max 3) from 200 connections');
  console.table(
    results.map((r) => ({
      db: r.db,
      'joins/s': fmt(r.joinsPerSec),
      'p50 ms': r.p50,
      'p90 ms': r.p90,
      'p99 ms': r.p99,
      'max ms': r.max,
      'server p99 ms': r.serverP99,
      'joins per batch': fmt(r.meanBatch, 1),
      'stale batches': r.staleBatches,
      'CPU µs/join server+pg+tool': `${fmt(r.cpuPerJoin.server)}+${fmt(r.cpuPerJoin.postgres)}+${fmt(r.cpuPerJoin.loadTool)}`,
      'CPU µs/healthz server+tool': `${fmt(r.cpuPerHealthz.server)}+${fmt(r.cpuPerHealthz.loadTool)}`,
      errors: r.errors,
      'error kinds': r.errorKinds,
      'healthz/s': fmt(r.healthzPerSec),
      'joins/s ÷ healthz/s': fmt(r.ratio, 3),
      invariants: r.invariants,
      'seed s': fmt(r.seedSeconds, 1),
    })),
  );
}
