/**
 * A buy's order journal expanded while a neighbour reads pages, on the embedded database (or BENCH_DATABASE_URL's
 * PostgreSQL). H households join two buys one after another, one join per batch (a buy joined steadily for
 * minutes, never quiet for the second that would expand its journal), so each buy's journal holds H rows. Then
 * each journal is expanded while another member reads the compound's 团购 list in a loop (a request that reads
 * no orders, so waits only for the database): the first buy's in one transaction (OrderJournal.expand until the
 * sixtieth session), the second's in steps of about 50 ms (EXPAND_STEP). Prints how long each expansion took and
 * the reads' latency meanwhile. Asserts nothing.
 *
 *   node --import tsx bench/expansion.ts [households=2000]
 */
import { performance } from 'node:perf_hooks';
import { EXPAND_STEP, type OrderJournal } from '../src/db/repos/order-journal.ts';
import { inProcessApp } from './in-process.ts';

const households = Number(process.argv[2] ?? 2000);
// Expanded only when this bench says so (no expansion a second after the joins stop).
const { handle, container, seed, inject, close } = await inProcessApp(households, { journalIdleMs: 0 });
const journal = container.buysDeps.repo.journal as OrderJournal | null;
if (!journal) throw new Error('the order journal is off (LINLI_ORDER_PATH=transaction): nothing to expand');
const leader = seed.leader.token;
const reader = seed.households[0]!.token;

async function openBuy(title: string): Promise<{ id: string; itemId: string }> {
  const created = (
    await inject('POST', `/api/communities/${seed.communityId}/buys`, leader, {
      title,
      deadline: new Date(Date.now() + 3600_000).toISOString(),
      items: [{ name: '蔬菜包', unit: '份', priceFen: 3980, perHouseholdMax: 3 }],
    })
  ).json() as { id: string; items: { id: string }[] };
  await inject('POST', `/api/buys/${created.id}/publish`, leader);
  return { id: created.id, itemId: created.items[0]!.id };
}

// Both buys opened first: a leader's request in the compound (creating a buy) expands its buys' journals.
const buys = [await openBuy('一次展开'), await openBuy('分步展开')];
for (const buy of buys)
  for (const [n, h] of seed.households.entries())
    await inject('PUT', `/api/buys/${buy.id}/orders/mine`, h.token, {
      lines: [{ itemId: buy.itemId, qty: 1 + (n % 3) }],
    });
const [oneTx, stepped] = buys.map((b) => b.id) as [string, string];
const list = `/api/communities/${seed.communityId}/buys`;
// Warm the list's statements.
for (let i = 0; i < 20; i++) await inject('GET', list, reader);

async function whileExpanding(label: string, expand: () => Promise<number>) {
  let running = true;
  const reads: number[] = [];
  const reading = (async () => {
    while (running) {
      const t = performance.now();
      await inject('GET', list, reader);
      reads.push(performance.now() - t);
    }
  })();
  const t0 = performance.now();
  const rows = await expand();
  const took = performance.now() - t0;
  running = false;
  await reading;
  reads.sort((a, b) => a - b);
  const q = (p: number) => reads[Math.min(reads.length - 1, Math.floor(p * reads.length))]!;
  console.log(
    `${label.padEnd(34)} ${rows} rows in ${took.toFixed(0).padStart(5)} ms; ${String(reads.length).padStart(4)} list reads ` +
      `meanwhile: median ${q(0.5).toFixed(1)} ms, p99 ${q(0.99).toFixed(1)} ms, max ${reads.at(-1)!.toFixed(1)} ms`,
  );
  return { took, max: reads.at(-1)!, median: q(0.5) };
}

console.log(`${handle.kind}: ${households} households joined each of two buys, one join per batch`);
const whole = await whileExpanding('in one transaction', () =>
  journal.expand(oneTx, { limit: Number.MAX_SAFE_INTEGER, budgetMs: Number.POSITIVE_INFINITY }),
);
const steps = await whileExpanding(`in steps (${EXPAND_STEP.budgetMs} ms each)`, () =>
  journal.expand(stepped),
);
console.log(
  `ratios: steps / one transaction: expansion ${(steps.took / whole.took).toFixed(2)}, ` +
    `the slowest read ${(steps.max / whole.max).toFixed(3)}, the median read ${(steps.median / whole.median).toFixed(2)}`,
);
await close();
