/**
 * `npm run bench -- churn`: a rush, then changes of mind. After 5,000 households joined (stock 1,000, so ~4,000
 * wait), every fifth household cancels and every fifth-plus-one that asked for more than one box cuts its order
 * to one, all at once from the same 200 connections: each change frees stock on a sold-out item, which goes to
 * the first waiting orders by seq. Printed: changes/s, latency, errors, how many orders were promoted, and the
 * invariants over every order afterwards (no oversell, allocated + waitlisted = qty, nobody holding stock while
 * an earlier order waits, the freed stock all given out again). The rush itself is `bench rush`'s figure.
 */
import { rushInvariants, type OrderView } from '../test/support/linli-process.ts';
import { errorKinds, joinQty, joinRequests, openBuy } from './rush.ts';
import {
  allOrders,
  api,
  type DbKind,
  fmt,
  measuredRun,
  onSeededServer,
  type Prepared,
  sendAll,
} from './support.ts';

export interface ChurnResult {
  db: DbKind;
  households: number;
  cancels: number;
  cuts: number;
  changesPerSec: number;
  p50: number;
  p99: number;
  /** Orders that held more stock after the changes than before. */
  promoted: number;
  /** Server CPU µs per change (its process, the embedded database's thread included). */
  serverCpuPerChange: number;
  /**
   * When the notifier was done with the changes' notices (promotions, cancellations for a household, waitlist
   * changes): ms from the last change answered to the last move of `linli_notifications_stored_total` before
   * it stood still for a second.
   */
  noticesDoneMs: number;
  errors: number;
  errorKinds: string;
  invariants: string;
}

/** When the notifier's counter last moved before it stood still for a second (performance.now()); 30 s at most. */
async function counterSettledAt(url: string): Promise<number> {
  const read = async () =>
    Number(
      /^linli_notifications_stored_total (\S+)$/m.exec(await (await fetch(`${url}/metrics`)).text())?.[1] ??
        0,
    );
  let value = await read();
  let movedAt = performance.now();
  const giveUp = movedAt + 30_000;
  while (performance.now() - movedAt < 1_000 && performance.now() < giveUp) {
    await new Promise((r) => setTimeout(r, 25));
    const now = await read();
    if (now !== value) [value, movedAt] = [now, performance.now()];
  }
  return movedAt;
}

const allocatedOf = (o: OrderView) => o.lines.reduce((s, l) => s + l.allocatedQty, 0);

export async function churn(
  db: DbKind,
  options: { households?: number; port?: number; nodeArgs?: string[] } = {},
): Promise<ChurnResult> {
  const { households = 5000, port = 3905, nodeArgs = [] } = options;
  const connections = 200;
  return onSeededServer(
    db,
    households,
    port,
    async (server, seeded) => {
      const { created, itemId } = await openBuy(server, seeded, '抢购鸡蛋，然后改主意');
      const buyId = created.id;
      const joined = await sendAll(server.url, connections, joinRequests(buyId, itemId, seeded.households));
      if (joined['2xx'] !== households)
        throw new Error(`the rush: ${joined['2xx']} of ${households} joins answered 2xx`);
      const before = new Map(
        (await allOrders<OrderView>(server.url, buyId, seeded.leader.token)).map((o) => [
          o.id,
          allocatedOf(o),
        ]),
      );

      const path = `/api/buys/${buyId}/orders/mine`;
      const changes = seeded.households.flatMap((h, i): Prepared[] => {
        const headers = { authorization: `Bearer ${h.token}` };
        if (i % 5 === 0) return [{ method: 'DELETE', path, headers }];
        if (i % 5 === 1 && joinQty(i) > 1)
          return [
            {
              method: 'PUT',
              path,
              headers: { ...headers, 'content-type': 'application/json' },
              body: Buffer.from(JSON.stringify({ lines: [{ itemId, qty: 1 }] })),
            },
          ];
        return [];
      });
      const { run, start, last, used } = await measuredRun(server.url, server.pid, connections, changes);
      const noticesDoneMs = (await counterSettledAt(server.url)) - last;

      const buy = await api<{ items: Parameters<typeof rushInvariants>[0][] }>(
        `${server.url}/api/buys/${buyId}`,
        seeded.leader.token,
      );
      const orders = await allOrders<OrderView>(server.url, buyId, seeded.leader.token);
      const item = buy.items[0]!;
      const problems = rushInvariants(item, orders);
      const waiting = orders.some(
        (o) => o.status !== 'cancelled' && o.lines.some((l) => l.waitlistedQty > 0),
      );
      if (waiting && item.allocatedQty !== item.stock)
        problems.push(`${item.allocatedQty} of ${item.stock} allocated while orders wait`);
      const cancels = changes.filter((c) => c.method === 'DELETE').length;
      return {
        db,
        households,
        cancels,
        cuts: changes.length - cancels,
        changesPerSec: run['2xx'] / ((last - start) / 1000),
        p50: run.latency.p50,
        p99: run.latency.p99,
        promoted: orders.filter((o) => o.status !== 'cancelled' && allocatedOf(o) > (before.get(o.id) ?? 0))
          .length,
        serverCpuPerChange: (used.server * 1e6) / Math.max(1, run['2xx']),
        noticesDoneMs,
        errors: run.errors + run.non2xx,
        errorKinds: errorKinds(run),
        invariants: problems.length
          ? problems.slice(0, 3).join('; ')
          : `ok (allocated ${item.allocatedQty}/${item.stock})`,
      };
    },
    { nodeArgs },
  );
}

export function printChurn(results: readonly ChurnResult[]): void {
  console.log(
    '\n## A rush, then changes of mind: every 5th household cancels, the next cuts to one box, at once',
  );
  console.table(
    results.map((r) => ({
      db: r.db,
      households: r.households,
      cancels: r.cancels,
      'cut to one': r.cuts,
      'changes/s': fmt(r.changesPerSec),
      'p50 ms': r.p50,
      'p99 ms': r.p99,
      promoted: r.promoted,
      'server CPU µs/change': fmt(r.serverCpuPerChange),
      'notices done ms after': fmt(r.noticesDoneMs),
      errors: r.errors,
      'error kinds': r.errorKinds,
      invariants: r.invariants,
    })),
  );
}
