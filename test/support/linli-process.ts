/**
 * Real `node bin/linli.js` processes for the crash-safety and multi-instance tests: a fresh data location
 * (a temp folder for PGlite, a throw-away database on TEST_DATABASE_URL's server for PostgreSQL), `linli seed`,
 * `linli serve --no-demo --no-web` on a free port, and the API calls those tests make.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;

export type DbTier = 'pglite' | 'postgres';
export const dbTier = (): DbTier => (process.env.LINLI_TEST_DB === 'postgres' ? 'postgres' : 'pglite');

export interface DataLocation {
  tier: DbTier;
  /** LINLI_DATA_DIR or DATABASE_URL for the child processes. */
  env: Record<string, string>;
  /** A direct connection for checks the API does not offer (PostgreSQL only). */
  url?: string;
  cleanup(): Promise<void>;
}

export async function freshData(tier: DbTier = dbTier()): Promise<DataLocation> {
  if (tier === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'linli-proc-'));
    return {
      tier,
      env: { LINLI_DATA_DIR: join(dir, 'data') },
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('the postgres tier needs TEST_DATABASE_URL');
  const name = `linli_p_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    tier,
    env: { DATABASE_URL: url.toString() },
    url: url.toString(),
    cleanup: async () => {
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

export interface SeedFile {
  communityId: string;
  admin: { token: string };
  leader: { token: string };
  households: { householdId: string; label: string; token: string }[];
}

export async function seedHouseholds(data: DataLocation, households: number): Promise<SeedFile> {
  const dir = mkdtempSync(join(tmpdir(), 'linli-seed-'));
  const out = join(dir, 'seed.json');
  try {
    await run(process.execPath, ['bin/linli.js', 'seed', '--households', String(households), '--out', out], {
      cwd: root,
      env: { ...process.env, ...data.env },
      maxBuffer: 16 * 1024 * 1024,
    });
    return JSON.parse(readFileSync(out, 'utf8')) as SeedFile;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface ServeProcess {
  url: string;
  pid: number;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** SIGKILL: no shutdown code runs (the crash the tests simulate). Resolves once the process is gone. */
  kill9(): Promise<void>;
  /** SIGTERM, the graceful stop. */
  stop(): Promise<void>;
}

/** Spawns `node bin/linli.js serve --no-demo --no-web` on a free port; resolves once /healthz answers. */
export async function spawnServe(
  data: DataLocation,
  env: Record<string, string> = {},
  timeoutMs = 120_000,
): Promise<ServeProcess> {
  const started = Date.now();
  const child = spawn(process.execPath, ['bin/linli.js', 'serve', '--no-demo', '--no-web'], {
    cwd: root,
    env: { ...process.env, ...data.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (output += b.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /Linli is running at (http:\/\/\S+)/.exec(output);
      if (m) {
        clearInterval(timer);
        resolve(m[1]!);
      } else if (child.exitCode !== null || Date.now() - started > timeoutMs) {
        clearInterval(timer);
        child.kill('SIGKILL');
        reject(new Error(`linli serve did not start (exit ${child.exitCode}):\n${output}`));
      }
    }, 20);
  });
  const res = await fetch(`${url}/healthz`);
  if (!res.ok) throw new Error(`/healthz answered ${res.status}`);
  const kill = (signal: NodeJS.Signals) => async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { url, pid: child.pid!, child, output: () => output, kill9: kill('SIGKILL'), stop: kill('SIGTERM') };
}

export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
}

/** One JSON request with a bearer token; network failures are thrown (the caller decides what they mean). */
export async function call<T = Record<string, unknown>>(
  url: string,
  token: string,
  method = 'GET',
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ApiAnswer<T>> {
  const res = await fetch(url, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

export interface BuyItemView {
  id: string;
  stock: number | null;
  allocatedQty: number;
  waitlistedQty: number;
}
export interface OrderLineView {
  itemId: string;
  qty: number;
  allocatedQty: number;
  waitlistedQty: number;
}
export interface OrderView {
  id: string;
  seq: number;
  householdId: string;
  status: string;
  lines: OrderLineView[];
  amountFen: number;
}

/**
 * The households whose 接龙 line the buy's stored events carry: its event stream replayed from the start
 * (Last-Event-ID 0), read up to the `replayed` event that ends the replay.
 */
export async function eventLabels(url: string, token: string, buyId: string): Promise<Set<string>> {
  const res = await fetch(`${url}/api/buys/${buyId}/events`, {
    headers: { authorization: `Bearer ${token}`, 'last-event-id': '0' },
  });
  if (res.status !== 200 || !res.body) throw new Error(`events: ${res.status}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!text.includes('event: replayed')) {
    const { value, done } = await reader.read();
    if (done) throw new Error('the stream ended before its replay did');
    text += decoder.decode(value, { stream: true });
  }
  await reader.cancel();
  return new Set(
    [...text.matchAll(/"householdLabel":("(?:[^"\\]|\\.)*")/g)].map((m) => JSON.parse(m[1]!) as string),
  );
}

