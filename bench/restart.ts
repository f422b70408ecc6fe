/**
 * Restart into a rush: the embedded database's server is started and 5,000 households join a new buy the
 * moment /healthz first answers, as when a server that crashed in the middle of a rush comes back to a queue of
 * retrying phones. Timed from the spawn to the last join answered, once with PGlite's WebAssembly compiled as
 * it runs (V8's default, what `linli serve` does) and once all optimised up front
 * (`LINLI_PGLITE_COMPILE=eager`), alternating, `rounds` times each. The eager compile buys a faster rush with a
 * slower start; this prints which wins, end to end.
 */
import { rushOnBuy } from './rush.ts';
import { fmt, freshData, seed, startServer } from './support.ts';

export type CompileMode = 'lazy' | 'eager';

export interface RestartResult {
  compile: CompileMode;
  round: number;
  /** Spawn to the first /healthz 200. */
  startMs: number;
  joinsPerSec: number;
  p99: number;
  errors: number;
  /** Spawn to the last join's response (the buy is created and published in between, ~0.1 s). */
  totalMs: number;
  invariants: string;
}

async function restartOnce(compile: CompileMode, round: number, households: number): Promise<RestartResult> {
  const data = await freshData('pglite');
  try {
    const seeded = await seed(data.env, households);
    const spawned = performance.now();
    const server = await startServer({ ...data.env, LINLI_PGLITE_COMPILE: compile }, 3906, [], {
      pollMs: 10,
    });
    const startMs = performance.now() - spawned;
    try {
      const r = await rushOnBuy(server, seeded, '重启后抢购', 200);
      return {
        compile,
        round,
        startMs,
        joinsPerSec: r.joinsPerSec,
        p99: r.p99,
        errors: r.errors,
        totalMs: r.lastResponseAt - spawned,
        invariants: r.invariants,
      };
    } finally {
      await server.stop();
    }
  } finally {
    await data.cleanup();
  }
}

export async function restart(rounds = 3, households = 5000): Promise<RestartResult[]> {
  const results: RestartResult[] = [];
  for (let round = 1; round <= rounds; round++)
    for (const compile of ['lazy', 'eager'] as const)
      results.push(await restartOnce(compile, round, households));
  return results;
}

/** The median of each figure per compile mode. */
export function restartMedians(results: readonly RestartResult[]): Record<CompileMode, number> {
  const median = (v: number[]) => {
    const s = [...v].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  };
  const of = (mode: CompileMode) => median(results.filter((r) => r.compile === mode).map((r) => r.totalMs));
  return { lazy: of('lazy'), eager: of('eager') };
}

export function printRestart(results: readonly RestartResult[]): void {
  console.log(
    '\n## Restart into a rush (embedded database): spawn → /healthz 200 → 5,000 joins, compiled as it runs or up front',
  );
  console.table(
    results.map((r) => ({
      compile: r.compile,
      round: r.round,
      'start ms': fmt(r.startMs),
      'joins/s': fmt(r.joinsPerSec),
      'p99 ms': r.p99,
      errors: r.errors,
      'spawn → last join ms': fmt(r.totalMs),
      invariants: r.invariants,
    })),
  );
  const m = restartMedians(results);
  console.log(
    `median spawn → last join: lazy ${fmt(m.lazy)} ms, eager ${fmt(m.eager)} ms (eager ÷ lazy ${fmt(m.eager / m.lazy, 2)})`,
  );
}
