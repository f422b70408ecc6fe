/**
 * 联合团购 on the embedded database (or BENCH_DATABASE_URL's PostgreSQL): a host compound of H households, a buy
 * with a minimum, pooled with G − 1 other compounds (each joins and publishes its draft); H households order in
 * the host's buy. Then, timed through the HTTP layer: the pool as every buy page reads it (GET
 * /api/buys/{id}/pool), beside the buy itself and beside a buy in no pool; the 团购 list with its pools (and its
 * pools' read alone); the supplier's sheet of the pool; and
 * closing the pool (all G buys, in one transaction) beside closing a single buy of the same orders; and the
 * deadline job's look at the open pools not told yet (tellPoolsMet, every 2 s) with 0, 10, 100 and 300 of them.
 * Prints figures and ratios; asserts nothing (but that no pool short of its minimum is told).
 *
 *   node --import tsx bench/pools.ts [households=2000] [gates=20]
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import { closeDueBuys } from '../src/core/buys/close-due-buys.ts';
import { closeDuePools } from '../src/core/buys/close-due-pools.ts';
import { tellPoolsMet } from '../src/core/pools/tell-pools-met.ts';
import { inProcessApp } from './in-process.ts';

const households = Number(process.argv[2] ?? 2000);
const gates = Number(process.argv[3] ?? 20);
const { handle, container, seed, inject, close } = await inProcessApp(households);
const leader = seed.leader.token;
const resident = seed.households[0]!.token;

const body = {
  title: '蔬菜团',
  deadline: new Date(Date.now() + 3600_000).toISOString(),
  minTotalQty: households,
  items: [
    { name: '蔬菜包', unit: '份', priceFen: 3980, perHouseholdMax: 3 },
    { name: '土鸡蛋', spec: '30 枚', unit: '盒', priceFen: 4500, perHouseholdMax: 2 },
  ],
};
async function openBuy(): Promise<{ id: string; items: string[] }> {
  const created = (
    await inject('POST', `/api/communities/${seed.communityId}/buys`, leader, body)
  ).json() as { id: string; items: { id: string }[] };
  await inject('POST', `/api/buys/${created.id}/publish`, leader);
  return { id: created.id, items: created.items.map((i) => i.id) };
}
async function fill(buy: { id: string; items: string[] }) {
  const t0 = performance.now();
  for (const [n, h] of seed.households.entries())
    await inject('PUT', `/api/buys/${buy.id}/orders/mine`, h.token, {
      lines: [{ itemId: buy.items[n % 2]!, qty: 1 + (n % 2) }],
    });
  return performance.now() - t0;
}

const host = await openBuy();
const pool = (
  await inject('POST', `/api/buys/${host.id}/pool`, leader, { gate: '南门', contact: '李老师' })
).json() as { pool: { code: string } };
const t0 = performance.now();
const joined: string[] = [];
for (let g = 1; g < gates; g++) {
  const { community: c } = (
    await inject('POST', '/api/communities', leader, { name: `邻近小区 ${g}` })
  ).json() as { community: { id: string } };
  const j = (
    await inject('POST', `/api/pools/${pool.pool.code}/members`, leader, {
      communityId: c.id,
      gate: '正门',
      contact: `联系人 ${g}`,
    })
  ).json() as { buyId: string };
  await inject('POST', `/api/buys/${j.buyId}/publish`, leader);
  joined.push(j.buyId);
}
const joinMs = (performance.now() - t0) / (gates - 1);
const fillMs = await fill(host);
const single = await openBuy();
await fill(single);
// Both buys' order journals expanded now (a read of their orders), so that no read below, and neither close,
// waits for that (it would start a second after the last join).
for (const id of [host.id, single.id]) await inject('GET', `/api/buys/${id}/orders`, leader);
console.log(
  `${handle.kind}: ${households} households ordered in the host's buy (${(fillMs / 1000).toFixed(1)} s); ` +
    `${gates - 1} compounds joined, ${joinMs.toFixed(1)} ms each (create, join, publish)`,
);

async function timed(label: string, path: string, runs = 50): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await inject('GET', path, path.endsWith('.xlsx') ? leader : resident);
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const median = ms[Math.floor(ms.length / 2)]!;
  console.log(
    `${label.padEnd(52)} median ${median.toFixed(2).padStart(7)} ms   max ${ms.at(-1)!.toFixed(1).padStart(6)} ms`,
  );
  return median;
}
const buy = await timed('the buy (GET /api/buys/{id})', `/api/buys/${host.id}`);
const none = await timed('the pool of a buy in none ({pool: null})', `/api/buys/${single.id}/pool`);
const read = await timed(`the pool, ${gates} compounds`, `/api/buys/${host.id}/pool`);
const list = await timed(
  `the 团购 list: 2 buys, one pooled with ${gates - 1}`,
  `/api/communities/${seed.communityId}/buys`,
);
/** The list's pool part alone (its repo read): buys in no pool, then the two listed. */
async function timedPools(label: string, ids: string[], runs = 50): Promise<number> {
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await container.poolsDeps.pools.poolsOfBuys(ids);
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const median = ms[Math.floor(ms.length / 2)]!;
  console.log(`${label.padEnd(52)} median ${median.toFixed(2).padStart(7)} ms`);
  return median;
}
const listNone = await timedPools("  its pools' read, the buy in none", [single.id]);
const listPooled = await timedPools("  its pools' read, both buys", [host.id, single.id]);
const sheet = await timed(
  `the supplier's sheet, ${gates} compounds (xlsx)`,
  `/api/buys/${host.id}/pool/manifest.xlsx`,
  10,
);

