/**
 * A rush split across instances (issue #7, scale-out): two `linli serve` on one PostgreSQL, the households of
 * bench/rush.ts (5,000, one PUT each, qty 1–3, on one item of stock 1,000) half on each instance, from 100
 * connections to each at once, as a load balancer would spread them. Once per order path
 * (`LINLI_ORDER_PATH=transaction` and `journal`), alternating, each on a fresh database: a cold rush, then a warm
 * one on a new buy (as bench/rush.ts). Printed: joins/s to the last response of either instance, the worse p99
 * of the two, the order batches that ran again (stale) and the books the instances loaded whole, the CPU per
 * join, and the invariants over every order of the buy.
 */
import { rushInvariants, type BuyItemView, type OrderView } from '../test/support/linli-process.ts';
import {
  allOrders,
  api,
  cannon,
  cpuSeconds,
  fmt,
  freshData,
  postgresCpuSeconds,
  seed,
  sendAll,
  shareOut,
  startServer,
} from './support.ts';
import { joinRequests } from './rush.ts';

export type OrderPath = 'transaction' | 'journal';

export interface SplitResult {
  path: OrderPath;
  round: number;
  phase: 'cold' | 'warm';
  joinsPerSec: number;
  p50: number;
  p99: number;
  errors: number;
  staleBatches: number;
  bookLoads: number;
  cpuPerJoin: { servers: number; postgres: number; loadTool: number };
  invariants: string;
}

type Seeded = Awaited<ReturnType<typeof seed>>;
type Server = Awaited<ReturnType<typeof startServer>>;

const counter = async (server: Server, name: string) =>
  Number(
    new RegExp(`^${name} (\\S+)$`, 'm').exec(await (await fetch(`${server.url}/metrics`)).text())?.[1] ?? 0,
  );

async function counters(servers: readonly Server[]) {
  let stale = 0;
  let loads = 0;
  for (const s of servers) {
    stale += await counter(s, 'linli_order_batch_stale_total');
    loads += await counter(s, 'linli_order_book_loads_total');
  }
  return { stale, loads };
}

async function splitOnBuy(
  servers: readonly [Server, Server],
  seeded: Seeded,
  title: string,
): Promise<Omit<SplitResult, 'path' | 'round' | 'phase'>> {
  const [a] = servers;
  const created = await api<{ id: string; items: BuyItemView[] }>(
    `${a.url}/api/communities/${seeded.communityId}/buys`,
    seeded.leader.token,
    'POST',
    {
      title,
      deadline: new Date(Date.now() + 3600_000).toISOString(),
      items: [{ name: '鸡蛋', unit: '盒', priceFen: 2500, stock: 1000, perHouseholdMax: 3 }],
    },
  );
  await api(`${a.url}/api/buys/${created.id}/publish`, seeded.leader.token, 'POST');
  const itemId = created.items[0]!.id;
  const half = Math.ceil(seeded.households.length / 2);
  const shares = [seeded.households.slice(0, half), seeded.households.slice(half)];
  // Each instance's requests' bytes made before the clock and the CPU meter start (as bench/support.ts's
  // measuredRun does): the clock starts when the first request of either is written.
  const requests = shares.map((share, n) =>
    shareOut(servers[n]!.url, 100, joinRequests(created.id, itemId, share)),
  );

  const before = await counters(servers);
  const cpu0 = {
    servers: servers.map((s) => cpuSeconds(s.pid)),
    pg: postgresCpuSeconds(),
    tool: process.cpuUsage(),
  };
  let start = performance.now();
  let sent = false;
  let last = 0;
  const measure = () => {
    const tool = process.cpuUsage(cpu0.tool);
    return {
      servers: servers.reduce((n, s, i) => n + cpuSeconds(s.pid) - cpu0.servers[i]!, 0),
      postgres: postgresCpuSeconds() - cpu0.pg,
      loadTool: (tool.user + tool.system) / 1e6,
    };
  };
  // The CPU is read when both instances have answered their last join (see SendHooks.onLast).
  let unfinished = servers.length;
  let atLast: ReturnType<typeof measure> | null = null;
  const runs = await Promise.all(
    servers.map((server, n) =>
      sendAll(server.url, 100, requests[n]!, {
        onFirstRequest: () => {
          if (!sent) start = performance.now();
          sent = true;
        },
        onResponse: () => (last = performance.now()),
        onLast: () => {
          if (--unfinished === 0) atLast = measure();
        },
      }),
    ),
  );
  const used = atLast ?? measure();
  const after = await counters(servers);

  const buy = await api<{ items: BuyItemView[] }>(`${a.url}/api/buys/${created.id}`, seeded.leader.token);
  const orders = await allOrders<OrderView>(a.url, created.id, seeded.leader.token);
  const ok = runs.reduce((n, r) => n + r['2xx'], 0);
  const problems = rushInvariants(buy.items[0]!, orders);
  if (orders.length !== ok) problems.push(`${ok} joins acknowledged, ${orders.length} orders stored`);
  const allocated = orders.reduce((s, o) => s + o.lines.reduce((t, l) => t + l.allocatedQty, 0), 0);
  return {
    joinsPerSec: ok / ((last - start) / 1000),
    p50: Math.max(...runs.map((r) => r.latency.p50)),
    p99: Math.max(...runs.map((r) => r.latency.p99)),
    errors: runs.reduce((n, r) => n + r.errors + r.non2xx, 0),
    staleBatches: after.stale - before.stale,
    bookLoads: after.loads - before.loads,
    cpuPerJoin: {
      servers: (used.servers * 1e6) / ok,
      postgres: (used.postgres * 1e6) / ok,
      loadTool: (used.loadTool * 1e6) / ok,
    },
    invariants: problems.length ? problems.slice(0, 3).join('; ') : `ok (allocated ${allocated}/1000)`,
  };
}

