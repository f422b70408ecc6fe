import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { defaultBuildingCount, MAX_SEED_HOUSEHOLDS, seedHouseholds } from '../../seed/seed-households.ts';
import { describeDb, withDatabase } from '../data.ts';
import { HELP_OPTION, intFlag, parseOrUsage, UsageError, type Io } from '../io.ts';

export const SEED_USAGE = `linli seed --households N [--buildings B] --out FILE

Creates a community with B buildings (default: one per 24 households) and N verified households, one
member each, plus one admin and one leader; every one of them gets a personal access token. Writes FILE
("-" for stdout) as JSON:
  {"communityId", "admin": {"token"}, "leader": {"token"},
   "households": [{"householdId", "label", "token"}]}
Uses the same data settings as "linli serve" (LINLI_DATA_DIR or DATABASE_URL); refuses while a server
holds the embedded database's folder. For load tests and benchmarks; N is at most ${MAX_SEED_HOUSEHOLDS}.`;

export async function seedCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseOrUsage(SEED_USAGE, () =>
    parseArgs({
      args: argv,
      options: {
        help: HELP_OPTION,
        households: { type: 'string' },
        buildings: { type: 'string' },
        out: { type: 'string' },
      },
    }),
  );
  if (values.help) {
    io.out(SEED_USAGE);
    return 0;
  }
  const households = intFlag(values.households, '--households', SEED_USAGE, [1, MAX_SEED_HOUSEHOLDS]);
  if (households === undefined) throw new UsageError('--households N is required', SEED_USAGE);
  const buildings = intFlag(values.buildings, '--buildings', SEED_USAGE, [1, households]);
  if (!values.out) throw new UsageError('--out FILE is required ("-" writes to stdout)', SEED_USAGE);
  const out = values.out;

  const started = performance.now();
  const result = await withDatabase(io, 'seed', async (container, _handle, config) => {
    io.err(
      `Seeding ${households} households in ${buildings ?? defaultBuildingCount(households)} buildings into ${describeDb(config)}…`,
    );
    return seedHouseholds(container.db, container, { households, buildings });
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const json = JSON.stringify(result, null, 2);
  if (out === '-') io.out(json);
  else writeFileSync(out, `${json}\n`, { mode: 0o600 }); // bearer tokens: owner-readable only
  io.err(`Seeded community ${result.communityId} in ${seconds} s${out === '-' ? '' : `; wrote ${out}`}.`);
  return 0;
}
