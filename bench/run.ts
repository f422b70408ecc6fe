/**
 * `npm run bench [-- --db pglite|postgres|both] [--households N]`: runs the benchmarks and prints figures
 * and ratios measured in the same run. Load only ever targets 127.0.0.1. These are measurements, not tests.
 */
import { parseArgs } from 'node:util';
import os from 'node:os';
import { printRush, rush, type RushResult } from './rush.ts';
import type { DbKind } from './support.ts';

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
