/**
 * A crash in the middle of a rush, with the buy's pages open (`npm run bench -- crash`). The server is killed
 * with `kill -9` once `killAfter` of the 5,000 joins were acknowledged, and started again at once on the same
 * data and port, as a supervisor (systemd, a container's restart policy) would. Meanwhile:
 *
 * - the phones do what the web app does (web/src/retry.ts): a join that got no answer, or a 5xx, is sent again
 *   with the same Idempotency-Key after 0.5–1 s, 1–2 s and 2–4 s; after the fourth try the resident sees
 *   "failed, try again" and, in this bench, presses again 2–3 s later, with the same key (web/src/features/
 *   buys/api.ts keeps it for the same body);
 * - `pages` buy pages, open since before the rush, are cut; each comes back after the `retry:` its stream was
 *   given (2–6 s) with the Last-Event-ID of its last whole event, and keeps trying at that interval while the
 *   server is away (bench/crash-pages.ts);
 * - `bells` households' bells (`--crash-bells N`, none by default), open since before the rush, are cut too,
 *   and come back the same way (after their own `retry:`, 6–16 s); each is told its unread count by the server once it is back, and asks it
 *   only when a ring comes less than 2 s after that, as the tab bar's badge does (bench/crash-bells.ts).
 *
 * Printed: the kill → listening again → every phone answered → every page back timeline; how many phones were
 * in flight, retried, or shown the error; the pages' replay waits; and the invariants: every join acknowledged
 * before the kill stored as it was answered, each household's order exactly once (the retries of joins
 * committed just before the kill answered from their key), no oversell, and every page with every 接龙 line
 * exactly once, nothing lost or repeated across the crash; and the notices: every household left waiting by
 * a join acknowledged before the kill told so exactly once, and when the last was (the killed server held
 * them; the new one's sweep writes them).
 */
import type { ChildProcess } from 'node:child_process';
import http from 'node:http';
import { ApiError, NETWORK_ERROR, parseRetryAfter, toApiError } from '../web/src/api-client.ts';
import { jittered, retryDelay } from '../web/src/retry.ts';
import { buyItem, rushInvariants, type OrderView } from '../test/support/linli-process.ts';
import type { CrashPage } from './crash-pages.ts';
import type { CrashBellsReport } from './crash-bells.ts';
import { lastEventId } from './comeback.ts';
import { joinQty, openBuy, type Seeded, type Server } from './rush.ts';
import {
  allOrders,
  api,
  counterMoves,
  fmt,
  forkClient,
  freshData,
  quantile,
  seed,
  startServer,
  table,
  type DbKind,
} from './support.ts';

export interface CrashResult {
  db: DbKind;
  households: number;
  pages: number;
  /** Joins acknowledged before the kill, and sent but not answered when it came. */
  ackedBefore: number;
  inFlight: number;
  /** Of those in flight, how many had been committed (their retry was answered from the key). */
  committedUnanswered: number;
  /** From the kill: listening again (GET /healthz 200), every phone answered, every page back. */
  upMs: number;
  phonesMs: number;
  pagesMs: number;
  /** Tries after the first, all phones; phones shown "failed, try again" at least once. */
  retries: number;
  shownError: number;
  /** Phones whose final answer was not a 2xx. */
  failed: number;
  /** Pages: their attempts to reconnect (all pages), and their wait from the kill to `replayed`. */
  pageAttempts: number;
  pageP50: number;
  pageP99: number;
  pagesComplete: number;
  pagesWhole: number;
  /** Households whose join, acknowledged before the kill, left them waiting; of them told so once; told twice. */
  waitingBefore: number;
  waitingTold: number;
  toldTwice: number;
  /** From the kill: the last of them told (checked once the pages and the bells are back). */
  toldMs: number;
  /**
   * From the kill: the restarted server's last notice stored (`linli_notifications_stored_total` read every
   * 100 ms from its start: the sweep's and the retried joins'), whenever the pages and bells came back.
   */
  noticesMs: number | null;
  /** Bells open before the rush; of them back after the cut; from the kill, p99 and last back; refusals. */
  bells: number;
  bellsBack: number;
  bellsBackP50Ms: number;
  bellsBackP99Ms: number;
  bellsBackMs: number;
  bellsRefused: number;
  /** From the kill: p50 / p99 / last bell told its count once back. */
  bellCountP50Ms: number;
  bellCountP99Ms: number;
  bellCountMs: number;
  /** The count asks of the phones behind the bells: made, failed, p50 / p99 ms. */
  bellAsks: number;
  bellAskErrors: number;
  bellAskP50Ms: number;
  bellAskP99Ms: number;
  invariants: string;
}

