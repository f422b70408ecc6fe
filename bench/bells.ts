/**
 * Bells: every household of a compound (5,000) keeps its bell open (GET /api/communities/{id}/notifications/
 * events, one connection each, as the tab bar's badge does), on the embedded database. Then:
 *
 * 1. a buy is published: one compound-wide notice, and every bell rings. Timed from the publish request:
 *    p50/p99/max until each bell has rung, and how many never did; and until each bell has been told which
 *    buy opened (`event: buy.opened`, which the 团购 list offers);
 * 2. the rush on that buy (stock 1,000, every household joins once, 200 connections): the notifier tells every
 *    waiting household, and exactly their bells ring. Timed from the rush's last answer, since the notifier
 *    waits out a rush (docs/notifications.md); reported with how many bells rang that should not have. Then
 *    the rung households all ask their unread count at once (a phone waits up to 3 s at random before it
 *    asks: RING_SPREAD_MS), and the buy closes: a fan-out, each household with an order told and rung on its
 *    own bell, timed from the close request;
 * 3. buys that open and are rushed at once, the phones behind the bells asking their count on every ring (as
 *    before the rings said how many) and only when a ring does not say (as now), alternately; with how long
 *    every bell took to be told which buy opened, from the publish request, in the rush's second.
 *
 * Also the server's RSS per open bell ((RSS with the bells − before) ÷ N), and the rush's joins/s and p99 with
 * every bell open, and on a server of its own with none (first, same run). The bells come from several
 * client processes (bench/fanout-client.ts), each with its own households.
 */
import type { ChildProcess } from 'node:child_process';
import { type OrderView } from '../test/support/linli-process.ts';
import { ask, type FromClient } from './fanout.ts';
import { joinRequests } from './rush.ts';
import { allOrders, api, fmt, forkClient, measuredRun, onSeededServer, quantile, seed } from './support.ts';

export interface BellsResult {
  bells: number;
  connectSeconds: number;
  kbPerBell: number;
  /** The compound-wide ring (a buy opened), ms from the publish request. */
  wide: { p50: number; p99: number; max: number; missed: number };
  /** Every bell told which buy opened (`event: buy.opened`), ms from the same publish request. */
  opened: { p50: number; p99: number; max: number; missed: number };
  /** The rush's rings, ms from its last answer. */
  rush: {
    joinsPerSec: number;
    p99Ms: number;
    errors: number;
    waiting: number;
    rang: number;
    /** Bells that rang though their household was not told anything. */
    strays: number;
    /** Waiting households whose bell did not ring within 15 s. */
    missed: number;
    p50: number;
    p99: number;
    max: number;
  };
  /** The rush's buy closed: its households' rings (one notice each, a fan-out), ms from the close request. */
  closed: { households: number; p50: number; p99: number; max: number; missed: number; strays: number };
  /** The rung households asking their count at once (GET …/notifications?limit=1), as their phones do. */
  asks: { perSec: number; p99Ms: number; errors: number };
  /** The same rush on a server of its own with no bell open, in the same run. */
  control: { joinsPerSec: number; p99Ms: number; errors: number };
  /**
   * A buy that opens and is rushed at once (its joins sent the moment the publish answers), its rings
   * reaching phones that each behave one way (fanout-client.ts `RingMode`), alternately: `asks` as every ring
   * did before the rings said how many, `counted` as since. With the phones' count asks in the phase (made,
   * failed, p99).
   */
  opening: {
    mode: 'asks' | 'counted';
    joinsPerSec: number;
    p99Ms: number;
    errors: number;
    asks: number;
    askErrors: number;
    askP99Ms: number;
    /** Every bell told which buy opened, ms from the publish request (during the rush), and bells never told. */
    openedP99Ms: number;
    openedMissed: number;
  }[];
}

const now = () => performance.timeOrigin + performance.now();
/** How long a phone waits at random before it asks its count (RING_SPREAD_MS, web/src/features/notifications/unread.ts). */
const RING_SPREAD_MS = 3000;

/**
 * Each client process's arrivals (of rings; `others`: of `buy.opened`), in the order of its households.
 */
async function collect(
  clients: ChildProcess[],
  type: 'collect' | 'reset',
  which: 'arrivals' | 'others' = 'arrivals',
): Promise<(number | null)[]> {
  const answers = await Promise.all(clients.map((c) => ask(c, { type }, 'arrivals')));
  return answers.flatMap((a: FromClient) => (a.type === 'arrivals' ? (a[which] ?? []) : []));
}

