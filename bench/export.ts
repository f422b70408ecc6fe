/**
 * Aggregation: a buy with 10,000 orders (3 items, 100 buildings) → the supplier sheet and the per-building
 * packing lists as .xlsx bytes. In process, on an in-memory embedded database: the orders are placed through
 * the API (app.inject, batched by the group commit), then each export is timed end to end (GET … .xlsx,
 * authorised, summed, rendered) and split into its parts (the totals/packing queries, the rendering).
 * The timing starts once the notifier has stored the 10,000 orders' notifications (about 200 ms of work on
 * the same database right after the last join): a leader exports after the deadline, not in the rush's last
 * second, and before this wait the exports were timed against that work (330 ms against 216 ms).
 * Goal: supplier + packing ≤ 300 ms.
 */
import { eq } from 'drizzle-orm';
import { openDb } from '../src/db/client.ts';
import { migrateDb } from '../src/db/migrate.ts';
import { createContainer } from '../src/container.ts';
import { buildApp } from '../src/http/app.ts';
import { seedHouseholds } from '../src/seed/seed-households.ts';
import { users } from '../src/db/schema/auth.ts';
import { getBuyTotals, getPackingList } from '../src/core/buys/summary.ts';
import { packingSheets, supplierSheets } from '../src/core/buys/export-fns.ts';
import { renderXlsx } from '../src/core/buys/export-xlsx.ts';
import type { Actor } from '../src/core/shared/actor.ts';
import { fmt } from './support.ts';

export interface ExportResult {
  orders: number;
  buildings: number;
  /** End to end through HTTP (inject), best of `runs`. */
  supplierMs: number;
  packingMs: number;
  totalMs: number;
  /** Parts, best of `runs`: the queries and the rendering. */
  summaryQueryMs: number;
  packingQueryMs: number;
  supplierRenderMs: number;
  packingRenderMs: number;
  supplierBytes: number;
  packingBytes: number;
  runs: number;
}

const best = async (runs: number, fn: () => Promise<unknown>) => {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
};

export async function exportBench(options: { orders?: number; buildings?: number; runs?: number } = {}) {
  const { orders = 10_000, buildings = 100, runs = 10 } = options;
  const handle = await openDb({ kind: 'pglite' });
  try {
    await migrateDb(handle);
    const c = createContainer(handle);
    const seeded = await seedHouseholds(c.db, c, { households: orders, buildings });
    const app = await buildApp(c, { logger: false });
    try {
      const auth = (token: string) => ({ authorization: `Bearer ${token}` });
      const created = await app.inject({
        method: 'POST',
        url: `/api/communities/${seeded.communityId}/buys`,
        headers: auth(seeded.leader.token),
        payload: {
          title: '抢购鸡蛋',
          deadline: new Date(Date.now() + 3600_000).toISOString(),
          items: [
            { name: '鸡蛋', unit: '盒', priceFen: 2500, stock: 15_000, perHouseholdMax: 3 },
            { name: '大米 5kg', unit: '袋', priceFen: 4990 },
            { name: '青菜', unit: '份', priceFen: 1200, stock: 8000 },
          ],
        },
      });
      const buy = created.json() as { id: string; items: { id: string }[] };
      await app.inject({
        method: 'POST',
        url: `/api/buys/${buy.id}/publish`,
        headers: auth(seeded.leader.token),
      });
      const placing = performance.now();
      for (let from = 0; from < seeded.households.length; from += 1000) {
        await Promise.all(
          seeded.households.slice(from, from + 1000).map(async (h, k) => {
            const i = from + k;
            const lines = buy.items
              .filter((_, n) => (i + n) % 3 !== 2)
              .map((item, n) => ({ itemId: item.id, qty: 1 + ((i + n) % 3) }));
            const r = await app.inject({
              method: 'PUT',
              url: `/api/buys/${buy.id}/orders/mine`,
              headers: auth(h.token),
              payload: { lines },
            });
            if (r.statusCode >= 300) throw new Error(`join ${i}: ${r.statusCode} ${r.body}`);
          }),
        );
      }
      console.error(`  placed ${fmt(orders)} orders in ${fmt((performance.now() - placing) / 1000, 1)} s`);

      const settling = performance.now();
      await c.notifier.flush();
      console.error(`  their notifications stored ${fmt(performance.now() - settling)} ms later`);
      let supplierBytes = 0;
      let packingBytes = 0;
      const get = async (path: string) => {
        const r = await app.inject({ method: 'GET', url: path, headers: auth(seeded.leader.token) });
        if (r.statusCode !== 200) throw new Error(`${path}: ${r.statusCode}`);
        return r.rawPayload.length;
      };
      const supplierMs = await best(runs, async () => {
        supplierBytes = await get(`/api/buys/${buy.id}/exports/supplier.xlsx`);
      });
      const packingMs = await best(runs, async () => {
        packingBytes = await get(`/api/buys/${buy.id}/exports/packing.xlsx`);
      });

      // The parts: queries and rendering, with the use-cases the routes call.
      const [leader] = await c.db.select().from(users).where(eq(users.displayName, 'Seed Leader'));
      const actor: Actor = { userId: leader!.id, displayName: leader!.displayName, via: 'token' };
      const summary = await getBuyTotals(c.buyReportDeps, actor, buy.id);
      const packing = await getPackingList(c.buyReportDeps, actor, { buyId: buy.id });
      const summaryQueryMs = await best(runs, () => getBuyTotals(c.buyReportDeps, actor, buy.id));
      const packingQueryMs = await best(runs, () =>
        getPackingList(c.buyReportDeps, actor, { buyId: buy.id }),
      );
      const supplierRenderMs = await best(runs, () =>
        renderXlsx(supplierSheets(summary, new Date()), { title: summary.buy.title }),
      );
      const packingRenderMs = await best(runs, () =>
        renderXlsx(packingSheets(packing), { title: packing.buy.title }),
      );
      return {
        orders,
        buildings,
        supplierMs,
        packingMs,
        totalMs: supplierMs + packingMs,
        summaryQueryMs,
        packingQueryMs,
        supplierRenderMs,
        packingRenderMs,
        supplierBytes,
        packingBytes,
        runs,
      } satisfies ExportResult;
    } finally {
      await app.close();
    }
  } finally {
    await handle.close();
  }
}

export function printExport(r: ExportResult): void {
  console.log(
    `\n## Aggregation: ${fmt(r.orders)} orders in ${r.buildings} buildings → supplier sheet + packing lists (.xlsx), best of ${r.runs}`,
  );
  console.table([
    {
      export: 'supplier.xlsx',
      'end to end ms': fmt(r.supplierMs),
      'query ms': fmt(r.summaryQueryMs),
      'render ms': fmt(r.supplierRenderMs),
      KiB: fmt(r.supplierBytes / 1024),
    },
    {
      export: 'packing.xlsx',
      'end to end ms': fmt(r.packingMs),
      'query ms': fmt(r.packingQueryMs),
      'render ms': fmt(r.packingRenderMs),
      KiB: fmt(r.packingBytes / 1024),
    },
    { export: 'both', 'end to end ms': fmt(r.totalMs), 'query ms': '', 'render ms': '', KiB: '' },
  ]);
}