/** How long after being shown the error a resident presses again (ms, jittered to half of it). */
const PRESS_AGAIN_MS = 3000;
const CONNECTIONS = 200;

interface PhoneAnswer {
  status: number;
  order?: Pick<OrderView, 'id' | 'seq' | 'lines'>;
  at: number;
}

/** One PUT of household i's join over the shared keep-alive agent. */
function put(
  onSent: () => void,
  agent: http.Agent,
  url: string,
  buyId: string,
  itemId: string,
  i: number,
  token: string,
): Promise<PhoneAnswer> {
  const body = JSON.stringify({ lines: [{ itemId, qty: joinQty(i) }] });
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${url}/api/buys/${buyId}/orders/mine`,
      {
        method: 'PUT',
        agent,
        timeout: 30_000,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'idempotency-key': `crash-${i}`,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          let parsed: unknown = null;
          try {
            parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            // not JSON: a proxy's page, or cut short
          }
          if (status >= 200 && status < 300)
            resolve({ status, order: (parsed as { order: OrderView }).order, at: performance.now() });
          else
            reject(
              toApiError(
                status,
                parsed,
                parseRetryAfter((res.headers['retry-after'] as string | undefined) ?? null),
              ),
            );
        });
      },
    );
    req.on('finish', onSent);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err) =>
      reject(err instanceof ApiError ? err : new ApiError(0, NETWORK_ERROR, err.message)),
    );
    req.end(body);
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** How many order_waitlisted notices about the buy each household's feed shows (20 asked at a time). */
async function waitlistNotices(
  url: string,
  communityId: string,
  buyId: string,
  tokens: readonly string[],
): Promise<number[]> {
  const counts: number[] = new Array<number>(tokens.length).fill(0);
  let next = 0;
  const worker = async () => {
    while (next < tokens.length) {
      const i = next++;
      const { notifications } = await api<{ notifications: { type: string; buyId: string | null }[] }>(
        `${url}/api/communities/${communityId}/notifications?limit=50`,
        tokens[i]!,
      );
      counts[i] = notifications.filter((n) => n.type === 'order_waitlisted' && n.buyId === buyId).length;
    }
  };
  await Promise.all(Array.from({ length: 20 }, worker));
  return counts;
}

async function openPages(url: string, buyId: string, tokens: string[]): Promise<ChildProcess[]> {
  const processes = Math.min(2, Math.max(1, Math.ceil(tokens.length / 500)));
  const children: ChildProcess[] = [];
  for (let p = 0; p < processes; p++) children.push(forkClient('./crash-pages.ts'));
  await Promise.all(
    children.map(
      (child, p) =>
        new Promise<void>((resolve) => {
          child.once('message', () => resolve());
          child.send({
            type: 'open',
            open: { url, buyId, tokens: tokens.filter((_, i) => i % processes === p) },
          });
        }),
    ),
  );
  return children;
}

/** `tokens`' bells, open (bench/crash-bells.ts), from up to two client processes. */
async function openBells(url: string, communityId: string, tokens: string[]): Promise<ChildProcess[]> {
  const processes = Math.min(2, Math.max(1, Math.ceil(tokens.length / 2500)));
  const children = Array.from({ length: processes }, () => forkClient('./crash-bells.ts'));
  await Promise.all(
    children.map(
      (child, p) =>
        new Promise<void>((resolve) => {
          child.once('message', () => resolve());
          const mine = tokens.filter((_, i) => i % processes === p);
          child.send({ type: 'open', open: { url, communityId, tokens: mine } });
        }),
    ),
  );
  return children;
}

/** Every bell's report, once each cut bell is back and its count asked (or `waitMs` passed). */
function bellReports(children: ChildProcess[], waitMs: number): Promise<CrashBellsReport> {
  return Promise.all(
    children.map(
      (child) =>
        new Promise<CrashBellsReport>((resolve) => {
          child.once('message', (m: { report: CrashBellsReport }) => resolve(m.report));
          child.send({ type: 'report', waitMs });
        }),
    ),
  ).then((all) => ({
    bells: all.flatMap((r) => r.bells),
    askMs: all.flatMap((r) => r.askMs).sort((a, b) => a - b),
    askErrors: all.reduce((n, r) => n + r.askErrors, 0),
  }));
}

function pageReports(children: ChildProcess[], lastId: number): Promise<CrashPage[]> {
  return Promise.all(
    children.map(
      (child) =>
        new Promise<CrashPage[]>((resolve) => {
          child.once('message', (m: { pages: CrashPage[] }) => resolve(m.pages));
          child.send({ type: 'report', lastId, waitMs: 20_000 });
        }),
    ),
  ).then((r) => r.flat());
}

async function crashOnce(
  db: DbKind,
  households: number,
  pages: number,
  killAfter: number,
  restartAfterMs: number,
  bells: number,
): Promise<CrashResult> {
  const data = await freshData(db);
  const port = 3921;
  const seeded: Seeded = await seed(data.env, households);
  let server: Server = await startServer(data.env, port);
  const children: ChildProcess[] = [];
  const bellClients: ChildProcess[] = [];
  try {
    const { created, itemId } = await openBuy(server, seeded, '抢购中途重启');
    const buyId = created.id;
    children.push(
      ...(await openPages(
        server.url,
        buyId,
        seeded.households.slice(0, pages).map((h) => h.token),
      )),
    );
    if (bells > 0)
      bellClients.push(
        ...(await openBells(
          server.url,
          seeded.communityId,
          seeded.households.slice(0, bells).map((h) => h.token),
        )),
      );
    await sleep(500);

    const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
    const answers = new Map<number, PhoneAnswer>();
    const ackedBefore = new Map<number, PhoneAnswer>();
    const sentAtKill = new Set<number>();
    const pending = new Set<number>();
    let killedAt = 0;
    let restarted: Promise<Server> | null = null;
    let deadAt = 0;
    let upAt = 0;
    let notices: ReturnType<typeof counterMoves> | null = null;
    let retries = 0;
    let shownError = 0;
    let failed = 0;
    const kill = () => {
      killedAt = performance.now();
      for (const i of pending) sentAtKill.add(i);
      restarted = server.kill9().then(async () => {
        deadAt = performance.now();
        // A supervisor that waits before it starts the server again (systemd's RestartSec=, a container's
        // restart back-off): the phones' retries must outlast it.
        if (restartAfterMs > 0) await sleep(restartAfterMs);
        // Its sweep writes the notices the killed one held when it first runs (5 s after the start): on the
        // embedded database by default; on PostgreSQL, where another instance could be holding them, when told
        // that they are orphans at once (docs/notifications.md).
        const orphans: Record<string, string> =
          db === 'pglite' ? {} : { LINLI_NOTICES_ORPHANED_AFTER_MS: '0' };
        // BENCH_RESTART_NODE_ARGS: node flags for the restarted server alone (`--cpu-prof --cpu-prof-dir=…`).
        const again = await startServer(
          { ...data.env, ...orphans },
          port,
          (process.env.BENCH_RESTART_NODE_ARGS ?? '').split(' ').filter(Boolean),
          { pollMs: 50 },
        );
        upAt = performance.now();
        notices = counterMoves(again.url, 'linli_notifications_stored_total');
        return again;
      });
    };

    const phone = async (i: number) => {
      const token = seeded.households[i]!.token;
      for (let shown = false; ;) {
        for (let attempt = 1; ; attempt++) {
          try {
            const answer = await put(() => pending.add(i), agent, server.url, buyId, itemId, i, token);
            pending.delete(i);
            answers.set(i, answer);
            if (!killedAt) {
              ackedBefore.set(i, answer);
              if (ackedBefore.size >= killAfter) kill();
            }
            return;
          } catch (err) {
            pending.delete(i);
            const delay = retryDelay(err, attempt);
            if (delay === null) {
              if (!(err instanceof ApiError) || err.status === 0 || err.status >= 500) break;
              failed++; // a 4xx: waiting will not change it
              return;
            }
            retries++;
            await sleep(delay);
          }
        }
        if (!shown) shownError++;
        shown = true;
        retries++;
        await sleep(jittered(PRESS_AGAIN_MS));
      }
    };
    await Promise.all(seeded.households.map((_, i) => phone(i)));
    const phonesAt = performance.now();
    agent.destroy();
    if (!restarted) throw new Error(`the rush ended before ${killAfter} joins were acknowledged`);
    server = await restarted;

    const upTo = await lastEventId(server, buyId, seeded.leader.token);
    const reports = await pageReports(children, upTo);
    // A bell comes back within its `retry:` of the server listening again, and asks up to 10 s after that.
    const rang =
      bells > 0
        ? await bellReports(bellClients, 45_000)
        : { bells: [] as CrashBellsReport['bells'], askMs: [], askErrors: 0 };
    const fromKill = (at: (b: CrashBellsReport['bells'][number]) => number | null) =>
      rang.bells
        .flatMap((b) => {
          const t = at(b);
          return t === null ? [] : [t - performance.timeOrigin - killedAt];
        })
        .sort((a, b) => a - b);
    const bellsBack = fromKill((b) => b.backAt);
    const bellsCounted = fromKill((b) => b.countAt);
    const orders = await allOrders<OrderView>(server.url, buyId, seeded.leader.token);
    const problems = rushInvariants(await buyItem(server.url, seeded.leader.token, buyId), orders);
    if (bellsCounted.length < bellsBack.length)
      problems.push(`${bellsBack.length - bellsCounted.length} bells back not told their count`);
    const byHousehold = new Map(orders.map((o) => [o.householdId, o]));
    if (orders.length !== households) problems.push(`${orders.length} orders for ${households} households`);
    for (const [i, a] of ackedBefore) {
      const stored = byHousehold.get(seeded.households[i]!.householdId);
      if (stored?.id !== a.order!.id || stored.seq !== a.order!.seq)
        problems.push(`join ${i} acknowledged before the kill is not stored as answered`);
    }
    for (const [i, a] of answers) {
      const stored = byHousehold.get(seeded.households[i]!.householdId);
      if (stored?.id !== a.order!.id)
        problems.push(`household ${i}'s answer names another order than stored`);
    }
    // Orders first placed after the restart have later seqs than any committed before the kill: a join in
    // flight at the kill, answered by the new server with an earlier seq, was committed and answered from its key.
    const afterRestart = [...answers].filter(([, a]) => a.at > deadAt);
    const firstAfter = Math.min(
      ...afterRestart.filter(([i]) => !sentAtKill.has(i)).map(([, a]) => a.order!.seq),
    );
    const committedUnanswered = afterRestart.filter(
      ([i, a]) => sentAtKill.has(i) && a.order!.seq < firstAfter,
    ).length;

    // Every household left waiting by a join acknowledged before the kill is told so, once: the killed
    // server's notifier was holding those notices (a rush's are written after it); the new one's sweep writes
    // them. Asked once a second, up to 60 s after the restart.
    const waiting: string[] = [];
    for (const [i, a] of ackedBefore)
      if (a.order!.lines.some((l) => l.waitlistedQty > 0)) waiting.push(seeded.households[i]!.token);
    const noticesAt = await notices!.stop();
    let told = await waitlistNotices(server.url, seeded.communityId, buyId, waiting);
    for (const until = upAt + 60_000; told.some((n) => n === 0) && performance.now() < until;) {
      await sleep(1000);
      told = await waitlistNotices(server.url, seeded.communityId, buyId, waiting);
    }
    const toldMs = performance.now() - killedAt;
    const waitingTold = told.filter((n) => n === 1).length;
    if (waitingTold < waiting.length)
      problems.push(`${waiting.length - waitingTold} of ${waiting.length} waiting households not told once`);

    const back = reports
      .filter((p) => p.backAt !== null)
      .map((p) => p.backAt! - performance.timeOrigin - killedAt);
    back.sort((a, b) => a - b);
    const whole = reports.filter((p) => p.lines === orders.length && p.lastId >= upTo).length;
    if (whole < reports.length) {
      const lines = reports.map((p) => p.lines);
      problems.push(
        `${reports.length - whole} pages without every line exactly once (${Math.min(...lines)}–${Math.max(...lines)} of ${orders.length})`,
      );
    }
    return {
      db,
      households,
      pages: reports.length,
      ackedBefore: ackedBefore.size,
      inFlight: sentAtKill.size,
      committedUnanswered,
      upMs: upAt - killedAt,
      phonesMs: phonesAt - killedAt,
      pagesMs: back.at(-1) ?? Number.NaN,
      retries,
      shownError,
      failed,
      pageAttempts: reports.reduce((n, p) => n + p.attempts - 1, 0),
      pageP50: quantile(back, 0.5),
      pageP99: quantile(back, 0.99),
      pagesComplete: reports.filter((p) => p.complete).length,
      pagesWhole: whole,
      waitingBefore: waiting.length,
      waitingTold,
      toldTwice: told.filter((n) => n > 1).length,
      toldMs,
      noticesMs: noticesAt === null ? null : noticesAt - killedAt,
      bells,
      bellsBack: bellsBack.length,
      bellsBackP50Ms: quantile(bellsBack, 0.5),
      bellsBackP99Ms: quantile(bellsBack, 0.99),
      bellsBackMs: bellsBack.at(-1) ?? Number.NaN,
      bellsRefused: rang.bells.reduce((n, b) => n + b.refused, 0),
      bellCountP50Ms: quantile(bellsCounted, 0.5),
      bellCountP99Ms: quantile(bellsCounted, 0.99),
      bellCountMs: bellsCounted.at(-1) ?? Number.NaN,
      bellAsks: rang.askMs.length + rang.askErrors,
      bellAskErrors: rang.askErrors,
      bellAskP50Ms: quantile(rang.askMs, 0.5),
      bellAskP99Ms: quantile(rang.askMs, 0.99),
      invariants: problems.length ? problems.slice(0, 3).join('; ') : 'ok',
    };
  } finally {
    for (const c of [...children, ...bellClients]) c.send({ type: 'close' });
    await server.stop();
    await data.cleanup();
  }
}