/** Polls the clients until `done` holds for their arrivals (or `others`) or 15 s have passed. */
async function until(
  clients: ChildProcess[],
  done: (arrivals: (number | null)[]) => boolean,
  which: 'arrivals' | 'others' = 'arrivals',
): Promise<(number | null)[]> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    const arrivals = await collect(clients, 'collect', which);
    if (done(arrivals) || Date.now() > deadline) return arrivals;
  }
}

const spread = (times: number[]) => {
  const sorted = times.sort((a, b) => a - b);
  return { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), max: sorted.at(-1) ?? NaN };
};

/** A fresh server, a buy published, and the rush: what the rush costs with no bell open. */
async function control(households: number, port: number): Promise<BellsResult['control']> {
  return onSeededServer('pglite', households, port, async (server, seeded) => {
    const created = await openBuyOf(server.url, seeded);
    await new Promise((r) => setTimeout(r, 2000));
    const run = await measuredRun(
      server.url,
      server.pid,
      200,
      joinRequests(created.id, created.items[0]!.id, seeded.households),
    );
    return rushFigures(run);
  });
}

type Run = Awaited<ReturnType<typeof measuredRun>>;
const rushFigures = (run: Run) => ({
  joinsPerSec: run.run['2xx'] / ((run.last - run.start) / 1000),
  p99Ms: run.run.latency.p99,
  errors: run.run.non2xx + run.run.errors + run.run.timeouts,
});

/** The rush's buy, created (published by the caller, or here with `publish`). */
async function openBuyOf(
  url: string,
  seeded: { communityId: string; leader: { token: string } },
  publish = true,
) {
  const created = await api<{ id: string; items: { id: string }[] }>(
    `${url}/api/communities/${seeded.communityId}/buys`,
    seeded.leader.token,
    'POST',
    {
      title: '抢购鸡蛋',
      deadline: new Date(Date.now() + 3600_000).toISOString(),
      items: [{ name: '鸡蛋', unit: '盒', priceFen: 2500, stock: 1000, perHouseholdMax: 3 }],
    },
  );
  if (publish) await api(`${url}/api/buys/${created.id}/publish`, seeded.leader.token, 'POST');
  return created;
}

/**
 * Every client's count asks once no ring has come for 3 s and no ask is pending (or 30 s have passed), emptied
 * for the next phase: a rush's own rings come when the notifier has waited it out.
 */
