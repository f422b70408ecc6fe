/**
 * 放心买 at a compound with a history, on the embedded database (or BENCH_DATABASE_URL's PostgreSQL): B buys of
 * five items each (the same goods at drifting prices, by three leaders and four suppliers), then GET
 * /api/buys/{id}/trust timed through the HTTP layer: each of 50 buys read once (its facts read from the
 * database), then again within 15 s (the same facts from memory), beside GET /api/buys/{id} of the same buys.
 * Prints figures and ratios; asserts nothing.
 *
 *   node --import tsx bench/trust.ts [buys=300]
 */
import { performance } from 'node:perf_hooks';
import { inProcessApp } from './in-process.ts';

const count = Number(process.argv[2] ?? 300);
const { handle, seed, inject, close } = await inProcessApp(500);
const community = seed.communityId;
const GOODS = ['土鸡蛋', '纯牛奶', '大米', '猪肉糜', '苹果', '青菜', '口罩', '面粉'];

const ids: string[] = [];
const start = performance.now();
for (let b = 0; b < count; b++) {
  const created = await inject('POST', `/api/communities/${community}/buys`, seed.leader.token, {
    title: `第 ${b} 团`,
    deadline: new Date(Date.now() + 3600_000).toISOString(),
    supplierName: `供应商 ${b % 4}`,
    items: Array.from({ length: 5 }, (_, i) => ({
      name: GOODS[(b + i) % GOODS.length],
      spec: '标准装',
      unit: '份',
      priceFen: 2000 + ((b * 37 + i * 101) % 900),
    })),
  });
  const id = (created.json() as { id: string }).id;
  await inject('POST', `/api/buys/${id}/publish`, seed.leader.token);
  ids.push(id);
}
console.log(
  `${handle.kind}: ${count} buys of 5 items put up in ${((performance.now() - start) / 1000).toFixed(1)} s`,
);

async function timed(label: string, paths: string[]): Promise<number> {
  const ms: number[] = [];
  for (const path of paths) {
    const t0 = performance.now();
    await inject('GET', path, seed.households[0]!.token);
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  const median = ms[Math.floor(ms.length / 2)]!;
  console.log(
    `${label.padEnd(44)} median ${median.toFixed(2).padStart(7)} ms   max ${ms.at(-1)!.toFixed(1).padStart(6)} ms`,
  );
  return median;
}

const last = ids.slice(-50);
const buy = await timed(
  'the buy (GET /api/buys/{id}), 50 buys',
  last.map((id) => `/api/buys/${id}`),
);
const cold = await timed(
  '放心买, 50 buys, first read each',
  last.map((id) => `/api/buys/${id}/trust`),
);
const warm = await timed(
  '放心买, the same 50 again (15 s cache)',
  last.map((id) => `/api/buys/${id}/trust`),
);
console.log(
  `ratios: first read / the buy ${(cold / buy).toFixed(2)}, cached / the buy ${(warm / buy).toFixed(2)}`,
);
await close();
