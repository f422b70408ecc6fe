/**
 * Rush hour: N households join one scarce item in the same second.
 * `linli seed --households 5000`, one item (stock 1,000, max 3 per household), published; every household
 * sends one PUT /api/buys/{id}/orders/mine (qty 1–3) from 200 keep-alive connections. The same load tool
 * measures the same server's GET /healthz too, and the ratio joins/s ÷ healthz/s is printed. Then a second
 * and a third buy and the same rush again, on the now warm server (see rush()).
 */
import os from 'node:os';
import autocannon from 'autocannon';
import { rushInvariants, type BuyItemView, type OrderView } from '../test/support/linli-process.ts';
import {
  allOrders,
  api,
  cannon,
  cpuMeter,
  type DbKind,
  type Prepared,
  fmt,
  measuredRun,
  metricsText,
  sample,
  freshData,
  seed,
  sendAll,
  startServer,
} from './support.ts';

interface BuyView {
  id: string;
  items: BuyItemView[];
}

export const RUSH_PHASES = ['cold', 'warm', 'steady'] as const;
export type RushPhase = (typeof RUSH_PHASES)[number];

/** How the goals name each phase. */
export const PHASE_NAMES: Record<RushPhase, string> = {
  cold: 'just started',
  warm: 'warm',
  steady: 'third rush',
};

export interface RushResult {
  db: DbKind;
  /** Which round (bench/run.ts --rounds), or 'median' for the median of the rounds. */
  round?: number | 'median';
  /** The server's first rush after it started, its second, or its third (see rush()). */
  phase: RushPhase;
  households: number;
  /** Joins answered 2xx per second, from the first request written to the last answer. */
  joinsPerSec: number;
  /**
   * Milliseconds from the load tool's call to its first request (making its 200 clients and their connections),
   * not in the joins/s since the twenty-third session (before, with the requests' bytes made in it too, 4–9 ms
   * of a 0.4–0.6 s rush on that session's machine).
   */
  setupMs: number;
  /** performance.now() at the last response of the rush (bench/restart.ts times a start to it). */
  lastResponseAt: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  /** The server's own p99 for the joins (upper bound of its histogram bucket), from GET /metrics. */
  serverP99: string;
  /** CPU µs per join during the rush: the server process, PostgreSQL's processes, the load tool. */
  cpuPerJoin: { server: number; postgres: number; loadTool: number };
  /** Of the server's CPU per join, the embedded database thread's (NaN on PostgreSQL). */
  databaseThreadPerJoin: number;
  /**
   * Of the server's CPU per join, its main thread's (the event loop: HTTP, the order path, presenters). The
   * rest, beside the database thread, is V8's helper threads: its optimising compiler and the garbage
   * collector's parallel and concurrent work (printed as "V8 helpers").
   */
  mainThreadPerJoin: number;
  /** The same for one GET /healthz during its run. */
  cpuPerHealthz: { server: number; loadTool: number };
  /** Joins per group-commit batch on average (linli_order_batch_size from /metrics). */
  meanBatch: number;
  /** Optimistic batches that found the buy changed and ran again under the lock (linli_order_batch_stale_total). */
  staleBatches: number;
  /**
   * How long after the rush's last join the notices of its waiting households were all stored (ms; the
   * notifier waits out a rush: docs/notifications.md), or NaN if they were not within 10 s.
   */
  noticesMs: number;
  errors: number;
  /** What the errors were: status codes of non-2xx answers, timeouts, socket errors. */
  errorKinds: string;
  healthzPerSec: number;
  /**
   * The same server's GET /healthz again, for 5 s after its third rush: printed beside the ratio's denominator
   * (measured at the start) to show how far that moved within the run. Not used in the ratio.
   */
  healthzAfterPerSec: number;
  /**
   * GET /healthz/s measured right before this rush (since the twenty-first session): for the first rush the
   * ratio's denominator itself; before the second and third, 3 s of healthz at the end of the pause before them.
   * The machines these benchmarks run on change speed by up to half within seconds (docs/benchmarks.md,
   * twenty-first session), so a denominator measured a minute before a rush can belong to another stretch.
   * Printed with the ratio to it beside the goal's ratio; not used by the goals.
   */
  healthzJustBeforePerSec: number;
  ratio: number;
  /** In a median row, the median of the rounds' `ratioJustBefore` (not that of the median figures). */
  ratioJustBefore?: number;
  invariants: string;
  seedSeconds: number;
}