async function drainAsks(clients: ChildProcess[]) {
  const poll = async (take: boolean) =>
    (await Promise.all(clients.map((c) => ask(c, { type: 'asks', take }, 'asks')))).flatMap((a) =>
      a.type === 'asks' ? [a] : [],
    );
  const deadline = Date.now() + 30_000;
  let rings = -1;
  let quietSince = Date.now();
  for (;;) {
    const all = await poll(false);
    const rung = all.reduce((n, a) => n + a.rings, 0);
    if (rung !== rings) [rings, quietSince] = [rung, Date.now()];
    if (Date.now() - quietSince >= 3000 && all.every((a) => a.pending === 0)) break;
    if (Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const all = await poll(true);
  return {
    ms: all.flatMap((a) => a.ms).sort((a, b) => a - b),
    errors: all.reduce((n, a) => n + a.errors + a.pending, 0),
  };
}

/** A buy published and rushed at once, its bells' phones behaving as `mode` says. */
async function opening(
  url: string,
  seeded: Awaited<ReturnType<typeof seed>>,
  clients: ChildProcess[],
  mode: 'asks' | 'counted',
  pid: number,
): Promise<BellsResult['opening'][number]> {
  const created = await openBuyOf(url, seeded, false);
  await Promise.all(clients.map((c) => ask(c, { type: 'mode', mode }, 'mode')));
  await drainAsks(clients);
  await collect(clients, 'reset');
  const published = now();
  await api(`${url}/api/buys/${created.id}/publish`, seeded.leader.token, 'POST');
  const run = await measuredRun(
    url,
    pid,
    200,
    joinRequests(created.id, created.items[0]!.id, seeded.households),
  );
  // The rush's own rings (its waiting households, once the notifier has waited the rush out) and their asks.
  const asks = await drainAsks(clients);
  await Promise.all(clients.map((c) => ask(c, { type: 'mode', mode: 'none' }, 'mode')));
  const opened = await collect(clients, 'collect', 'others');
  return {
    mode,
    ...rushFigures(run),
    openedP99Ms: spread(opened.flatMap((t) => (t === null ? [] : [t - published]))).p99,
    openedMissed: opened.filter((t) => t === null).length,
    asks: asks.ms.length + asks.errors,
    askErrors: asks.errors,
    askP99Ms: quantile(asks.ms, 0.99),
  };
}

export async function bells(households = 5000, port = 3941): Promise<BellsResult> {
  const without = await control(households, port + 1);
  return { ...(await withBells(households, port)), control: without };
}

async function withBells(households: number, port: number): Promise<Omit<BellsResult, 'control'>> {
  return onSeededServer('pglite', households, port, async (server, seeded) => {
    const clients: ChildProcess[] = [];
    try {
      const created = await openBuyOf(server.url, seeded, false);
      await new Promise((r) => setTimeout(r, 1000));
      const rssBefore = server.rssKb();

      // Each process its own households, in order: arrival n of the whole is household n.
      const processes = Math.min(4, Math.max(1, Math.ceil(households / 2500)));
      const per = Math.ceil(seeded.households.length / processes);
      const connectStarted = performance.now();
      const ready = await Promise.all(
        Array.from({ length: processes }, (_, p) => {
          const child = forkClient('./fanout-client.ts');
          clients.push(child);
          const mine = seeded.households.slice(p * per, (p + 1) * per).map((h) => h.token);
          const start = {
            url: server.url,
            path: `/api/communities/${seeded.communityId}/notifications/events`,
            tokens: mine,
            count: mine.length,
            gzip: true,
            match: 'notification.created',
            alsoTimed: 'buy.opened',
            onRing: {
              countPath: `/api/communities/${seeded.communityId}/notifications?limit=1`,
              spreadMs: RING_SPREAD_MS,
            },
          };
          return ask(child, { type: 'start', start }, 'ready');
        }),
      );
      const connectSeconds = (performance.now() - connectStarted) / 1000;
      const failed = ready.reduce((n, r) => n + (r.type === 'ready' ? r.failed : 0), 0);
      if (failed > 0) console.error(`  ${failed} of ${households} bells failed to open`);
      await new Promise((r) => setTimeout(r, 1000));
      const kbPerBell = (server.rssKb() - rssBefore) / households;

      // 1. The buy opens: every bell rings.
      const published = now();
      await api(`${server.url}/api/buys/${created.id}/publish`, seeded.leader.token, 'POST');
      const wideArrivals = await until(clients, (a) => a.every((t) => t !== null));
      const wideTimes = wideArrivals.flatMap((t) => (t === null ? [] : [t - published]));
      const openedArrivals = await until(clients, (a) => a.every((t) => t !== null), 'others');
      await new Promise((r) => setTimeout(r, 500));
      await collect(clients, 'reset');

      // 2. The rush: the waiting households' bells ring, and no other.
      const requests = joinRequests(created.id, created.items[0]!.id, seeded.households);
      const run = await measuredRun(server.url, server.pid, 200, requests);
      const lastAnswer = performance.timeOrigin + run.last;
      const orders = await allOrders<OrderView>(server.url, created.id, seeded.leader.token);
      const waitingIds = new Set(
        orders.filter((o) => o.lines.some((l) => l.waitlistedQty > 0)).map((o) => o.householdId),
      );
      const waiting = seeded.households.map((h) => waitingIds.has(h.householdId));
      const rushArrivals = await until(clients, (a) => waiting.every((w, n) => !w || a[n] !== null));
      // Late rings of the others would come with the waiting ones: a moment more for them.
      await new Promise((r) => setTimeout(r, 1000));
      const settled = await collect(clients, 'collect');
      const told = rushArrivals.flatMap((t, n) => (waiting[n] && t !== null ? [t - lastAnswer] : []));
      // Each rung phone asks its count (spread over 3 s on a phone: RING_SPREAD_MS; here all at once).
      const asks = await measuredRun(
        server.url,
        server.pid,
        200,
        seeded.households.flatMap((h, n) =>
          settled[n] === null
            ? []
            : [
                {
                  method: 'GET',
                  path: `/api/communities/${seeded.communityId}/notifications?limit=1`,
                  headers: { authorization: `Bearer ${h.token}` },
                },
              ],
        ),
      );
      // The buy closes: a fan-out, one notice to each household with an order (here every one), each rung
      // on its own bell (before the rings said how many, a fan-out rang every bell of the compound).
      await collect(clients, 'reset');
      const closing = now();
      await api(`${server.url}/api/buys/${created.id}/close`, seeded.leader.token, 'POST');
      const holders = new Set(orders.filter((o) => o.status !== 'cancelled').map((o) => o.householdId));
      const holding = seeded.households.map((h) => holders.has(h.householdId));
      const closeArrivals = await until(clients, (a) => holding.every((w, n) => !w || a[n] !== null));
      await new Promise((r) => setTimeout(r, 500));
      const closeSettled = await collect(clients, 'collect');
      const closed = {
        households: holders.size,
        ...spread(closeArrivals.flatMap((t, n) => (holding[n] && t !== null ? [t - closing] : []))),
        missed: holding.filter((w, n) => w && closeArrivals[n] === null).length,
        strays: closeSettled.filter((t, n) => t !== null && !holding[n]).length,
      };

      // 3. Buys that open and are rushed at once, the phones asking on every ring and as now, alternately.
      const openings: BellsResult['opening'] = [];
      for (const mode of ['asks', 'counted', 'asks', 'counted'] as const)
        openings.push(await opening(server.url, seeded, clients, mode, server.pid));
      return {
        opening: openings,
        closed,
        bells: households,
        connectSeconds,
        kbPerBell,
        wide: { ...spread(wideTimes), missed: wideArrivals.filter((t) => t === null).length },
        opened: {
          ...spread(openedArrivals.flatMap((t) => (t === null ? [] : [t - published]))),
          missed: openedArrivals.filter((t) => t === null).length,
        },
        asks: {
          perSec: asks.run['2xx'] / ((asks.last - asks.start) / 1000),
          p99Ms: asks.run.latency.p99,
          errors: asks.run.non2xx + asks.run.errors + asks.run.timeouts,
        },
        rush: {
          ...rushFigures(run),
          waiting: waitingIds.size,
          rang: settled.filter((t) => t !== null).length,
          strays: settled.filter((t, n) => t !== null && !waiting[n]).length,
          missed: waiting.filter((w, n) => w && rushArrivals[n] === null).length,
          ...spread(told),
        },
      };
    } finally {
      for (const c of clients) c.send({ type: 'close' });
    }
  });
}

export function printBells(r: BellsResult): void {
  console.log(`\n## Bells: every household's bell open (${fmt(r.bells)}, embedded database)`);
  console.log(`  opened in ${fmt(r.connectSeconds, 1)} s, ${fmt(r.kbPerBell, 1)} KB of server RSS per bell`);
  console.table([
    {
      ring: 'a buy opened (every bell)',
      from: 'the publish request',
      'p50 ms': fmt(r.wide.p50),
      'p99 ms': fmt(r.wide.p99),
      'max ms': fmt(r.wide.max),
      rang: fmt(r.bells - r.wide.missed),
      missed: r.wide.missed,
      strays: '-',
    },
    {
      ring: 'the same: which buy opened (buy.opened)',
      from: 'the publish request',
      'p50 ms': fmt(r.opened.p50),
      'p99 ms': fmt(r.opened.p99),
      'max ms': fmt(r.opened.max),
      rang: fmt(r.bells - r.opened.missed),
      missed: r.opened.missed,
      strays: '-',
    },
    {
      ring: `the rush's waiting households (${fmt(r.rush.waiting)})`,
      from: "the rush's last answer",
      'p50 ms': fmt(r.rush.p50),
      'p99 ms': fmt(r.rush.p99),
      'max ms': fmt(r.rush.max),
      rang: fmt(r.rush.rang),
      missed: r.rush.missed,
      strays: r.rush.strays,
    },
    {
      ring: `that buy closed: its households (${fmt(r.closed.households)})`,
      from: 'the close request',
      'p50 ms': fmt(r.closed.p50),
      'p99 ms': fmt(r.closed.p99),
      'max ms': fmt(r.closed.max),
      rang: fmt(r.closed.households - r.closed.missed),
      missed: r.closed.missed,
      strays: r.closed.strays,
    },
  ]);
  console.log(
    `  the rush (a just-started server) with every bell open: ${fmt(r.rush.joinsPerSec)} joins/s, p99 ${fmt(r.rush.p99Ms)} ms, ${r.rush.errors} errors; with none open (a server of its own, same run): ${fmt(r.control.joinsPerSec)} joins/s, p99 ${fmt(r.control.p99Ms)} ms, ${r.control.errors} errors`,
  );
  console.log(
    `  the ${fmt(r.rush.rang)} rung households asking their count at once: ${fmt(r.asks.perSec)}/s, p99 ${fmt(r.asks.p99Ms)} ms, ${r.asks.errors} errors`,
  );
  console.log(
    `  buys that open and are rushed at once (joins sent when the publish answers; each phone, when its bell rings: asks = asks its count within ${fmt(RING_SPREAD_MS / 1000)} s, as before the rings said how many; counted = adds what the ring says):`,
  );
  console.table(
    r.opening.map((o) => ({
      phones: o.mode,
      'joins/s': fmt(o.joinsPerSec),
      'p99 ms': fmt(o.p99Ms),
      errors: o.errors,
      'count asks': fmt(o.asks),
      'ask errors': o.askErrors,
      'ask p99 ms': fmt(o.askP99Ms),
      'buy.opened p99 ms': fmt(o.openedP99Ms),
      'not told': o.openedMissed,
    })),
  );
}
