/**
 * `npm run bench [-- --db pglite|postgres|both] [--households N]`: runs the benchmarks and prints figures
 * and ratios measured in the same run, then the rush-hour goals met or missed. Load only ever targets
 * 127.0.0.1. These are measurements, not tests. Bounded: about a minute per database plus 10 s of pgbench.
 */
import { parseArgs } from 'node:util';
import os from 'node:os';
import { printRush, rush, type RushResult } from './rush.ts';
import { hotRow } from './hot-row.ts';
import { fmt, type DbKind } from './support.ts';

// `npm run bench -- jielong`: only the 接龙 parser (bench/jielong.ts; pure CPU, a few seconds).
if (process.argv.slice(2).includes('jielong')) {
  await (await import('./jielong.ts')).benchJielong();
  process.exit(0);
}

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'both' },
    households: { type: 'string', default: '5000' },
    /** Write a CPU profile of each server run into this folder (open it in Chrome DevTools). */
    profile: { type: 'string' },
    /** Any other node flag for the server child, e.g. --node-arg=--import=./trace.mjs (repeatable). */
    'node-arg': { type: 'string', multiple: true, default: [] },
  },
});
const kinds: DbKind[] = values.db === 'both' ? ['pglite', 'postgres'] : [values.db as DbKind];
const households = Number(values.households);

console.log(`Linli benchmarks, ${new Date().toISOString()}`);
console.log(
  `machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
);

const results: RushResult[] = [];
const nodeArgs = [
  ...(values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : []),
  ...values['node-arg'],
];
for (const kind of kinds) results.push(await rush(kind, { households, nodeArgs }));
printRush(results);

const onPostgres = results.find((r) => r.db === 'postgres');
const hot = onPostgres ? await hotRow() : null;
if (onPostgres) {
  console.log('\n## PostgreSQL yardstick: one hot row, pgbench UPDATE … WHERE id = 1');
  if (!hot) console.log('pgbench is not installed (apt-get install postgresql-client); skipped.');
  else
    console.table([
      {
        clients: hot.clients,
        seconds: hot.seconds,
        'hot-row updates/s': fmt(hot.updatesPerSec),
        'rush joins/s': fmt(onPostgres.joinsPerSec),
        'joins/s ÷ hot-row/s': fmt(onPostgres.joinsPerSec / hot.updatesPerSec, 2),
      },
    ]);
}

// The goals of the "Rush hour" issue, checked against this run's figures.
const goals: string[] = [];
const mark = (ok: boolean) => (ok ? 'met' : 'MISSED');
for (const r of results) {
  goals.push(`${r.db}: joins/s ÷ healthz/s ≥ 0.3: ${mark(r.ratio >= 0.3)} (${fmt(r.ratio, 3)})`);
  goals.push(`${r.db}: p99 ≤ 150 ms at 200 connections: ${mark(r.p99 <= 150)} (${r.p99} ms)`);
  goals.push(`${r.db}: zero errors: ${mark(r.errors === 0)} (${r.errors})`);
}
if (onPostgres && hot)
  goals.push(
    `postgres: joins/s ≥ 2 × hot-row updates/s: ${mark(onPostgres.joinsPerSec >= 2 * hot.updatesPerSec)} ` +
      `(${fmt(onPostgres.joinsPerSec / hot.updatesPerSec, 2)} ×)`,
  );
console.log(`\n## Goals\n${goals.map((g) => `- ${g}`).join('\n')}`);
