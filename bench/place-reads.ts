/**
 * `npm run bench -- placereads`: what open buy pages' fetches after one change in a rushed buy's queue cost the
 * server, as the pages made them until the fiftieth session (the close: until the fifty-first). Three bursts:
 * - `place`: a change ahead of the waiting households (one near the front gives up) made every waiting page
 *   behind it fetch its own order (`GET …/orders/mine`) within 2–3 s to learn its new place (the forty-ninth
 *   session's pages). Now a page counts its place from the 接龙 list it holds (core/buys/list-place.ts).
 * - `promotion`: a cancellation that promoted a waiting household made every open page refresh in full: the
 *   buy, the whole list and its order (`GET /api/buys/{id}`, `…/list`, `…/orders/mine`). Now the promotion's
 *   event carries the promoted household's line and the counters, and only the promoted household's page
 *   fetches its order. The close of the list made the same full refresh.
 * - `close`: what every open page fetched at the close in the fiftieth session: the buy and its order, not the
 *   list, which the close leaves as it was (a `buy` refresh, web/src/features/buys/live.ts). Since the
 *   fifty-first session the close's events carry the buy's new status, and pages fetch nothing.
 * - `buy`, `mine`: one small read per page, the buy (`GET /api/buys/{id}`) or its order (`…/orders/mine`), what a
 *   page's first load sends besides the list, and what a page still fetches after some changes (a detail of the
 *   buy; its own household's promotion). Their CPU per request is the figure to watch.
 *
 * On a warm server (a first rush, unmeasured), 5 s after a second rush on a fresh buy (stock 1,000, so that
 * ~4,500 of 5,000 households wait), each burst is sent from 200 keep-alive connections as fast as the server
 * answers (the pages' own spacing, 2–3 s, would spread it; the server's time shows what it took from the
 * rest). Reads ask for brotli or gzip as a browser does. Then `GET /healthz` as many times as the first burst,
 * the yardstick. Printed per burst: pages, requests, the time to answer them all, the server's CPU (all its
 * threads) and PostgreSQL's, healthz/s, errors.
 */
import { fmt, onSeededServer, type DbKind, type Prepared, measuredRun } from './support.ts';
import { rushOnBuy } from './rush.ts';

type Burst = 'place' | 'promotion' | 'close' | 'buy' | 'mine';

export interface PlaceReadsResult {
  db: DbKind;
  round: number;
  burst: Burst;
  pages: number;
  requests: number;
  ms: number;
  /** Server CPU (all threads) and PostgreSQL's, ms in all. */
  serverCpuMs: number;
  postgresCpuMs: number;
  healthzPerSec: number;
  errors: number;
}

async function placeReadsOnce(db: DbKind, round: number, households: number): Promise<PlaceReadsResult[]> {
  return onSeededServer(db, households, 3911, async (server, seeded) => {
    await rushOnBuy(server, seeded, '热身', 200);
    let buyId = '';
    await rushOnBuy(server, seeded, '抢购', 200, async (id) => {
      buyId = id;
    });
    const list = (await (
      await fetch(`${server.url}/api/buys/${buyId}/list`, {
        headers: { authorization: `Bearer ${seeded.households[0]!.token}` },
      })
    ).json()) as { entries: { householdLabel: string; status: string }[] };
    const waiting = new Set(
      list.entries.filter((e) => e.status === 'waitlisted').map((e) => e.householdLabel),
    );
    const get = (path: string, token: string): Prepared => ({
      method: 'GET',
      path: `/api/buys/${buyId}${path}`,
      headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'br, gzip' },
    });
    const waiters = seeded.households.filter((h) => waiting.has(h.label));
    const bursts: { burst: Burst; pages: number; requests: Prepared[] }[] = [
      { burst: 'place', pages: waiters.length, requests: waiters.map((h) => get('/orders/mine', h.token)) },
      {
        burst: 'promotion',
        pages: seeded.households.length,
        requests: seeded.households.flatMap((h) => [
          get('', h.token),
          get('/list', h.token),
          get('/orders/mine', h.token),
        ]),
      },
      {
        burst: 'close',
        pages: seeded.households.length,
        requests: seeded.households.flatMap((h) => [get('', h.token), get('/orders/mine', h.token)]),
      },
      {
        burst: 'buy',
        pages: seeded.households.length,
        requests: seeded.households.map((h) => get('', h.token)),
      },
      {
        burst: 'mine',
        pages: seeded.households.length,
        requests: seeded.households.map((h) => get('/orders/mine', h.token)),
      },
    ];
    // Some time after the rush, as a change would come: the server has finished the rush's own work.
    await new Promise((res) => setTimeout(res, 5_000));
    const errors = (run: Awaited<ReturnType<typeof measuredRun>>['run']) =>
      run.errors + run.timeouts + run.non2xx;
    const measured = [];
    for (const b of bursts)
      measured.push({ ...b, run: await measuredRun(server.url, server.pid, 200, b.requests) });
    const healthz = await measuredRun(
      server.url,
      server.pid,
      200,
      waiters.map(() => ({ method: 'GET', path: '/healthz' })),
    );
    const healthzPerSec = (waiters.length / (healthz.last - healthz.start)) * 1000;
    return measured.map(({ burst, pages, requests, run: r }) => ({
      db,
      round,
      burst,
      pages,
      requests: requests.length,
      ms: r.last - r.start,
      serverCpuMs: r.used.server * 1000,
      postgresCpuMs: r.used.postgres * 1000,
      healthzPerSec,
      errors: errors(r.run) + errors(healthz.run),
    }));
  });
}

export async function benchPlaceReads(
  dbs: readonly DbKind[],
  rounds: number,
  households: number,
): Promise<PlaceReadsResult[]> {
  console.log(
    `\n## What open pages fetched after one change in a rushed buy's queue, until the fiftieth session (${fmt(households)} households, stock 1,000)`,
  );
  const results: PlaceReadsResult[] = [];
  for (let round = 1; round <= rounds; round++)
    for (const db of dbs) results.push(...(await placeReadsOnce(db, round, households)));
  console.table(
    results.map((r) => ({
      database: r.db,
      round: r.round,
      burst: r.burst,
      pages: fmt(r.pages),
      requests: fmt(r.requests),
      'all answered ms': fmt(r.ms),
      'requests/s': fmt((r.requests / r.ms) * 1000),
      'server CPU ms': fmt(r.serverCpuMs),
      'PostgreSQL CPU ms': fmt(r.postgresCpuMs),
      'server CPU µs/request': fmt((r.serverCpuMs / r.requests) * 1000),
      'healthz/s': fmt(r.healthzPerSec),
      errors: r.errors,
    })),
  );
  return results;
}