export interface RushOptions {
  households?: number;
  connections?: number;
  port?: number;
  /** Extra node flags for the server child (e.g. --cpu-prof --cpu-prof-dir=DIR). */
  nodeArgs?: string[];
  /**
   * Every household opens the buy's page (GET /api/buys/{id}) once it is published and before the first rush,
   * as phones do when the leader posts the link: not measured, but the server then holds their tokens and
   * standing when they join (`--prime`).
   */
  prime?: boolean;
}

/** Each household's GET of the buy's page, once, from `connections` connections; throws unless all are 200. */
async function openPages(server: Server, seeded: Seeded, buyId: string, connections: number): Promise<void> {
  const run = await sendAll(
    server.url,
    connections,
    seeded.households.map((h) => ({
      method: 'GET',
      path: `/api/buys/${buyId}`,
      headers: { authorization: `Bearer ${h.token}` },
    })),
  );
  if (run['2xx'] !== seeded.households.length) throw new Error(`page loads: ${run['2xx']} answered 2xx`);
}

export function errorKinds(run: autocannon.Result): string {
  const kinds: string[] = [];
  for (const [code, stat] of Object.entries(run.statusCodeStats ?? {}))
    if (!code.startsWith('2')) kinds.push(`${code}×${stat?.count ?? 0}`);
  if (run.timeouts > 0) kinds.push(`timeout×${run.timeouts}`);
  // autocannon counts a timeout as an error too.
  if (run.errors - run.timeouts > 0) kinds.push(`socket×${run.errors - run.timeouts}`);
  return kinds.join(' ') || '-';
}

const NOTICES = 'linli_notifications_stored_total';

/**
 * Reads the notifier's counter every 25 ms from now until `until` resolves and the count has reached what it
 * says (or 10 s have passed); returns when it first did (performance.now()), or NaN.
 */
async function noticesStoredAt(url: string, from: number, until: Promise<number>): Promise<number> {
  let want = Infinity;
  void until.then((n) => (want = n));
  const giveUp = performance.now() + 10_000;
  while (performance.now() < giveUp) {
    const at = performance.now();
    if (sample(await metricsText(url), NOTICES) - from >= want) return at;
    await new Promise((r) => setTimeout(r, 25));
  }
  return NaN;
}

/** One route's 2xx latency histogram in a /metrics text: upper bound (s) → count, all status codes added. */
function routeBuckets(text: string, method: string, route: string): Map<number, number> {
  const byLe = new Map<number, number>();
  for (const line of text.split('\n')) {
    if (!line.startsWith('linli_http_request_duration_seconds_bucket{')) continue;
    if (!line.includes(`method="${method}"`) || !line.includes(`route="${route}"`)) continue;
    if (!/status_code="2\d\d"/.test(line)) continue;
    const le = /le="([^"]+)"/.exec(line)?.[1];
    const count = Number(line.slice(line.lastIndexOf(' ') + 1));
    // Several status codes (200, 201) each have their own bucket series: add them up per bound.
    if (le)
      byLe.set(
        le === '+Inf' ? Infinity : Number(le),
        (byLe.get(le === '+Inf' ? Infinity : Number(le)) ?? 0) + count,
      );
  }
  return byLe;
}

/**
 * A quantile of the joins' server-side latency between two /metrics readings: the upper bound of the bucket it
 * falls in (so "≤ 250"). Tells the server's time apart from the load tool's queueing.
 */