// Closing: the deadline moved into the past, as time would; the pool's G buys, then the single buy (their order
// journals expanded before the reads above).
const past = sql`now() - interval '1 second'`;
await container.db.execute(sql`UPDATE buys SET deadline = ${past}`);
await container.db.execute(sql`UPDATE pools SET deadline = ${past}`);
let t = performance.now();
const pools = await closeDuePools(container.buysDeps);
const poolClose = performance.now() - t;
t = performance.now();
const singles = await closeDueBuys(container.buysDeps);
const singleClose = performance.now() - t;
console.log(
  `closing the pool (${pools} pool, ${gates} buys, ${households} orders) ${poolClose.toFixed(1)} ms; ` +
    `a single buy of the same orders (${singles}) ${singleClose.toFixed(1)} ms`,
);
console.log(
  `ratios: pool read / the buy ${(read / buy).toFixed(2)}, no pool / the buy ${(none / buy).toFixed(2)}, ` +
    `sheet / pool read ${(sheet / read).toFixed(1)}, closing the pool / a single buy ${(poolClose / singleClose).toFixed(2)}, ` +
    `the list's pools (pooled) / the list ${(listPooled / list).toFixed(2)}, (none) / the list ${(listNone / list).toFixed(2)}`,
);

// The deadline job's look at the pools not told yet (tellPoolsMet, every 2 s on each instance): with none open,
// then with more and more open pools short of their minimum (each a host compound's buy and one other
// compound's, nothing ordered), which it reads every time.
const hostCommunity = (
  (await inject('POST', '/api/communities', leader, { name: '附近小区' })).json() as {
    community: { id: string };
  }
).community.id;
async function openPool(n: number) {
  const created = (
    await inject('POST', `/api/communities/${hostCommunity}/buys`, leader, { ...body, title: `拼团 ${n}` })
  ).json() as { id: string };
  await inject('POST', `/api/buys/${created.id}/publish`, leader);
  const code = (
    (
      await inject('POST', `/api/buys/${created.id}/pool`, leader, { gate: '北门', contact: '王老师' })
    ).json() as {
      pool: { code: string };
    }
  ).pool.code;
  const { community: c } = (
    await inject('POST', '/api/communities', leader, { name: `拼团小区 ${n}` })
  ).json() as { community: { id: string } };
  const j = (
    await inject('POST', `/api/pools/${code}/members`, leader, {
      communityId: c.id,
      gate: '正门',
      contact: '联系人',
    })
  ).json() as { buyId: string };
  await inject('POST', `/api/buys/${j.buyId}/publish`, leader);
}
const look = { pools: container.poolsDeps.pools, buys: container.buysDeps };
const passes: [number, number][] = [];
let open = 0;
for (const target of [0, 10, 100, 300]) {
  while (open < target) await openPool(++open);
  const ms: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t1 = performance.now();
    const told = await tellPoolsMet(look);
    ms.push(performance.now() - t1);
    if (told !== 0) throw new Error('a pool short of its minimum was told');
  }
  ms.sort((x, y) => x - y);
  const median = ms[Math.floor(ms.length / 2)]!;
  passes.push([target, median]);
  console.log(
    `the deadline job's look at untold pools, ${String(target).padStart(3)} open (2 compounds each)   ` +
      `median ${median.toFixed(2).padStart(7)} ms   max ${ms.at(-1)!.toFixed(1).padStart(6)} ms   ` +
      `(${((median / 2000) * 100).toFixed(2)} % of its 2 s)`,
  );
}
console.log(
  `ratios: the look with 300 pools / with none ${(passes.at(-1)![1] / passes[0]![1]).toFixed(1)}, ` +
    `300 / 100 ${(passes.at(-1)![1] / passes.at(-2)![1]).toFixed(1)}`,
);
await close();
