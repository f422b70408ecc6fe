/** Shared pieces of the benchmarks: a Linli server in a child process, seeding, and HTTP helpers. */
import { spawn, execFile, fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';

const run = promisify(execFile);
export const root = new URL('..', import.meta.url).pathname;

export type DbKind = 'pglite' | 'postgres';

export interface SeedFile {
  communityId: string;
  admin: { token: string };
  leader: { token: string };
  households: { householdId: string; label: string; token: string }[];
}

/**
 * The PostgreSQL server the benchmarks create their throw-away databases on (BENCH_DATABASE_URL). Load only
 * ever goes to this machine: another host is refused.
 */
export function adminDatabaseUrl(): string {
  const url = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const host = new URL(url).hostname;
  if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host))
    throw new Error(`BENCH_DATABASE_URL must point at this machine (127.0.0.1), not ${host}`);
  return url;
}

/** A fresh data location: a temp folder for PGlite, a throw-away database for PostgreSQL. */
export async function freshData(
  kind: DbKind,
): Promise<{ env: Record<string, string>; cleanup(): Promise<void> }> {
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'linli-bench-'));
    return {
      env: { LINLI_DATA_DIR: dir },
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const adminUrl = adminDatabaseUrl();
  const name = `linli_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    env: { DATABASE_URL: url.toString() },
    cleanup: async () => {
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

export async function seed(
  env: Record<string, string>,
  households: number,
  buildings?: number,
): Promise<SeedFile> {
  const out = join(mkdtempSync(join(tmpdir(), 'linli-seed-')), 'seed.json');
  const args = ['bin/linli.js', 'seed', '--households', String(households), '--out', out];
  if (buildings !== undefined) args.push('--buildings', String(buildings));
  await run(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(readFileSync(out, 'utf8')) as SeedFile;
}

export interface Server {
  url: string;
  pid: number;
  rssKb(): number;
  stop(): Promise<void>;
  /** `kill -9`: gone at once, mid-write (bench/crash.ts). Resolves when it has exited. */
  kill9(): Promise<void>;
}

/** The node flags `npm start` gives the server (package.json's start script), so the benches run it the same way. */
export function startScriptNodeArgs(): string[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const words = pkg.scripts.start.split(/\s+/);
  return words
    .slice(words.indexOf('node') + 1, words.indexOf('bin/linli.js'))
    .filter((w) => w.startsWith('--'));
}

/**
 * Starts `linli serve --no-demo --no-web` (with npm start's node flags) and resolves once /healthz answers
 * (polled every `pollMs`). With `web`, it serves the web app too (bench/phone.ts). `BENCH_SERVER_NODE_ARGS` (words
 * split at spaces) are given to every server a bench starts, after its own: e.g. `--cpu-prof --cpu-prof-dir=DIR`
 * for a CPU profile of each, written when it stops.
 */
export async function startServer(
  env: Record<string, string>,
  port: number,
  nodeArgs: readonly string[] = [],
  { pollMs = 100, web = false }: { pollMs?: number; web?: boolean } = {},
): Promise<Server> {
  // Through bash, to raise the open-file limit to the hard limit (10,000 SSE connections need 10,000 fds).
  const command = [
    process.execPath,
    ...startScriptNodeArgs(),
    ...nodeArgs,
    ...(process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean),
    'bin/linli.js',
    'serve',
    '--no-demo',
    ...(web ? [] : ['--no-web']),
  ];
  const child: ChildProcess = spawn(
    'bash',
    ['-c', 'ulimit -n "$(ulimit -Hn)"; exec "$@"', 'bash', ...command],
    {
      cwd: root,
      env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
      stdio: ['ignore', process.env.BENCH_SERVER_STDOUT ? 'inherit' : 'ignore', 'inherit'],
    },
  );
  return served(child, port, pollMs);
}

/**
 * `run` on a server of its own: a fresh database of `db`'s kind seeded with `households`, and `linli serve` on
 * `port`; the server is stopped and the database dropped afterwards, whatever `run` did.
 */
export async function onSeededServer<T>(
  db: DbKind,
  households: number,
  port: number,
  run: (server: Server, seeded: SeedFile) => Promise<T>,
  { nodeArgs = [], buildings }: { nodeArgs?: readonly string[]; buildings?: number } = {},
): Promise<T> {
  const data = await freshData(db);
  try {
    const seeded = await seed(data.env, households, buildings);
    const server = await startServer(data.env, port, nodeArgs);
    try {
      return await run(server, seeded);
    } finally {
      await server.stop();
    }
  } finally {
    await data.cleanup();
  }
}

/**
 * A server child (Linli's, or bench/trivial-server.ts) once its GET /healthz on 127.0.0.1:`port` answers 200,
 * polled every `pollMs` for up to 60 s; throws if it exits first.
 */
export async function served(child: ChildProcess, port: number, pollMs = 100): Promise<Server> {
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      // not up yet
    }
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error('server did not start in 60 s');
    await new Promise((r) => setTimeout(r, pollMs));
  }
  return {
    url,
    pid: child.pid!,
    rssKb: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    },
    stop: () => signalled(child, 'SIGTERM'),
    kill9: () => signalled(child, 'SIGKILL'),
  };
}

/** Sends `signal` to a child; resolves once it has exited (at once if it already had). */
function signalled(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

export async function api<T>(url: string, token: string, method = 'GET', body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

/** Every order of a buy, following GET …/orders' pages (10,000 each). */
export async function allOrders<T>(url: string, buyId: string, token: string): Promise<T[]> {
  const orders: T[] = [];
  for (let after: number | null = 0; after !== null;) {
    const page: { orders: T[]; nextAfter: number | null } = await api(
      `${url}/api/buys/${buyId}/orders${after > 0 ? `?after=${after}` : ''}`,
      token,
    );
    orders.push(...page.orders);
    after = page.nextAfter;
  }
  return orders;
}

/** The q-quantile of sorted values (NaN for none). */
export const quantile = (sorted: readonly number[], q: number): number =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : Number.NaN;

/** A load-tool child process running one of these benches' client files (TypeScript, through tsx). */
export function forkClient(file: string): ChildProcess {
  return fork(new URL(file, import.meta.url).pathname, [], {
    execArgv: ['--import', 'tsx'],
    stdio: 'inherit',
  });
}

export const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function table(rows: Record<string, string | number>[]): void {
  console.table(rows);
}

/** CPU seconds (user + system) in a /proc stat file (clock ticks of 1/100 s); 0 once it is gone. */
function statCpuSeconds(path: string): number {
  try {
    const stat = readFileSync(path, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0; // gone meanwhile
  }
}

/** CPU seconds (user + system) a process has used so far, all its threads. */
export function cpuSeconds(pid: number): number {
  return statCpuSeconds(`/proc/${pid}/stat`);
}

/** CPU seconds a process's main thread (the one running its JavaScript event loop) has used so far. */
export function mainThreadCpuSeconds(pid: number): number {
  return statCpuSeconds(`/proc/${pid}/task/${pid}/stat`);
}

/** CPU seconds used so far by every PostgreSQL process of this machine (the server and its backends). */
export function postgresCpuSeconds(): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres')
        total += cpuSeconds(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/**
 * Where the CPU went during a measured stretch: this process (the load tool), the server (and, of it, its main
 * thread), PostgreSQL.
 */
export function cpuMeter(
  serverPid: number,
): () => { loadTool: number; server: number; serverMain: number; postgres: number } {
  const tool0 = process.cpuUsage();
  const server0 = cpuSeconds(serverPid);
  const main0 = mainThreadCpuSeconds(serverPid);
  const pg0 = postgresCpuSeconds();
  return () => {
    const tool = process.cpuUsage(tool0);
    return {
      loadTool: (tool.user + tool.system) / 1e6,
      server: cpuSeconds(serverPid) - server0,
      serverMain: mainThreadCpuSeconds(serverPid) - main0,
      postgres: postgresCpuSeconds() - pg0,
    };
  };
}

/**
 * One autocannon run. `onResponse` runs at every answer, from autocannon's `response` event: a request's own
 * `onResponse` would make autocannon turn every answer's headers into an object (lodash) first, load-tool CPU
 * that GET /healthz, the ratio's denominator, does not spend.
 */
export function cannon(opts: autocannon.Options, onResponse?: () => void): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const instance = autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
    if (onResponse) instance.on('response', onResponse);
  });
}

/** One request of a run: what its bytes say. */
export interface Prepared {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer;
}

/** A request's bytes as autocannon writes them (its own request builder's layout). */
function rawRequest(host: string, r: Prepared): Buffer {
  let head = `${r.method} ${r.path} HTTP/1.1\r\nHost: ${host}\r\nConnection: keep-alive\r\n`;
  for (const [name, value] of Object.entries(r.headers ?? {})) head += `${name}: ${value}\r\n`;
  if (r.body && r.body.length > 0) head += `Content-Length: ${r.body.length}\r\n`;
  const bytes = Buffer.from(head + '\r\n');
  return r.body && r.body.length > 0 ? Buffer.concat([bytes, r.body]) : bytes;
}

/** What of autocannon's client this bench reaches into (lib/httpClient.js, lib/requestIterator.js, 9.x). */
interface ClientInside {
  responseMax: number;
  requestIterator: {
    requests: { requestBuffer: Buffer }[];
    currentRequest: { requestBuffer: Buffer };
    currentRequestIndex: number;
  };
}

/** What a caller of `sendAll` is told as the answers come. */
export interface SendHooks {
  /**
   * When the run's first request is written (its clients made and its first connection open): where a measured
   * stretch starts. Making 200 clients and their requests' bytes took the load tool 4–9 ms before the server had
   * anything to do (1–2 % of a rush on the twenty-third session's machine; 20–45 ms under a CPU profiler).
   */
  onFirstRequest?: () => void;
  /** At every answer. */
  onResponse?: () => void;
  /**
   * At the last answer, once every request has one: where a measured stretch ends. autocannon itself finishes
   * at its next one-second tick, and what the server does meanwhile (the notifier's work after a rush) is not
   * the requests' own.
   */
  onLast?: () => void;
}

/**
 * Each request of `requests` once, from `connections` keep-alive connections, each answered within 30 s (the
 * rush's shape); `hooks` run as the answers come. Connection c sends requests c, c + connections, c + 2 ×
 * connections … (autocannon gives each connection that many), so they go out in about the order given.
 *
 * Every request's bytes are made before the run, and each connection gets its own list of them as it is made.
 * Before, one `setupRequest` picked the next request and autocannon rebuilt its bytes at every send: a third
 * of the load tool's CPU per join, which a GET /healthz (the ratio's denominator, one fixed request) does not
 * spend.
 */
export function sendAll(
  url: string,
  connections: number,
  requests: readonly Prepared[] | SharedOut,
  hooks: SendHooks = {},
): Promise<autocannon.Result> {
  const { shares, count } = 'shares' in requests ? requests : shareOut(url, connections, requests);
  let answered = 0;
  const onResponse = () => {
    hooks.onResponse?.();
    if (++answered === count) hooks.onLast?.();
  };
  let made = 0;
  let sent = false;
  const onRequest = () => {
    if (sent) return;
    sent = true;
    hooks.onFirstRequest?.();
  };
  return cannon(
    {
      url,
      connections,
      amount: count,
      timeout: 30,
      setupClient: (client) => {
        const inside = client as unknown as ClientInside;
        const mine = shares[made++] ?? [];
        const it = inside.requestIterator;
        if (mine.length !== inside.responseMax || !Array.isArray(it?.requests))
          throw new Error("sendAll: autocannon's client is not the one this bench knows (9.x)");
        it.requests = mine;
        it.currentRequestIndex = 0;
        it.currentRequest = mine[0]!;
        if (hooks.onFirstRequest) (client as unknown as NodeJS.EventEmitter).once('request', onRequest);
      },
    },
    onResponse,
  );
}

/** Requests' bytes made and dealt out to `connections` connections (`sendAll`), ahead of a run. */
export interface SharedOut {
  shares: { requestBuffer: Buffer }[][];
  count: number;
}

/** Makes the bytes of every request and deals them out, connection c taking c, c + connections, … */
export function shareOut(url: string, connections: number, requests: readonly Prepared[]): SharedOut {
  const host = new URL(url).host;
  const shares = Array.from({ length: connections }, (): { requestBuffer: Buffer }[] => []);
  requests.forEach((r, i) => shares[i % connections]!.push({ requestBuffer: rawRequest(host, r) }));
  return { shares, count: requests.length };
}

/** A `sendAll` run on one server, timed and metered to its last answer. */
export interface MeasuredRun {
  run: autocannon.Result;
  /** performance.now() when the first request was written, and at the last answer. */
  start: number;
  last: number;
  /** Milliseconds from the run's call to its first request (the load tool making its clients: not timed). */
  setupMs: number;
  /**
   * The CPU used from the run's call to the last answer (`cpuMeter`): the load tool's setup included, so a
   * join's CPU reads a little high rather than low.
   */
  used: ReturnType<ReturnType<typeof cpuMeter>>;
  /**
   * Of the server's, the embedded database thread's CPU seconds (`linli_database_thread_cpu_seconds` read
   * before the start and at the last answer); null when the server has no such thread (PostgreSQL).
   */
  databaseThread: number | null;
}

/** The server's /metrics text. */
export async function metricsText(url: string): Promise<string> {
  return (await fetch(`${url}/metrics`)).text();
}

/** A Prometheus sample's value in a /metrics text (0 when absent). */
export function sample(text: string, name: string): number {
  return Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
}

/**
 * Watches a counter on a server's /metrics (every `everyMs`) until stopped; `stop` resolves to when it last
 * moved (performance.now()), or null if it never did.
 */
export function counterMoves(url: string, name: string, everyMs = 100): { stop(): Promise<number | null> } {
  let movedAt: number | null = null;
  let stopped = false;
  const done = (async () => {
    let value: number | null = null;
    while (!stopped) {
      const now = await metricsText(url).then(
        (text) => sample(text, name),
        () => value,
      );
      if (value !== null && now !== value) movedAt = performance.now();
      value = now;
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await done;
      return movedAt;
    },
  };
}

/** The embedded database thread's CPU seconds so far (null: the server has none, or does not say). */
async function databaseThreadSeconds(url: string): Promise<number | null> {
  const text = await metricsText(url);
  return /^linli_database_thread_cpu_seconds \S+$/m.test(text)
    ? sample(text, 'linli_database_thread_cpu_seconds')
    : null;
}

/** `sendAll` to one server, with its time and its CPU (server, PostgreSQL, load tool) read at the last answer. */
export async function measuredRun(
  url: string,
  serverPid: number,
  connections: number,
  requests: readonly Prepared[],
): Promise<MeasuredRun> {
  const db0 = await databaseThreadSeconds(url);
  // The requests' bytes are the load tool's input, made before its clock and its CPU meter start.
  const shared = shareOut(url, connections, requests);
  const cpu = cpuMeter(serverPid);
  const called = performance.now();
  let start = called;
  let last = start;
  let atLast: ReturnType<typeof cpu> | null = null;
  let dbAtLast: Promise<number | null> | null = null;
  const run = await sendAll(url, connections, shared, {
    onFirstRequest: () => (start = performance.now()),
    onResponse: () => (last = performance.now()),
    onLast: () => {
      atLast = cpu();
      dbAtLast = databaseThreadSeconds(url);
    },
  });
  const used = atLast ?? cpu();
  const db1 = await (dbAtLast ?? databaseThreadSeconds(url));
  return {
    run,
    start,
    last,
    setupMs: start - called,
    used,
    databaseThread: db0 === null || db1 === null ? null : db1 - db0,
  };
}
