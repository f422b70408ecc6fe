/**
 * Distribution at compound scale, on the embedded database (or BENCH_DATABASE_URL's PostgreSQL): N households
 * order from a buy of three items, the leader records a short arrival (pro rata), and the night's reads are
 * timed through the HTTP layer (inject): preview, apply, sorting lists, labels with QR codes, the board, the
 * delivery record, deliveries by code, the to-dos (a building volunteer's with and without proxy households) and
 * the coverage (物资覆盖). Prints figures; asserts nothing.
 *
 *   node --import tsx bench/distribution.ts [households=5000]
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { rows } from '../src/db/repos/raw-sql.ts';
import { inProcessApp } from './in-process.ts';

const n = Number(process.argv[2] ?? 5000);
const { container, seed, inject, close } = await inProcessApp(n);

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await fn();
  console.log(`${label.padEnd(44)} ${(performance.now() - start).toFixed(0).padStart(7)} ms`);
  return result;
}

const created = await inject('POST', `/api/communities/${seed.communityId}/buys`, seed.leader.token, {
  title: '压测团购',
  deadline: new Date(Date.now() + 3600_000).toISOString(),
  items: [
    { name: '鸡蛋', priceFen: 2500 },
    { name: '牛奶', priceFen: 600 },
    { name: '大米', priceFen: 5500 },
  ],
});
const buy = created.json() as { id: string; items: { id: string }[] };
await inject('POST', `/api/buys/${buy.id}/publish`, seed.leader.token);
await timed(`${n} orders (batches of 200)`, async () => {
  for (let i = 0; i < n; i += 200)
    await Promise.all(
      seed.households.slice(i, i + 200).map((h, k) =>
        inject('PUT', `/api/buys/${buy.id}/orders/mine`, h.token, {
          lines: buy.items.map((it, j) => ({ itemId: it.id, qty: ((i + k + j) % 3) + 1 })),
        }),
      ),
    );
});
await inject('POST', `/api/buys/${buy.id}/close`, seed.leader.token);
await inject('POST', `/api/buys/${buy.id}/confirm`, seed.leader.token);
const totals = (await inject('GET', `/api/buys/${buy.id}`, seed.leader.token)).json() as {
  items: { id: string; allocatedQty: number }[];
};
const arrival = {
  policy: 'pro_rata',
  received: totals.items.map((i, j) => ({
    itemId: i.id,
    receivedQty: j === 2 ? i.allocatedQty : Math.floor(i.allocatedQty * 0.9),
  })),
};
await timed('arrival preview (pro rata, 2 items short)', () =>
  inject('POST', `/api/buys/${buy.id}/arrival/preview`, seed.leader.token, arrival),
);
await timed('arrival apply (adjustments, packages)', () =>
  inject('POST', `/api/buys/${buy.id}/arrival`, seed.leader.token, arrival),
);
await timed('  then: notifications and live events stored', async () => {
  await container.notifier.flush();
  await container.realtime.flush();
});
const list = await timed('sorting lists, every building', () =>
  inject('GET', `/api/buys/${buy.id}/packages`, seed.leader.token),
);
const buildings = list.json().buildings as { buildingId: string; households: { code: string }[] }[];
await timed('labels with QR codes, one building', () =>
  inject('GET', `/api/buys/${buy.id}/labels?buildingId=${buildings[0]!.buildingId}`, seed.leader.token),
);
await timed(`labels with QR codes, all ${n}`, () =>
  inject('GET', `/api/buys/${buy.id}/labels`, seed.leader.token),
);
await timed('board', () => inject('GET', `/api/buys/${buy.id}/board`, seed.leader.token));
await timed('board again', () => inject('GET', `/api/buys/${buy.id}/board`, seed.leader.token));
const codes = buildings.flatMap((b) => b.households.map((h) => h.code)).slice(0, 200);
await timed('200 deliveries by code, one at a time', async () => {
  for (const code of codes)
    await inject('POST', `/api/buys/${buy.id}/packages/deliver`, seed.leader.token, { code });
});
// The home's 待办 for the leader: one statement counting the buy's 5,000 packages (200 now delivered), beside
// the board, which reads the same packages per building.
let todo: { tasks: { kind: string; count?: number }[] } = { tasks: [] };
for (const round of ['', ' again'])
  todo = (
    await timed(`to-do (home), the leader${round}`, () =>
      inject('GET', `/api/communities/${seed.communityId}/todo`, seed.leader.token),
    )
  ).json();
console.log(`  its tasks: ${todo.tasks.map((x) => `${x.kind} ${x.count ?? ''}`.trim()).join(', ')}`);
// The admin's to-do also reads 物资覆盖 for the households on the register of those in need (the in_need task):
// first with nobody on it, then with 100 households, every 50th of the compound.
for (const register of [0, 100]) {
  for (const h of seed.households.filter((_, i) => i % 50 === 0).slice(0, register))
    await inject('PUT', `/api/households/${h.householdId}/needs`, seed.admin.token, {
      needs: ['elderly_alone'],
    });
  for (const round of ['', ' again'])
    todo = (
      await timed(`to-do (home), the admin, ${register} in need${round}`, () =>
        inject('GET', `/api/communities/${seed.communityId}/todo`, seed.admin.token),
      )
    ).json();
  console.log(
    `  its tasks: ${todo.tasks.map((x) => `${x.kind} ${x.count ?? ''}`.trim()).join(', ') || 'none'}`,
  );
}
// A building volunteer's home: their buildings' doors and claims, then the proxy households of their buildings
// (代管户: each one's pay, refund and receipt, docs/todo.md), read after the role's. First with none, then with 20
// of the building's other households marked proxies straight in the database (the seed's households all have
// members and orders): each owes, and was delivered to. 100 requests each, one at a time, in two alternated rounds.
const volunteerHome = seed.households[1]!;
const [standing] = await rows<{ member_id: string; building_id: string }>(
  container.db,
  sql`SELECT c.member_id, h.building_id FROM household_claims c JOIN households h ON h.id = c.household_id
    WHERE c.household_id = ${volunteerHome.householdId} AND c.status = 'verified'`,
);
await inject('PUT', `/api/members/${standing!.member_id}/roles`, seed.admin.token, {
  admin: false,
  leader: false,
  volunteerBuildingIds: [standing!.building_id],
});
const perVolunteer: Record<string, number[]> = { none: [], twenty: [] };
const markProxies = (on: boolean) =>
  container.db.execute(sql`
    UPDATE households SET is_proxy = ${on} WHERE id IN (
      SELECT id FROM households WHERE building_id = ${standing!.building_id} AND id <> ${volunteerHome.householdId}
      ORDER BY label LIMIT 20)`);
for (let round = 0; round < 2; round++)
  for (const proxies of ['none', 'twenty'] as const) {
    await markProxies(proxies === 'twenty');
    const start = performance.now();
    for (let i = 0; i < 100; i++)
      todo = (await inject('GET', `/api/communities/${seed.communityId}/todo`, volunteerHome.token)).json();
    const ms = (performance.now() - start) / 100;
    perVolunteer[proxies]!.push(ms);
    console.log(
      `${`to-do (home), a volunteer, ${proxies === 'none' ? 'no' : '20'} proxies, round ${round + 1}`.padEnd(44)} ${ms.toFixed(2).padStart(7)} ms each`,
    );
  }
console.log(
  `  its tasks: ${Object.entries(
    todo.tasks.reduce<Record<string, number>>((n, x) => ({ ...n, [x.kind]: (n[x.kind] ?? 0) + 1 }), {}),
  )
    .map(([k, v]) => `${k} ×${v}`)
    .join(', ')}; with 20 proxies ÷ with none, per request: ${(
    perVolunteer.twenty!.reduce((a, b) => a + b, 0) / perVolunteer.none!.reduce((a, b) => a + b, 0)
  ).toFixed(2)}`,
);
await markProxies(false);
await timed('board, after the deliveries', () =>
  inject('GET', `/api/buys/${buy.id}/board`, seed.leader.token),
);
// 物资覆盖: the admin's whole compound (one row per household: its claims, its latest package, goods on their
// way), then one building's list with whom to call. Beside the board above, which reads the same packages.
let coverage: { counts: Record<string, number>; buildings: { buildingId: string }[] } | null = null;
for (const round of ['', ' again'])
  coverage = (
    await timed(`coverage, the admin's ${n} households${round}`, () =>
      inject('GET', `/api/communities/${seed.communityId}/coverage`, seed.admin.token),
    )
  ).json();
console.log(
  `  its counts: ${Object.entries(coverage!.counts)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}`,
);
const firstBuilding = coverage!.buildings[0]!.buildingId;
for (const round of ['', ' again'])
  await timed(`coverage, one building's list${round}`, () =>
    inject(
      'GET',
      `/api/communities/${seed.communityId}/coverage?days=7&buildingId=${firstBuilding}`,
      seed.admin.token,
    ),
  );
// A resident's home asks its household's 待办 (what it owes, its package) beside the compound's buys, which every
// home already asked for. Both for the same 500 households, one request at a time, in two alternated rounds.
const homes = seed.households.slice(0, 500);
const householdTodo = await inject('GET', `/api/communities/${seed.communityId}/todo`, homes[0]!.token);
console.log(
  `  a household's tasks: ${(householdTodo.json() as { tasks: { kind: string }[] }).tasks.map((x) => x.kind).join(', ')}`,
);
const perHome: Record<string, number[]> = { todo: [], buys: [] };
for (let round = 0; round < 2; round++)
  for (const [what, path] of [
    ['buys', `/api/communities/${seed.communityId}/buys`],
    ['todo', `/api/communities/${seed.communityId}/todo`],
  ] as const) {
    const start = performance.now();
    for (const h of homes) await inject('GET', path, h.token);
    const ms = (performance.now() - start) / homes.length;
    perHome[what]!.push(ms);
    console.log(
      `${`${homes.length} homes, ${what === 'todo' ? "their household's to-do" : "the compound's buys"}, round ${round + 1}`.padEnd(44)} ${ms.toFixed(2).padStart(7)} ms each`,
    );
  }
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log(
  `  household to-do ÷ the buys list, per request: ${(mean(perHome.todo!) / mean(perHome.buys!)).toFixed(2)}`,
);
await timed('delivery record xlsx', () =>
  inject('GET', `/api/buys/${buy.id}/exports/deliveries.xlsx`, seed.leader.token),
);
await close();
