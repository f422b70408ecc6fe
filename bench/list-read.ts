/**
 * What one read of a rushing buy's public 接龙 list costs the server (and PostgreSQL), in CPU, measured without
 * a rush around it (bench/neighbours.ts measures what reads during a rush cost the rush, which swings with the
 * rush itself). After a rush of `households` joins on a warm server, one client, one request at a time, three
 * times over:
 * - `change`: a household changes its order (`PUT …/orders/mine`, another quantity): a new version of the buy,
 *   one line of its list changed (households drawn across the list);
 * - `change + read`: the same, each followed by `GET …/list` as a browser asks for it (gzip): every read is at
 *   a version nobody has read yet, as in a rush;
 * - `read`: the list alone, at the same version each time (the answer kept: what a close's readers cost).
 * A read at a new version costs `change + read` less `change`; medians of the three.
 */
import { fetchBytes } from './fetch-bytes.ts';
import { rushOnBuy } from './rush.ts';
import { api, cpuSeconds, type DbKind, fmt, onSeededServer, postgresCpuSeconds } from './support.ts';

export interface ListReadResult {
  db: DbKind;
  /** CPU ms per operation, the server's process and PostgreSQL's (0 on PGlite). */
  change: number;
  readNewVersion: number;
  readSameVersion: number;
  /** Of which PostgreSQL's processes (all of this machine's: autovacuum after the rushes counts too). */
  postgres: { change: number; readNewVersion: number; readSameVersion: number };
  /** The answer's bytes: as sent in gzip, and as JSON. */
  gzipBytes: number;
  jsonBytes: number;
}

const PER_PHASE = 300;
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function listReadOnce(db: DbKind, households: number): Promise<ListReadResult> {
  return onSeededServer(db, households, 3912, async (server, seeded) => {
    await rushOnBuy(server, seeded, '热身', 200);
    let buyId = '';
    await rushOnBuy(server, seeded, '抢购', 200, async (id) => {
      buyId = id;
    });
    const buy = await api<{ items: { id: string }[] }>(
      `${server.url}/api/buys/${buyId}`,
      seeded.leader.token,
    );
    const itemId = buy.items[0]!.id;
    const listUrl = `${server.url}/api/buys/${buyId}/list`;
    const reader = seeded.households[7]!.token;
    let n = 0;
    const change = async () => {
      n++;
      const h = seeded.households[(n * 37) % seeded.households.length]!;
      await api(`${server.url}/api/buys/${buyId}/orders/mine`, h.token, 'PUT', {
        lines: [{ itemId, qty: 1 + (n % 3) }],
      });
    };
    const pgCpu = () => (db === 'postgres' ? postgresCpuSeconds() : 0);
    const ms: Record<'change' | 'both' | 'read', number[]> = { change: [], both: [], read: [] };
    const pgMs: typeof ms = { change: [], both: [], read: [] };
    let gzipBytes = 0;
    for (let rep = 0; rep < 3; rep++)
      for (const phase of ['change', 'both', 'read'] as const) {
        const server0 = cpuSeconds(server.pid);
        const pg0 = pgCpu();
        for (let i = 0; i < PER_PHASE; i++) {
          if (phase !== 'read') await change();
          if (phase !== 'change') gzipBytes = await fetchBytes(listUrl, reader);
        }
        const pg = pgCpu() - pg0;
        ms[phase].push(((cpuSeconds(server.pid) - server0 + pg) * 1000) / PER_PHASE);
        pgMs[phase].push((pg * 1000) / PER_PHASE);
      }
    return {
      db,
      change: median(ms.change),
      readNewVersion: median(ms.both) - median(ms.change),
      readSameVersion: median(ms.read),
      postgres: {
        change: median(pgMs.change),
        readNewVersion: median(pgMs.both) - median(pgMs.change),
        readSameVersion: median(pgMs.read),
      },
      gzipBytes,
      jsonBytes: await fetchBytes(listUrl, reader, 'identity'),
    };
  });
}

export async function listRead(kinds: readonly DbKind[], households = 5000): Promise<ListReadResult[]> {
  const out: ListReadResult[] = [];
  for (const db of kinds) out.push(await listReadOnce(db, households));
  return out;
}

export function printListRead(results: readonly ListReadResult[]): void {
  console.log(
    "\n## One read of a rushing buy's 接龙 list: CPU ms of the server (and PostgreSQL), one request at a time after a rush",
  );
  console.table(
    results.map((r) => ({
      database: r.db,
      'ms per change of an order (PostgreSQL)': `${fmt(r.change, 2)} (${fmt(r.postgres.change, 2)})`,
      'ms per list read, new version': `${fmt(r.readNewVersion, 2)} (${fmt(r.postgres.readNewVersion, 2)})`,
      'ms per list read, same version': `${fmt(r.readSameVersion, 2)} (${fmt(r.postgres.readSameVersion, 2)})`,
      'KB sent (gzip)': fmt(r.gzipBytes / 1024, 1),
      'KB of JSON': fmt(r.jsonBytes / 1024, 1),
    })),
  );
}
