/**
 * A rush after a quiet spell: three rushes a few seconds apart on one server (as bench/rush.ts), then nothing
 * for `quietSeconds`, then a fourth rush on a new buy, as when the leader opens the next buy minutes or hours
 * after the last. Run twice per database, alternating: with `npm start`'s node flags, and with V8's memory
 * reducer turned back on (`--memory-reducer`, V8's default, which `npm start` turns off): some tens of seconds
 * into a quiet spell the reducer's collections hand memory back and drop much of the code optimised for the
 * rush (docs/operations.md). Not in the default run (it idles): `npm run bench -- quiet`.
 */
import { rushOnBuy, serverThreads } from './rush.ts';
import { type DbKind, fmt, onSeededServer, table } from './support.ts';

export type QuietVariant = 'npm start' | 'memory reducer on';

interface QuietRush {
  joinsPerSec: number;
  p99: number;
  serverCpuPerJoin: number;
  /** Of the server's, its main thread's. */
  mainThreadPerJoin: number;
  /** Of the server's, the embedded database thread's (NaN on PostgreSQL). */
  databaseThreadPerJoin: number;
}

export interface QuietResult {
  db: DbKind;
  variant: QuietVariant;
  /** The third rush, seconds after the second. */
  third: QuietRush;
  /** The rush after the quiet spell. */
  afterQuiet: QuietRush;
  quietSeconds: number;
  /** The server's resident memory after the third rush and after the quiet spell. */
  rssMb: { beforeQuiet: number; afterQuiet: number };
  errors: number;
  invariants: string;
}

const VARIANT_ARGS: Record<QuietVariant, string[]> = {
  'npm start': [],
  'memory reducer on': ['--memory-reducer'],
};

async function quietOnce(
  db: DbKind,
  variant: QuietVariant,
  households: number,
  quietSeconds: number,
): Promise<QuietResult> {
  return onSeededServer(
    db,
    households,
    3907,
    async (server, seeded) => {
      const pause = () => new Promise((r) => setTimeout(r, 5_500));
      const rushes = [await rushOnBuy(server, seeded, '抢购鸡蛋', 200)];
      await pause();
      rushes.push(await rushOnBuy(server, seeded, '再抢鸡蛋', 200));
      await pause();
      rushes.push(await rushOnBuy(server, seeded, '三抢鸡蛋', 200));
      const beforeQuiet = server.rssKb() / 1024;
      await new Promise((r) => setTimeout(r, quietSeconds * 1000));
      const afterQuietRss = server.rssKb() / 1024;
      const after = await rushOnBuy(server, seeded, '过后再抢', 200);
      rushes.push(after);
      const third = rushes[2]!;
      const pick = (r: typeof after) => ({
        joinsPerSec: r.joinsPerSec,
        p99: r.p99,
        serverCpuPerJoin: r.cpuPerJoin.server,
        mainThreadPerJoin: r.mainThreadPerJoin,
        databaseThreadPerJoin: r.databaseThreadPerJoin,
      });
      const bad = rushes.find((r) => !r.invariants.startsWith('ok'));
      return {
        db,
        variant,
        third: pick(third),
        afterQuiet: pick(after),
        quietSeconds,
        rssMb: { beforeQuiet, afterQuiet: afterQuietRss },
        errors: rushes.reduce((n, r) => n + r.errors, 0),
        invariants: bad ? bad.invariants : after.invariants,
      };
    },
    { nodeArgs: VARIANT_ARGS[variant] },
  );
}

/** Each database: npm start's flags, then the memory reducer on, `rounds` times, alternating. */
export async function quiet(
  kinds: readonly DbKind[],
  options: { rounds?: number; households?: number; quietSeconds?: number } = {},
): Promise<QuietResult[]> {
  const { rounds = 1, households = 5000, quietSeconds = 90 } = options;
  const results: QuietResult[] = [];
  for (let round = 0; round < rounds; round++)
    for (const db of kinds)
      for (const variant of Object.keys(VARIANT_ARGS) as QuietVariant[])
        results.push(await quietOnce(db, variant, households, quietSeconds));
  return results;
}

export function printQuiet(results: readonly QuietResult[]): void {
  const q = results[0]?.quietSeconds ?? 0;
  console.log(
    `\n## A rush after a quiet spell: three rushes seconds apart, ${q} s of nothing, a fourth rush`,
  );
  table(
    results.map((r) => ({
      db: r.db,
      'node flags': r.variant,
      'third rush joins/s': fmt(r.third.joinsPerSec),
      'after the quiet joins/s': fmt(r.afterQuiet.joinsPerSec),
      'after ÷ third': fmt(r.afterQuiet.joinsPerSec / r.third.joinsPerSec, 2),
      'p99 ms third / after': `${fmt(r.third.p99)} / ${fmt(r.afterQuiet.p99)}`,
      'server CPU µs/join third / after': `${fmt(r.third.serverCpuPerJoin)} / ${fmt(r.afterQuiet.serverCpuPerJoin)}`,
      'of which main / db thread / V8 helpers, third → after': `${serverThreads(r.third)} → ${serverThreads(r.afterQuiet)}`,
      'RSS MB before / after the quiet': `${fmt(r.rssMb.beforeQuiet)} / ${fmt(r.rssMb.afterQuiet)}`,
      errors: r.errors,
      invariants: r.invariants,
    })),
  );
}
