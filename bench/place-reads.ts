/**
 * `npm run bench -- placereads`: what one change ahead of a rushed buy's waiting households cost the server
 * while their open pages fetched their own order to learn their new place in the queue (the forty-ninth
 * session's pages did: a household near the front giving up made every waiting page behind it send
 * `GET …/orders/mine` within 2–3 s). Since the fiftieth session a page counts its place from the 接龙 list it
 * holds, which the events keep current (core/buys/list-place.ts), and sends nothing.
 *
 * On a warm server (a first rush, unmeasured), 5 s after a second rush on a fresh buy (stock 1,000, so that
 * ~4,500 of 5,000 households wait), every waiting household's `GET /api/buys/{id}/orders/mine`, sent from 200 keep-alive
 * connections as fast as the server answers: the burst one change ahead of them all made. Then `GET /healthz`
 * as many times the same way, the yardstick. Printed: the reads, the time to answer them all, reads/s, the
 * server's CPU (all its threads) and PostgreSQL's per read and in all, healthz/s, and errors.
 */
import { fmt, onSeededServer, type DbKind, type Prepared, measuredRun } from './support.ts';
import { rushOnBuy } from './rush.ts';

export interface PlaceReadsResult {
  db: DbKind;
  round: number;
  /** The waiting households whose page read its order. */
  reads: number;
  ms: number;
  readsPerSec: number;
  /** Server CPU (all threads) and PostgreSQL's, ms in all. */
  serverCpuMs: number;
  postgresCpuMs: number;
  healthzPerSec: number;
  errors: number;
}

async function placeReadsOnce(db: DbKind, round: number, households: number): Promise<PlaceReadsResult> {
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
    const reads: Prepared[] = seeded.households
      .filter((h) => waiting.has(h.label))
      .map((h) => ({
        method: 'GET',
        path: `/api/buys/${buyId}/orders/mine`,
        headers: { authorization: `Bearer ${h.token}`, 'accept-encoding': 'br, gzip' },
      }));
    // Some time after the rush, as a change ahead would come: the server has finished the rush's own work.
    await new Promise((res) => setTimeout(res, 5_000));
    const r = await measuredRun(server.url, server.pid, 200, reads);
    const ms = r.last - r.start;
    const healthz = await measuredRun(
      server.url,
      server.pid,
      200,
      reads.map(() => ({ method: 'GET', path: '/healthz' })),
    );
    const errors = (run: typeof r.run) => run.errors + run.timeouts + run.non2xx;
    return {
      db,
      round,
      reads: reads.length,
      ms,
      readsPerSec: (reads.length / ms) * 1000,
      serverCpuMs: r.used.server * 1000,
      postgresCpuMs: r.used.postgres * 1000,
      healthzPerSec: (reads.length / (healthz.last - healthz.start)) * 1000,
      errors: errors(r.run) + errors(healthz.run),
    };
  });
}

export async function benchPlaceReads(
  dbs: readonly DbKind[],
  rounds: number,
  households: number,
): Promise<PlaceReadsResult[]> {
  console.log(
    `\n## One change ahead of every waiting household: each open page reads its order (${fmt(households)} households, stock 1,000)`,
  );
  const results: PlaceReadsResult[] = [];
  for (let round = 1; round <= rounds; round++)
    for (const db of dbs) results.push(await placeReadsOnce(db, round, households));
  console.table(
    results.map((r) => ({
      database: r.db,
      round: r.round,
      'pages (reads)': fmt(r.reads),
      'all answered ms': fmt(r.ms),
      'reads/s': fmt(r.readsPerSec),
      'server CPU ms': fmt(r.serverCpuMs),
      'PostgreSQL CPU ms': fmt(r.postgresCpuMs),
      'server CPU µs/read': fmt((r.serverCpuMs / r.reads) * 1000),
      'healthz/s': fmt(r.healthzPerSec),
      'reads ÷ healthz': fmt(r.readsPerSec / r.healthzPerSec, 3),
      errors: r.errors,
    })),
  );
  return results;
}
