import {
  DEMO_COMMUNITY,
  DEMO_NEIGHBOUR,
  DemoAlreadySeededError,
  seedDemo,
  type DemoSummary,
} from '../../seed/demo.ts';
import { describeDb, withDatabase } from '../data.ts';
import { parseArgs } from 'node:util';
import { CommandError, HELP_OPTION, parseOrUsage, type Io } from '../io.ts';

export const DEMO_USAGE = `linli demo

Seeds the demo compound (${DEMO_COMMUNITY.name}: 12 buildings, 288 households, about 300 members, four
group buys: one open, one delivering, one finished, and one open 联合团购 with ${DEMO_NEIGHBOUR.name} next door,
12 households) into the configured database (LINLI_DATA_DIR or DATABASE_URL). Refuses if the demo is already there, and while a
server holds the embedded database's folder. "linli serve" seeds it on its own into an empty embedded database.`;

/** The sign-in lines printed by "demo" and at every "serve" start while the demo is present. */
export function formatDemoLogins(summary: Pick<DemoSummary, 'logins' | 'password'>): string {
  const lines = summary.logins.map(
    (l) =>
      `  ${l.role.padEnd(10)} ${l.phone}  ${l.displayName} (${l.household}${l.note ? `, ${l.note}` : ''})`,
  );
  return [`Demo logins (password for all: ${summary.password}):`, ...lines].join('\n');
}

export async function demoCommand(argv: string[], io: Io): Promise<number> {
  const { values } = parseOrUsage(DEMO_USAGE, () =>
    parseArgs({ args: argv, options: { help: HELP_OPTION } }),
  );
  if (values.help) {
    io.out(DEMO_USAGE);
    return 0;
  }
  const started = performance.now();
  const summary = await withDatabase(io, 'demo', async (container, _handle, config) => {
    try {
      const s = await seedDemo(container.db, container);
      // The group buys go through the API, as its people would make them (src/seed/demo-buys.ts).
      const { buildApp } = await import('../../http/app.ts');
      const { seedDemoBuys } = await import('../../seed/demo-buys.ts');
      const app = await buildApp(container, { logger: false });
      try {
        const { buys } = await seedDemoBuys(
          app,
          container.db,
          container,
          s.communityId,
          s.neighbour.communityId,
        );
        io.err(`Seeded into ${describeDb(config)} in ${Math.round(performance.now() - started)} ms.`);
        return { ...s, buys };
      } finally {
        await app.close();
      }
    } catch (err) {
      if (err instanceof DemoAlreadySeededError) throw new CommandError(err.message);
      throw err;
    }
  });
  io.out(
    `${summary.communityName}: ${summary.households} households, ${summary.members} members, ` +
      `${summary.proxies} proxy households, ${summary.pendingClaims} pending claims.`,
  );
  io.out(summary.buys.map((b) => `  ${b.title}: ${b.status}, ${b.orders} orders`).join('\n'));
  io.out(formatDemoLogins(summary));
  return 0;
}