function serverQuantile(before: string, after: string, q: number): string {
  const route = ['PUT', '/api/buys/:buyId/orders/mine'] as const;
  const b = routeBuckets(before, ...route);
  const sorted = [...routeBuckets(after, ...route)]
    .map(([le, n]) => [le, n - (b.get(le) ?? 0)] as const)
    .sort((x, y) => x[0] - y[0]);
  const total = sorted.at(-1)?.[1] ?? 0;
  if (total === 0) return '-';
  const hit = sorted.find(([, n]) => n >= q * total)!;
  return hit[0] === Infinity ? '> 10000' : `≤ ${hit[0] * 1000}`;
}

/** The quantity the i-th household asks for in a rush (1–3). */
export const joinQty = (i: number) => 1 + ((i + 1) % 3);

/** The rush's requests: each household joins the item once (qty 1–3) with its own bearer token. */
export function joinRequests(
  buyId: string,
  itemId: string,
  households: readonly { token: string }[],
): Prepared[] {
  return households.map((h, i) => ({
    method: 'PUT',
    path: `/api/buys/${buyId}/orders/mine`,
    headers: { authorization: `Bearer ${h.token}`, 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify({ lines: [{ itemId, qty: joinQty(i) }] })),
  }));
}

export type Seeded = Awaited<ReturnType<typeof seed>>;
export type Server = Awaited<ReturnType<typeof startServer>>;

/** The rush's buy, published: one item, stock 1,000, at most 3 per household, open for an hour. */
export async function openBuy(
  server: Server,
  seeded: Seeded,
  title: string,
): Promise<{ created: BuyView; itemId: string }> {
  const created = await api<BuyView>(
    `${server.url}/api/communities/${seeded.communityId}/buys`,
    seeded.leader.token,
    'POST',
    {
      title,
      deadline: new Date(Date.now() + 3600_000).toISOString(),
      items: [{ name: '鸡蛋', unit: '盒', priceFen: 2500, stock: 1000, perHouseholdMax: 3 }],
    },
  );
  await api(`${server.url}/api/buys/${created.id}/publish`, seeded.leader.token, 'POST');
  return { created, itemId: created.items[0]!.id };
}

/** One rush on a new buy: every household joins once. What rush() reports, but the healthz figures. */
export async function rushOnBuy(
  server: Server,
  seeded: Seeded,
  title: string,
  connections: number,
  /** Runs once the buy is published, before the first join (bench/watched.ts opens its pages here). */
  beforeRush?: (buyId: string) => Promise<void>,
): Promise<
  Omit<
    RushResult,
    | 'db'
    | 'phase'
    | 'cpuPerHealthz'
    | 'healthzPerSec'
    | 'healthzAfterPerSec'
    | 'healthzJustBeforePerSec'
    | 'ratio'
    | 'seedSeconds'
  >
