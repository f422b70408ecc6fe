/**
 * The issue's own yardstick, measured in the same run as the rush: a trivial in-memory Fastify handler
 * (bench/trivial-server.ts) taking the rush's 5,000 joins from 200 connections with the same load tool, three
 * times on one server as the rush does, and its joins/s ÷ its own GET /healthz/s. The issue says it reaches
 * 0.55–0.7 "on this 2-core box"; printed beside the rush so that the goal's 0.3 can be read against what the
 * machine of the day gives a handler that does nothing durable. Then the same handler as a load tool's command
 * line would measure it: one fixed PUT sent again and again for 5 s from 200 connections, against the same
 * healthz (`fixed`). Not a goal.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { joinRequests, RUSH_PHASES, type RushPhase } from './rush.ts';
import { cannon, fmt, measuredRun, root, served, startScriptNodeArgs } from './support.ts';

export interface TrivialResult {
  round: number;
  /** The rush's three, or a 5-s run of one fixed PUT ('5 s of one PUT'). */
  phase: RushPhase | 'fixed';
  healthzPerSec: number;
  joinsPerSec: number;
  ratio: number;
  p99: number;
  errors: number;
  /** CPU µs per join: the handler's process, the load tool. */
  cpuPerJoin: { server: number; loadTool: number };
}

/** The trivial server on `port`, with npm start's node flags; resolves once /healthz answers. */
function startTrivial(port: number) {
  const child = spawn(
    process.execPath,
    [...startScriptNodeArgs(), '--import', 'tsx', 'bench/trivial-server.ts'],
    { cwd: root, env: { ...process.env, PORT: String(port) }, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  return served(child, port);
}

/** One round: 5 s of healthz, then the rush's requests three times (a second apart), as bench/rush.ts does. */
export async function trivialRush(round: number, households = 5000, connections = 200, port = 3991) {
  const server = await startTrivial(port);
  try {
    const healthz = await cannon({ url: `${server.url}/healthz`, connections, duration: 5 });
    const tokens = Array.from({ length: households }, () => ({ token: `lin_${randomUUID()}` }));
    const results: TrivialResult[] = [];
    for (const phase of RUSH_PHASES) {
      await new Promise((r) => setTimeout(r, 1000));
      const requests = joinRequests(randomUUID(), randomUUID(), tokens);
      const { run, start, last, used } = await measuredRun(server.url, server.pid, connections, requests);
      const joinsPerSec = run['2xx'] / ((last - start) / 1000);
      results.push({
        round,
        phase,
        healthzPerSec: healthz.requests.average,
        joinsPerSec,
        ratio: joinsPerSec / healthz.requests.average,
        p99: run.latency.p99,
        errors: run.errors + run.non2xx,
        cpuPerJoin: {
          server: (used.server * 1e6) / run['2xx'],
          loadTool: (used.loadTool * 1e6) / run['2xx'],
        },
      });
    }
    await new Promise((r) => setTimeout(r, 1000));
    const fixed = await cannon({
      url: `${server.url}/api/buys/${randomUUID()}/orders/mine`,
      method: 'PUT',
      connections,
      duration: 5,
      headers: { authorization: `Bearer ${tokens[0]!.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ lines: [{ itemId: randomUUID(), qty: 2 }] }),
    });
    results.push({
      round,
      phase: 'fixed',
      healthzPerSec: healthz.requests.average,
      joinsPerSec: fixed.requests.average,
      ratio: fixed.requests.average / healthz.requests.average,
      p99: fixed.latency.p99,
      errors: fixed.errors + fixed.non2xx,
      cpuPerJoin: { server: Number.NaN, loadTool: Number.NaN },
    });
    return results;
  } finally {
    await server.stop();
  }
}

export function printTrivial(results: readonly TrivialResult[]): void {
  console.log(
    "\n## The issue's yardstick: a trivial in-memory Fastify handler, the rush's requests, the same load tool",
  );
  console.table(
    results.map((r) => ({
      round: r.round,
      server: r.phase === 'fixed' ? '5 s of one PUT' : r.phase,
      'healthz/s': fmt(r.healthzPerSec),
      'joins/s': fmt(r.joinsPerSec),
      'joins/s ÷ healthz/s': fmt(r.ratio, 3),
      'p99 ms': r.p99,
      'CPU µs/join server+tool': Number.isNaN(r.cpuPerJoin.server)
        ? '-'
        : `${fmt(r.cpuPerJoin.server)}+${fmt(r.cpuPerJoin.loadTool)}`,
      errors: r.errors,
    })),
  );
}
