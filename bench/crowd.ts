/**
 * The rush as a crowd of phones (issue #7): the rush of bench/rush.ts (5,000 households, one
 * `PUT …/orders/mine` each, qty 1–3, on one item of stock 1,000), but every household from a connection of its
 * own, all opened at once, as 5,000 phones reaching the server without a proxy in between. The rush proper uses
 * 200 keep-alive connections (the shape, and a proxy's); here the kernel sees 5,000 new connections in
 * the same instant while the event loop is busy answering the first ones, and queues those it has not accepted
 * yet in the listening socket's backlog. When that queue is full it drops them (counted in /proc/net/netstat as
 * ListenOverflows; SYN cookies when the half-open queue is full), and each dropped phone waits for its TCP
 * retry, a second or more, before its join is read.
 *
 * Each round starts a server with Node's own backlog (511) and one with Linli's (LISTEN_BACKLOG, default
 * 4,096), alternating which goes first, on the same database: a first rush from 200 connections (the server's
 * code warmed as in bench/rush.ts's first rush), a pause, a crowd of GET /healthz (5,000 connections, one
 * request each: the yardstick, what opening 5,000 connections costs the server and the load tool), then the
 * crowd of joins on a new buy. Printed per server: the crowd's joins/s, p50/p99/max, errors, its ratio to the
 * healthz crowd, the kernel's overflows and SYN cookies during it (machine-wide counters, on a machine doing
 * nothing else), the CPU per join, and the invariants over every order.
 */
import { readFileSync } from 'node:fs';
import { rushInvariants, type BuyItemView, type OrderView } from '../test/support/linli-process.ts';
import { LISTEN_BACKLOG_DEFAULT } from '../src/http/listen.ts';
import { errorKinds, joinRequests, openBuy } from './rush.ts';
import { allOrders, api, fmt, freshData, measuredRun, seed, startServer, type DbKind } from './support.ts';

/** Node's own default backlog (net.Server#listen). */
const NODE_BACKLOG = 511;

export interface CrowdResult {
  db: DbKind;
  round: number;
  backlog: number;
  connections: number;
  joinsPerSec: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  errorKinds: string;
  listenOverflows: number;
  synCookies: number;
  /**
   * The same crowd of GET /healthz on the same server just before (5,000 connections, one request each):
   * what opening the connections costs both sides, the yardstick of `joinsPerSec` (ratio printed).
   */
  healthzPerSec: number;
  healthzP99: number;
  /** CPU per join during the crowd, µs: the server (all its threads) and the load tool. */
  cpuPerJoin: { server: number; loadTool: number };
  invariants: string;
}

/** TcpExt counters of /proc/net/netstat (machine-wide), by name. */
function tcpExt(): Map<string, number> {
  const lines = readFileSync('/proc/net/netstat', 'utf8').split('\n');
  const at = lines.findIndex((l) => l.startsWith('TcpExt:'));
  const names = lines[at]!.split(/\s+/).slice(1);
  const values = lines[at + 1]!.split(/\s+/).slice(1).map(Number);
  return new Map(names.map((n, i) => [n, values[i]!]));
}

/** The soft limit on open files of this process (the load tool needs one per connection). */
function openFileLimit(): number {
  const line = /^Max open files\s+(\S+)/m.exec(readFileSync('/proc/self/limits', 'utf8'))?.[1];
  return line === 'unlimited' ? Infinity : Number(line ?? 0);
}

async function crowdOnServer(
  db: DbKind,
  env: Record<string, string>,
  seeded: Awaited<ReturnType<typeof seed>>,
  backlog: number,
  round: number,
): Promise<CrowdResult> {
  const server = await startServer({ ...env, LISTEN_BACKLOG: String(backlog) }, 3913);
  try {
    // The server's first rush, from 200 connections: its code warmed, its households seen (bench/rush.ts).
    const first = await openBuy(server, seeded, '先抢一轮');
    await measuredRun(
      server.url,
      server.pid,
      200,
      joinRequests(first.created.id, first.itemId, seeded.households),
    );
    await new Promise((r) => setTimeout(r, 3000));

    const { created, itemId } = await openBuy(server, seeded, '人人一条连接');
    const requests = joinRequests(created.id, itemId, seeded.households);
    const healthz = await measuredRun(
      server.url,
      server.pid,
      requests.length,
      requests.map(() => ({ method: 'GET', path: '/healthz' })),
    );
    await new Promise((r) => setTimeout(r, 1000));
    const before = tcpExt();
    const { run, start, last, used } = await measuredRun(server.url, server.pid, requests.length, requests);
    const after = tcpExt();
    const delta = (name: string) => (after.get(name) ?? 0) - (before.get(name) ?? 0);

    const buy = await api<{ items: BuyItemView[] }>(
      `${server.url}/api/buys/${created.id}`,
      seeded.leader.token,
    );
    const orders = await allOrders<OrderView>(server.url, created.id, seeded.leader.token);
    const problems = rushInvariants(buy.items[0]!, orders);
    if (orders.length !== run['2xx'])
      problems.push(`${run['2xx']} joins acknowledged, ${orders.length} orders stored`);
    return {
      db,
      round,
      backlog,
      connections: requests.length,
      joinsPerSec: run['2xx'] / ((last - start) / 1000),
      p50: run.latency.p50,
      p99: run.latency.p99,
      max: run.latency.max,
      errors: run.errors + run.non2xx,
      errorKinds: errorKinds(run),
      listenOverflows: delta('ListenOverflows'),
      synCookies: delta('SyncookiesSent'),
      healthzPerSec: healthz.run['2xx'] / ((healthz.last - healthz.start) / 1000),
      healthzP99: healthz.run.latency.p99,
      cpuPerJoin: {
        server: (used.server * 1e6) / run['2xx'],
        loadTool: (used.loadTool * 1e6) / run['2xx'],
      },
      invariants: problems.length ? problems.slice(0, 3).join('; ') : 'ok',
    };
  } finally {
    await server.stop();
  }
}