> {
  const households = seeded.households.length;
  const { created, itemId } = await openBuy(server, seeded, title);
  await beforeRush?.(created.id);

  // autocannon reports its duration at its next one-second tick after the last response, so 5,000 joins
  // done in 2.3 s read as 3.0 s: the rate is measured here, to the last response, instead.
  const requests = joinRequests(created.id, itemId, seeded.households);
  const before = await metricsText(server.url);
  const {
    run: rushRun,
    start: rushStart,
    last: lastResponse,
    used: rushUsed,
    databaseThread,
    setupMs,
  } = await measuredRun(server.url, server.pid, connections, requests);
  const after = await metricsText(server.url);
  const delta = (name: string) => sample(after, name) - sample(before, name);

  // Every household left waiting gets one notice (the buy's own "opened" notice may count too: one more).
  let noticesWanted!: (n: number) => void;
  const noticesStored = noticesStoredAt(
    server.url,
    sample(before, NOTICES),
    new Promise<number>((r) => (noticesWanted = r)),
  );
  const buy = await api<BuyView>(`${server.url}/api/buys/${created.id}`, seeded.leader.token);
  const orders = await allOrders<OrderView>(server.url, created.id, seeded.leader.token);
  noticesWanted(orders.filter((o) => o.lines.some((l) => l.waitlistedQty > 0)).length);
  const noticesMs = (await noticesStored) - lastResponse;
  const ok2xx = rushRun['2xx'];
  const item = buy.items[0]!;
  const problems = rushInvariants(item, orders);
  if (orders.length !== ok2xx) problems.push(`${ok2xx} joins acknowledged, ${orders.length} orders stored`);
  if (Number.isNaN(noticesMs)) problems.push('the waiting households were not all notified within 10 s');
  const allocated = orders.reduce((s, o) => s + o.lines.reduce((t, l) => t + l.allocatedQty, 0), 0);

  return {
    households,
    joinsPerSec: ok2xx / ((lastResponse - rushStart) / 1000),
    setupMs,
    lastResponseAt: lastResponse,
    p50: rushRun.latency.p50,
    p90: rushRun.latency.p90,
    p99: rushRun.latency.p99,
    max: rushRun.latency.max,
    serverP99: serverQuantile(before, after, 0.99),
    meanBatch: delta('linli_order_batch_size_sum') / delta('linli_order_batch_size_count'),
    noticesMs,
    staleBatches: delta('linli_order_batch_stale_total'),
    cpuPerJoin: {
      server: (rushUsed.server * 1e6) / ok2xx,
      postgres: (rushUsed.postgres * 1e6) / ok2xx,
      loadTool: (rushUsed.loadTool * 1e6) / ok2xx,
    },
    databaseThreadPerJoin: databaseThread === null ? Number.NaN : (databaseThread * 1e6) / ok2xx,
    mainThreadPerJoin: (rushUsed.serverMain * 1e6) / ok2xx,
    // autocannon's errors already include its timeouts.
    errors: rushRun.errors + rushRun.non2xx,
    errorKinds: errorKinds(rushRun),
    invariants: problems.length ? problems.slice(0, 3).join('; ') : `ok (allocated ${allocated}/1000)`,
  };
}

/**
 * On one server: first GET /healthz for 5 s (the ratio's denominator; also what a load balancer does to a new
 * instance before sending it traffic, and it warms the load tool's own code), then three rushes, each on a new
 * buy a few seconds after the one before. The first is the server's first order ever ('cold': none of the order
 * path's code has been optimised by V8 yet, and the database has not run its statements, and no household has
 * been seen); the second is a server that has been up a while ('warm'), which is when a real rush comes: since
 * the eleventh session it holds the households' tokens and standing from the first (they are checked against
 * their versions, not read again), as it would for phones that opened the buy before joining. The third
 * ('steady', since the thirteenth session) is a server that has served the whole cycle (a rush, the leader's
 * list, a new buy published) before: V8 spends ~0.5 s of compiling during the second rush on code the
 * leader's requests in between made it drop (docs/benchmarks.md), which a server up for hours did long ago.
 * Before the second and the third rush, 3 s of GET /healthz at the end of the pause (`healthzJustBeforePerSec`,
 * since the twenty-first session), and last, GET /healthz for 5 s again: printed beside the first, to show how
 * far the denominator moved within the run (not used in the ratio).
 */
