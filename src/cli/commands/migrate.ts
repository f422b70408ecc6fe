import { parseArgs } from 'node:util';
import { dbConfigFromEnv } from '../../db/client.ts';
import { describeDb, withDatabase } from '../data.ts';
import { HELP_OPTION, parseOrUsage, type Io } from '../io.ts';

export const MIGRATE_USAGE = `linli migrate

Applies the database migrations to the configured database (LINLI_DATA_DIR, default ./data, or
DATABASE_URL) and exits. "linli serve" does this on its own at start; use this before a rolling deploy.
Refuses while a server holds the embedded database's folder.`;

export async function migrateCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseOrUsage(MIGRATE_USAGE, () =>
    parseArgs({ args: argv, options: { help: HELP_OPTION } }),
  );
  if (values.help) {
    io.out(MIGRATE_USAGE);
    return 0;
  }
  const started = performance.now();
  await withDatabase(io, 'migrate', async () => {});
  const ms = Math.round(performance.now() - started);
  io.out(`Migrations applied to ${describeDb(dbConfigFromEnv(io.env))} (${ms} ms).`);
  return 0;
}