/** `rounds` pairs per database (Node's backlog and Linli's, alternating which goes first). */
export async function crowd(
  kinds: readonly DbKind[],
  rounds: number,
  households: number,
): Promise<CrowdResult[]> {
  if (openFileLimit() < households + 200) {
    console.log(
      `\n## The rush as a crowd: skipped (this process may open ${openFileLimit()} files, it needs one per ` +
        `household: ulimit -n ${households + 200})`,
    );
    return [];
  }
  const results: CrowdResult[] = [];
  for (const db of kinds) {
    const data = await freshData(db);
    try {
      const seeded = await seed(data.env, households);
      for (let round = 1; round <= rounds; round++) {
        const order =
          round % 2 ? [NODE_BACKLOG, LISTEN_BACKLOG_DEFAULT] : [LISTEN_BACKLOG_DEFAULT, NODE_BACKLOG];
        for (const backlog of order) results.push(await crowdOnServer(db, data.env, seeded, backlog, round));
      }
    } finally {
      await data.cleanup();
    }
  }
  return results;
}

export function printCrowd(results: readonly CrowdResult[]): void {
  if (results.length === 0) return;
  console.log(
    `\n## The rush as a crowd: ${fmt(results[0]!.connections)} households, each from a connection of its own, ` +
      `all at once (after a first rush from 200)`,
  );
  console.table(
    results.map((r) => ({
      db: r.db,
      round: r.round,
      backlog: `${fmt(r.backlog)}${r.backlog === NODE_BACKLOG ? " (Node's)" : ' (Linli’s)'}`,
      'joins/s': fmt(r.joinsPerSec),
      'p50 ms': r.p50,
      'p99 ms': r.p99,
      'max ms': r.max,
      'healthz crowd/s (p99)': `${fmt(r.healthzPerSec)} (${r.healthzP99})`,
      ratio: fmt(r.joinsPerSec / r.healthzPerSec, 2),
      errors: r.errors === 0 ? 0 : `${r.errors} (${r.errorKinds})`,
      'listen overflows': fmt(r.listenOverflows),
      'SYN cookies': fmt(r.synCookies),
      'CPU µs/join server+tool': `${fmt(r.cpuPerJoin.server)}+${fmt(r.cpuPerJoin.loadTool)}`,
      invariants: r.invariants,
    })),
  );
  // Ratios in the same run: Linli's backlog against Node's, per database (medians over the rounds).
  for (const db of new Set(results.map((r) => r.db))) {
    const of = (backlog: number) => results.filter((r) => r.db === db && r.backlog === backlog);
    const median = (v: number[]) => {
      const s = [...v].sort((a, b) => a - b);
      const m = s.length / 2;
      return s.length % 2 ? s[Math.floor(m)]! : (s[m - 1]! + s[m]!) / 2;
    };
    const node = of(NODE_BACKLOG);
    const linli = of(LISTEN_BACKLOG_DEFAULT);
    if (!node.length || !linli.length) continue;
    const p99 = (rs: CrowdResult[]) => median(rs.map((r) => r.p99));
    const rate = (rs: CrowdResult[]) => median(rs.map((r) => r.joinsPerSec));
    console.log(
      `${db}: backlog ${fmt(LISTEN_BACKLOG_DEFAULT)} against ${NODE_BACKLOG}, medians: p99 ${fmt(p99(linli))} ` +
        `against ${fmt(p99(node))} ms (× ${fmt(p99(linli) / p99(node), 2)}), joins/s ${fmt(rate(linli))} against ` +
        `${fmt(rate(node))} (× ${fmt(rate(linli) / rate(node), 2)}), overflows ` +
        `${fmt(median(linli.map((r) => r.listenOverflows)))} against ${fmt(median(node.map((r) => r.listenOverflows)))}`,
    );
  }
}