export async function crash(
  kinds: readonly DbKind[],
  { households = 5000, pages = 1000, killAfter = 2000, restartAfterMs = 0, bells = 0 } = {},
): Promise<CrashResult[]> {
  const results: CrashResult[] = [];
  for (const db of kinds)
    results.push(await crashOnce(db, households, pages, killAfter, restartAfterMs, bells));
  return results;
}

export function printCrash(results: readonly CrashResult[], restartAfterMs = 0): void {
  const again =
    restartAfterMs > 0 ? `started again ${fmt(restartAfterMs)} ms after it died` : 'started again at once';
  console.log(
    `\n## kill -9 in the middle of a rush, pages open: ${again}; phones retry as the web app does, pages reconnect`,
  );
  table(
    results.map((r) => ({
      db: r.db,
      'acked before the kill': fmt(r.ackedBefore),
      'in flight (of them committed)': `${fmt(r.inFlight)} (${fmt(r.committedUnanswered)})`,
      'kill → listening ms': fmt(r.upMs),
      'kill → every phone answered ms': fmt(r.phonesMs),
      'phone retries': fmt(r.retries),
      'phones shown the error': fmt(r.shownError),
      failed: fmt(r.failed),
      pages: fmt(r.pages),
      'kill → page back p50 / p99 / last ms': `${fmt(r.pageP50)} / ${fmt(r.pageP99)} / ${fmt(r.pagesMs)}`,
      'page attempts': fmt(r.pageAttempts),
      'replay complete': `${fmt(r.pagesComplete)} of ${fmt(r.pages)}`,
      'every line once': `${fmt(r.pagesWhole)} of ${fmt(r.pages)}`,
      'waiting told once (twice)': `${fmt(r.waitingTold)} of ${fmt(r.waitingBefore)} (${fmt(r.toldTwice)})`,
      'kill → last told ms': fmt(r.toldMs),
      'kill → last notice stored ms': r.noticesMs === null ? '-' : fmt(r.noticesMs),
      ...(r.bells > 0
        ? {
            'bells back (refused)': `${fmt(r.bellsBack)} of ${fmt(r.bells)} (${fmt(r.bellsRefused)})`,
            'kill → bell back p50 / p99 / last ms': `${fmt(r.bellsBackP50Ms)} / ${fmt(r.bellsBackP99Ms)} / ${fmt(r.bellsBackMs)}`,
            'kill → bell told its count p50 / p99 / last ms': `${fmt(r.bellCountP50Ms)} / ${fmt(r.bellCountP99Ms)} / ${fmt(r.bellCountMs)}`,
            'count asks (failed), p50 / p99 ms': `${fmt(r.bellAsks)} (${fmt(r.bellAskErrors)}), ${fmt(r.bellAskP50Ms)} / ${fmt(r.bellAskP99Ms)}`,
          }
        : {}),
      invariants: r.invariants,
    })),
  );
}
