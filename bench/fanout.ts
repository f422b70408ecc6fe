/**
 * Fan-out: N open SSE connections on one buy (the embedded database), one join; how long until every client
 * has the event (p50/p99/max from sending the join, which includes its commit), and the server's RSS per
 * connection ((RSS with N connections − RSS before) ÷ N). The connections come from several client processes
 * (bench/fanout-client.ts), so one client's event loop is not the bottleneck. Goal at 10,000: p99 ≤ 1 s,
 * ≤ 20 KB per connection.
 */
import type { ChildProcess } from 'node:child_process';
import { api, fmt, forkClient, onSeededServer, quantile } from './support.ts';

export interface FanoutResult {
  connections: number;
  clientProcesses: number;
  connectSeconds: number;
  joinMs: number;
  p50: number;
  p99: number;
  max: number;
  missed: number;
  kbPerConnection: number;
  rssBeforeMb: number;
  rssAfterMb: number;
}

export type FromClient =
  | { type: 'ready'; connected: number; failed: number }
  | { type: 'arrivals'; arrivals: (number | null)[]; others?: (number | null)[] }
  | { type: 'bytes'; bytes: number }
  | { type: 'mode'; mode: string }
  | { type: 'asks'; pending: number; ms: number[]; errors: number; rings: number };

const now = () => performance.timeOrigin + performance.now();

export function ask(child: ChildProcess, msg: object, type: FromClient['type']): Promise<FromClient> {
  return new Promise((resolve) => {
    const on = (m: FromClient) => {
      if (m.type !== type) return;
      child.off('message', on);
      resolve(m);
    };
    child.on('message', on);
    child.send(msg);
  });
}

export async function fanout(connections: number, port = 3921): Promise<FanoutResult> {
  return onSeededServer('pglite', 20, port, async (server, seeded) => {
    const clients: ChildProcess[] = [];
    try {
      const created = await api<{ id: string; items: { id: string }[] }>(
        `${server.url}/api/communities/${seeded.communityId}/buys`,
        seeded.leader.token,
        'POST',
        {
          title: '抢购鸡蛋',
          deadline: new Date(Date.now() + 3600_000).toISOString(),
          items: [{ name: '鸡蛋', unit: '盒', priceFen: 2500, stock: 1000, perHouseholdMax: 3 }],
        },
      );
      await api(`${server.url}/api/buys/${created.id}/publish`, seeded.leader.token, 'POST');
      await new Promise((r) => setTimeout(r, 1000));
      const rssBefore = server.rssKb();

      const processes = Math.min(4, Math.max(1, Math.ceil(connections / 2500)));
      const connectStarted = performance.now();
      const start = {
        url: server.url,
        path: `/api/buys/${created.id}/events`,
        tokens: seeded.households.slice(1).map((h) => h.token),
      };
      const ready = await Promise.all(
        Array.from({ length: processes }, (_, p) => {
          const child = forkClient('./fanout-client.ts');
          clients.push(child);
          const count = Math.floor(connections / processes) + (p < connections % processes ? 1 : 0);
          return ask(child, { type: 'start', start: { ...start, count } }, 'ready');
        }),
      );
      const connectSeconds = (performance.now() - connectStarted) / 1000;
      const failed = ready.reduce((n, r) => n + (r.type === 'ready' ? r.failed : 0), 0);
      if (failed > 0) console.error(`  ${failed} of ${connections} connections failed to open`);
      await new Promise((r) => setTimeout(r, 1000));
      const rssAfter = server.rssKb();

      const sent = now();
      await api(`${server.url}/api/buys/${created.id}/orders/mine`, seeded.households[0]!.token, 'PUT', {
        lines: [{ itemId: created.items[0]!.id, qty: 1 }],
      });
      const joinMs = now() - sent;
      let arrivals: (number | null)[] = [];
      const deadline = Date.now() + 15_000;
      for (;;) {
        await new Promise((r) => setTimeout(r, 250));
        const answers = await Promise.all(clients.map((c) => ask(c, { type: 'collect' }, 'arrivals')));
        arrivals = answers.flatMap((a) => (a.type === 'arrivals' ? a.arrivals : []));
        if (arrivals.every((a) => a !== null) || Date.now() > deadline) break;
      }
      const latencies = arrivals.flatMap((a) => (a === null ? [] : [a - sent])).sort((a, b) => a - b);
      return {
        connections,
        clientProcesses: processes,
        connectSeconds,
        joinMs,
        p50: quantile(latencies, 0.5),
        p99: quantile(latencies, 0.99),
        max: latencies.at(-1) ?? NaN,
        missed: connections - latencies.length,
        kbPerConnection: (rssAfter - rssBefore) / connections,
        rssBeforeMb: rssBefore / 1024,
        rssAfterMb: rssAfter / 1024,
      };
    } finally {
      for (const c of clients) c.send({ type: 'close' });
    }
  });
}

export function printFanout(results: FanoutResult[]): void {
  console.log('\n## Fan-out: N SSE connections on one buy (embedded database), one join');
  console.table(
    results.map((r) => ({
      connections: fmt(r.connections),
      'client processes': r.clientProcesses,
      'connect s': fmt(r.connectSeconds, 1),
      'join ms': fmt(r.joinMs),
      'p50 ms': fmt(r.p50),
      'p99 ms': fmt(r.p99),
      'max ms': fmt(r.max),
      missed: r.missed,
      'RSS before MB': fmt(r.rssBeforeMb),
      'RSS after MB': fmt(r.rssAfterMb),
      'KB per connection': fmt(r.kbPerConnection, 1),
    })),
  );
}