async function splitOnce(path: OrderPath, round: number, households: number): Promise<SplitResult[]> {
  const data = await freshData('postgres');
  try {
    const seeded = await seed(data.env, households);
    const env = { ...data.env, LINLI_ORDER_PATH: path };
    const servers = [await startServer(env, 3911), await startServer(env, 3912)] as const;
    try {
      // What a load balancer does to a new instance before sending it traffic (and the load tool's warm-up).
      await Promise.all(
        servers.map((s) => cannon({ url: `${s.url}/healthz`, connections: 50, duration: 2 })),
      );
      const cold = await splitOnBuy(servers, seeded, '两台一起抢');
      // A pause as between two buys, as in bench/rush.ts.
      await new Promise((r) => setTimeout(r, 5_500));
      const warm = await splitOnBuy(servers, seeded, '两台再抢');
      return [
        { ...cold, path, round, phase: 'cold' },
        { ...warm, path, round, phase: 'warm' },
      ];
    } finally {
      await Promise.all(servers.map((s) => s.stop()));
    }
  } finally {
    await data.cleanup();
  }
}

export async function split(rounds: number, households: number): Promise<SplitResult[]> {
  const results: SplitResult[] = [];
  for (let round = 1; round <= rounds; round++)
    for (const path of ['transaction', 'journal'] as const)
      results.push(...(await splitOnce(path, round, households)));
  return results;
}

export function printSplit(results: readonly SplitResult[]): void {
  console.log('\n## Rush split across two instances on one PostgreSQL (half the households on each)');
  console.table(
    results.map((r) => ({
      'order path': r.path,
      round: r.round,
      server: r.phase,
      'joins/s': fmt(r.joinsPerSec),
      'p50 ms': r.p50,
      'p99 ms': r.p99,
      errors: r.errors,
      'stale batches': r.staleBatches,
      'books loaded': r.bookLoads,
      'CPU µs/join servers+pg+tool': `${fmt(r.cpuPerJoin.servers)}+${fmt(r.cpuPerJoin.postgres)}+${fmt(r.cpuPerJoin.loadTool)}`,
      invariants: r.invariants,
    })),
  );
}