export async function rush(db: DbKind, options: RushOptions = {}): Promise<RushResult[]> {
  const { households = 5000, connections = 200, port = 3901, nodeArgs = [], prime = false } = options;
  const data = await freshData(db);
  try {
    const t0 = performance.now();
    const seeded = await seed(data.env, households);
    const seedSeconds = (performance.now() - t0) / 1000;
    const server = await startServer(data.env, port, nodeArgs);
    try {
      const healthzCpu = cpuMeter(server.pid);
      const healthz = await cannon({ url: `${server.url}/healthz`, connections, duration: 5 });
      const healthzUsed = healthzCpu();
      const cold = await rushOnBuy(
        server,
        seeded,
        '抢购鸡蛋',
        connections,
        prime ? (buyId) => openPages(server, seeded, buyId, connections) : undefined,
      );
      // A pause as between two buys (the first rush's journal is expanded meanwhile, a second after its last
      // batch). The households' tokens and standing stay held (docs/buys.md): they were seen seconds ago.
      // Then 3 s of healthz, as a load balancer's checks would, for a denominator measured next to the rush.
      const justBefore = async () => {
        await new Promise((r) => setTimeout(r, 5_500));
        return (await cannon({ url: `${server.url}/healthz`, connections, duration: 3 })).requests.average;
      };
      const healthzBeforeWarm = await justBefore();
      const warm = await rushOnBuy(server, seeded, '再抢鸡蛋', connections);
      const healthzBeforeSteady = await justBefore();
      const steady = await rushOnBuy(server, seeded, '三抢鸡蛋', connections);
      // The notices of the third rush are stored by now (rushOnBuy waits for them).
      const healthzAfter = await cannon({ url: `${server.url}/healthz`, connections, duration: 5 });
      const healthzPerSec = healthz.requests.average;
      const common = {
        db,
        healthzPerSec,
        healthzAfterPerSec: healthzAfter.requests.average,
        cpuPerHealthz: {
          server: (healthzUsed.server * 1e6) / healthz.requests.total,
          loadTool: (healthzUsed.loadTool * 1e6) / healthz.requests.total,
        },
        seedSeconds,
      };
      return [
        {
          ...cold,
          ...common,
          phase: 'cold',
          ratio: cold.joinsPerSec / healthzPerSec,
          healthzJustBeforePerSec: healthzPerSec,
        },
        {
          ...warm,
          ...common,
          phase: 'warm',
          ratio: warm.joinsPerSec / healthzPerSec,
          healthzJustBeforePerSec: healthzBeforeWarm,
        },
        {
          ...steady,
          ...common,
          phase: 'steady',
          ratio: steady.joinsPerSec / healthzPerSec,
          healthzJustBeforePerSec: healthzBeforeSteady,
        },
      ];
    } finally {
      await server.stop();
    }
  } finally {
    await data.cleanup();
  }
}

/**
 * The median of several rounds on one database, figure by figure (so p99 is the median p99, not that of the
 * median round); errors are added up and the invariants must hold in every round.
 */
export function medianRush(rounds: readonly RushResult[]): RushResult {
  const m = (f: (r: RushResult) => number) => {
    const v = rounds.map(f).sort((a, b) => a - b);
    const mid = Math.floor(v.length / 2);
    return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
  };
  const broken = rounds.find((r) => !r.invariants.startsWith('ok'));
  return {
    ...rounds[0]!,
    round: 'median',
    joinsPerSec: m((r) => r.joinsPerSec),
    setupMs: m((r) => r.setupMs),
    p50: m((r) => r.p50),
    p90: m((r) => r.p90),
    p99: m((r) => r.p99),
    max: m((r) => r.max),
    serverP99: '',
    cpuPerJoin: {
      server: m((r) => r.cpuPerJoin.server),
      postgres: m((r) => r.cpuPerJoin.postgres),
      loadTool: m((r) => r.cpuPerJoin.loadTool),
    },
    databaseThreadPerJoin: m((r) => r.databaseThreadPerJoin),
    mainThreadPerJoin: m((r) => r.mainThreadPerJoin),
    cpuPerHealthz: { server: m((r) => r.cpuPerHealthz.server), loadTool: m((r) => r.cpuPerHealthz.loadTool) },
    meanBatch: m((r) => r.meanBatch),
    noticesMs: m((r) => r.noticesMs),
    staleBatches: rounds.reduce((s, r) => s + r.staleBatches, 0),
    errors: rounds.reduce((s, r) => s + r.errors, 0),
    errorKinds: [...new Set(rounds.map((r) => r.errorKinds).filter((k) => k !== '-'))].join(' ') || '-',
    healthzPerSec: m((r) => r.healthzPerSec),
    healthzAfterPerSec: m((r) => r.healthzAfterPerSec),
    healthzJustBeforePerSec: m((r) => r.healthzJustBeforePerSec),
    ratioJustBefore: m(ratioJustBefore),
    ratio: m((r) => r.ratio),
    invariants: broken ? broken.invariants : rounds[0]!.invariants,
    seedSeconds: m((r) => r.seedSeconds),
  };
}

