/**
 * Storing a batch's notices (`insertRows`, src/db/repos/notifications-repo.ts), the notifier's one INSERT per
 * batch: a rush tells ~4,000 households that they wait. Times 4,000 rows of one buy and type (a rush's), 4,000
 * of mixed types and buys, and the same mixed rows with one compound's 成团 row among them (the one list that
 * asks which rows were stored). Run: `node --import tsx bench/notice-rows.ts [ROWS]` (the embedded database;
 * BENCH_DATABASE_URL for a local PostgreSQL). By name only: not in `npm run bench`.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { NotificationRow } from '../src/core/notifications/model.ts';
import { createNotificationsRepo } from '../src/db/repos/notifications-repo.ts';
import { inProcessApp } from './in-process.ts';

const rows = Number(process.argv[2] ?? 4000);
const { container, close } = await inProcessApp(10);
const repo = createNotificationsRepo(container.db);
const community = randomUUID();
const data = (n: number) => ({
  buyTitle: '鸡蛋团购',
  householdLabel: `${1 + (n % 12)}-${101 + (n % 600)}`,
  items: [{ itemName: '土鸡蛋', qty: 2, waitlistedQty: 1 }],
});
const kinds: Record<string, () => NotificationRow[]> = {
  "a rush's (one buy, one type)": () => {
    const buyId = randomUUID();
    return Array.from({ length: rows }, (_, n) => ({
      communityId: community,
      householdId: randomUUID(),
      buyId,
      type: 'order_waitlisted' as const,
      data: data(n),
    }));
  },
  'mixed types and buys': () => {
    const buys = [randomUUID(), randomUUID()];
    return Array.from({ length: rows }, (_, n) => ({
      communityId: community,
      householdId: randomUUID(),
      buyId: buys[n % 2]!,
      type: n % 3 ? ('order_waitlisted' as const) : ('order_promoted' as const),
      data: data(n),
    }));
  },
  'mixed, with a 成团 row': () => {
    const list = kinds['mixed types and buys']!();
    list[0] = {
      communityId: community,
      householdId: null,
      buyId: randomUUID(),
      type: 'buy_threshold_met',
      data: {},
    };
    return list;
  },
};
const at = new Date();
const table: Record<string, string>[] = [];
for (const [name, make] of Object.entries(kinds)) {
  for (let k = 0; k < 3; k++) await repo.insertRows(make(), at);
  const ms: number[] = [];
  for (let k = 0; k < 15; k++) {
    const list = make();
    const t0 = performance.now();
    await repo.insertRows(list, at);
    ms.push(performance.now() - t0);
  }
  ms.sort((x, y) => x - y);
  const median = ms[Math.floor(ms.length / 2)]!;
  table.push({
    rows: name,
    'median ms': median.toFixed(1),
    'min–max ms': `${ms[0]!.toFixed(1)}–${ms.at(-1)!.toFixed(1)}`,
    'µs per row': ((median * 1000) / rows).toFixed(2),
  });
}
console.log(
  `## insertRows: ${rows} notices in one call (${process.env.BENCH_DATABASE_URL ? 'PostgreSQL' : 'PGlite'}), 15 calls each after 3`,
);
console.table(table);
await close();