/** How many notices of this type about this buy the household's feed shows. */
export async function noticesOf(
  url: string,
  token: string,
  communityId: string,
  buyId: string,
  type: string,
) {
  const res = await fetch(`${url}/api/communities/${communityId}/notifications?limit=50`, {
    headers: { authorization: `Bearer ${token}` },
  });
  if (res.status !== 200) throw new Error(`notifications: ${res.status}`);
  const { notifications } = (await res.json()) as { notifications: { type: string; buyId: string | null }[] };
  return notifications.filter((n) => n.type === type && n.buyId === buyId).length;
}

/** Creates and publishes a buy with one item; returns the buy and item ids. */
export async function openBuy(
  url: string,
  seed: SeedFile,
  item: { stock: number; perHouseholdMax: number },
  deadline = new Date(Date.now() + 3600_000),
): Promise<{ buyId: string; itemId: string }> {
  const created = await call<{ id: string; items: { id: string }[] }>(
    `${url}/api/communities/${seed.communityId}/buys`,
    seed.leader.token,
    'POST',
    {
      title: '抢购鸡蛋',
      deadline: deadline.toISOString(),
      items: [{ name: '鸡蛋', unit: '盒', priceFen: 2500, ...item }],
    },
  );
  if (created.status !== 201)
    throw new Error(`create buy: ${created.status} ${JSON.stringify(created.body)}`);
  const buyId = created.body.id;
  const published = await call(`${url}/api/buys/${buyId}/publish`, seed.leader.token, 'POST');
  if (published.status !== 200) throw new Error(`publish: ${published.status}`);
  return { buyId, itemId: created.body.items[0]!.id };
}

/** Every order of a buy (the leader's paged list). */
export async function allOrders(url: string, token: string, buyId: string): Promise<OrderView[]> {
  const out: OrderView[] = [];
  let after: number | null = 0;
  while (after !== null) {
    const page: ApiAnswer<{ orders: OrderView[]; nextAfter: number | null }> = await call(
      `${url}/api/buys/${buyId}/orders${after ? `?after=${after}` : ''}`,
      token,
    );
    if (page.status !== 200) throw new Error(`orders: ${page.status}`);
    out.push(...page.body.orders);
    after = page.body.nextAfter;
  }
  return out;
}

export async function buyItem(url: string, token: string, buyId: string): Promise<BuyItemView> {
  const r = await call<{ items: BuyItemView[] }>(`${url}/api/buys/${buyId}`, token);
  if (r.status !== 200) throw new Error(`buy: ${r.status}`);
  return r.body.items[0]!;
}

/**
 * The rush invariants on one single-item buy: no oversell, allocated + waitlisted = qty on every line, the
 * item's counters equal the sum of the lines, nobody holds stock while an earlier order waits, at most one
 * live order per household. Returns the problems found (empty when all hold).
 */
export function rushInvariants(item: BuyItemView, orders: readonly OrderView[]): string[] {
  const problems: string[] = [];
  let allocated = 0;
  let waitlisted = 0;
  let sawWaiting = false;
  const households = new Set<string>();
  for (const o of [...orders].sort((a, b) => a.seq - b.seq)) {
    if (o.status === 'cancelled') continue;
    if (households.has(o.householdId)) problems.push(`two live orders for ${o.householdId}`);
    households.add(o.householdId);
    for (const l of o.lines) {
      allocated += l.allocatedQty;
      waitlisted += l.waitlistedQty;
      if (l.allocatedQty + l.waitlistedQty !== l.qty)
        problems.push(`seq ${o.seq}: allocated + waitlisted ≠ qty`);
      if (sawWaiting && l.allocatedQty > 0)
        problems.push(`seq ${o.seq} holds stock while an earlier one waits`);
      if (l.waitlistedQty > 0) sawWaiting = true;
    }
  }
  if (item.stock !== null && allocated > item.stock) problems.push(`oversold: ${allocated} > ${item.stock}`);
  if (allocated !== item.allocatedQty)
    problems.push(`lines allocate ${allocated}, item says ${item.allocatedQty}`);
  if (waitlisted !== item.waitlistedQty)
    problems.push(`lines wait ${waitlisted}, item says ${item.waitlistedQty}`);
  return problems;
}