/** joins/s ÷ the healthz/s measured right before the rush (`healthzJustBeforePerSec`). */
export function ratioJustBefore(r: Pick<RushResult, 'joinsPerSec' | 'healthzJustBeforePerSec'>): number {
  return r.joinsPerSec / r.healthzJustBeforePerSec;
}

/**
 * What the CPU measured allows at most on this machine, whatever the scheduling: all its cores busy with the
 * server, PostgreSQL and the load tool at the CPU per join measured (joins/s), and the ratio joins/s ÷ healthz/s
 * a fully CPU-bound run would show (CPU per healthz ÷ CPU per join). A goal above these needs less CPU per
 * join, not better overlap.
 */
export function cpuBound(r: RushResult): { joinsPerSec: number; ratio: number } {
  const join = r.cpuPerJoin.server + r.cpuPerJoin.postgres + r.cpuPerJoin.loadTool;
  const healthz = r.cpuPerHealthz.server + r.cpuPerHealthz.loadTool;
  return { joinsPerSec: (os.cpus().length * 1e6) / join, ratio: healthz / join };
}

/**
 * The server's CPU per join by thread: the main thread, the embedded database's ('-' on PostgreSQL), and the
 * rest, V8's helper threads (its optimising compiler, the garbage collector's parallel and concurrent work).
 */
export function serverThreads(r: {
  serverCpuPerJoin: number;
  mainThreadPerJoin: number;
  databaseThreadPerJoin: number;
}): string {
  const db = Number.isNaN(r.databaseThreadPerJoin) ? 0 : r.databaseThreadPerJoin;
  const helpers = Math.max(0, r.serverCpuPerJoin - r.mainThreadPerJoin - db);
  return `${fmt(r.mainThreadPerJoin)} / ${Number.isNaN(r.databaseThreadPerJoin) ? '-' : fmt(db)} / ${fmt(helpers)}`;
}

export function printRush(results: RushResult[]): void {
  console.log('\n## Rush: 5,000 households join one item (stock 1,000, max 3) from 200 connections');
  console.table(
    results.map((r) => ({
      db: r.db,
      round: r.round ?? 1,
      server: r.phase,
      'joins/s': fmt(r.joinsPerSec),
      'load tool setup ms (not timed)': fmt(r.setupMs),
      'p50 ms': r.p50,
      'p90 ms': r.p90,
      'p99 ms': r.p99,
      'max ms': r.max,
      'server p99 ms': r.serverP99,
      'joins per batch': fmt(r.meanBatch, 1),
      'stale batches': r.staleBatches,
      'notices stored ms after': fmt(r.noticesMs),
      'CPU µs/join server+pg+tool': `${fmt(r.cpuPerJoin.server)}+${fmt(r.cpuPerJoin.postgres)}+${fmt(r.cpuPerJoin.loadTool)}`,
      'of which main / db thread / V8 helpers': serverThreads({
        ...r,
        serverCpuPerJoin: r.cpuPerJoin.server,
      }),
      'CPU µs/healthz server+tool': `${fmt(r.cpuPerHealthz.server)}+${fmt(r.cpuPerHealthz.loadTool)}`,
      errors: r.errors,
      'error kinds': r.errorKinds,
      'healthz/s': fmt(r.healthzPerSec),
      'healthz/s after the rushes': fmt(r.healthzAfterPerSec),
      'healthz/s just before': fmt(r.healthzJustBeforePerSec),
      'joins/s ÷ healthz/s': fmt(r.ratio, 3),
      'joins/s ÷ healthz/s just before': fmt(r.ratioJustBefore ?? ratioJustBefore(r), 3),
      'CPU-bound joins/s': fmt(cpuBound(r).joinsPerSec),
      'CPU-bound ratio': fmt(cpuBound(r).ratio, 3),
      invariants: r.invariants,
      'seed s': fmt(r.seedSeconds, 1),
    })),
  );
}
