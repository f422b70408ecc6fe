import type { DbHandle } from './db/client.ts';
import { createAuthRepo } from './db/repos/auth-repo.ts';
import { createBcryptHasher } from './core/auth/password-hasher.ts';
import type { AuthDeps } from './core/auth/ports.ts';
import { hashSecret, randomSecret as newSecret } from './core/shared/secrets.ts';
import { createCommunityRepo } from './db/repos/community-repo.ts';
import { randomSecret } from './core/shared/secrets.ts';
import type { CommunityDeps } from './core/community/ports.ts';
import {
  systemClock,
  uuidGenerator,
  type Clock,
  type FileStore,
  type IdGenerator,
} from './core/shared/ports.ts';
import { createDiskFileStore } from './storage/file-store.ts';
import { join } from 'node:path';
import { EventBus } from './realtime/event-bus.ts';
import { SseHub } from './realtime/sse-hub.ts';
import { ReplayCache } from './realtime/replays.ts';
import { crowdedHold, RealtimeBridge, unreadFrame } from './realtime/realtime-bridge.ts';
import { BellCounts } from './realtime/bell-counts.ts';
import { unreadCountsOf } from './core/notifications/feed.ts';
import { createEventStore, createNoticePages } from './db/repos/event-store.ts';
import { createRealtimeRepo } from './db/repos/realtime-repo.ts';
import { createBuysRepo } from './db/repos/buys-repo.ts';
import { GroupCommitQueue } from './core/buys/group-commit.ts';
import { processMetrics } from './http/metrics.ts';
import { runOrderBatch, type OrderRequest, type OrderResponse } from './core/buys/order-batch.ts';
import type { OrderQueue } from './core/buys/place-order.ts';
import { createBuysReportRepo } from './db/repos/buys-report-repo.ts';
import { createNotificationsRepo } from './db/repos/notifications-repo.ts';
import { expandAllInTx } from './db/repos/order-journal.ts';
import type { NotificationWriter } from './core/notifications/ports.ts';
import { Notifier } from './realtime/notifier.ts';
import { createJielongRepo } from './db/repos/jielong-repo.ts';
import type { JielongDeps } from './core/jielong/ports.ts';
import { createMoneyRepo } from './db/repos/money-repo.ts';
import { createAuditRepo } from './db/repos/audit-repo.ts';
import type { MoneyDeps } from './core/money/ports.ts';
import { LedgerSyncer } from './realtime/ledger-syncer.ts';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { createDistributionRepo } from './db/repos/distribution-repo.ts';
import type { DistributionDeps } from './core/distribution/ports.ts';
import { createTodoRepo } from './db/repos/todo-repo.ts';
import { createCoverageRepo } from './db/repos/coverage-repo.ts';
import type { CoverageDeps } from './core/community/coverage.ts';
import type { NeedsDeps } from './core/community/needs.ts';
import type { SuppliesDeps } from './core/community/supplies.ts';
import { createHouseholdSuppliesRepo } from './db/repos/household-supplies-repo.ts';
import { createNeedsRepo } from './db/repos/needs-repo.ts';
import type { StreetDeps } from './core/street/posts.ts';
import type { PoolsDeps } from './core/pools/pools.ts';
import { CODE_LENGTH, poolCodeOf } from './core/pools/pool-fns.ts';
import { createPoolsRepo } from './db/repos/pools-repo.ts';
import { createStreetRepo } from './db/repos/street-repo.ts';
import type { TrustDeps } from './core/trust/read-trust.ts';
import { cachedTrust, createTrustRepo } from './db/repos/trust-repo.ts';
import type { SuppliersDeps } from './core/trust/suppliers.ts';
import { createSuppliersRepo } from './db/repos/suppliers-repo.ts';
import type { TodoDeps } from './core/todo/ports.ts';

export interface ContainerOptions {
  clock?: Clock;
  ids?: IdGenerator;
  /** Where uploaded files go (default: LINLI_DATA_DIR/files, else ./data/files). Tests pass a temporary folder. */
  filesDir?: string;
  /**
   * The order path: `journal`, the memory-first one (docs/order-book.md), or `transaction` (each batch writes
   * its rows in its own transaction). Default: LINLI_ORDER_PATH, else by database (see `orderPathOf`).
   */
  orderPath?: OrderPath;
  /**
   * With the journal: how long a buy's order batches must have stopped before its journal is expanded without
   * waiting for a read (default 1,000 ms; 0: only when read). Tests of the journal's states set 0.
   */
  journalIdleMs?: number;
  /** With the journal: how long after its last batch a buy's book is dropped from memory (default 10 min). */
  journalForgetMs?: number;
  /**
   * Event streams in gzip for clients that offer it (docs/architecture.md). Default: LINLI_EVENT_STREAM_GZIP
   * (`on`, the default, or `off`; see `eventStreamGzipOf`).
   */
  eventStreamGzip?: boolean;
}

/**
 * Whether event streams go in gzip to clients that offer it: what the caller or LINLI_EVENT_STREAM_GZIP says
 * (`on` or `off`), else on. `off` is the way back should some phone's browser not read them (Chromium's and
 * Node's are tested; docs/operations.md).
 */
export function eventStreamGzipOf(explicit: boolean | undefined, env: string | undefined): boolean {
  if (explicit !== undefined) return explicit;
  if (env === undefined || env === '' || env === 'on') return true;
  if (env === 'off') return false;
  throw new Error(`LINLI_EVENT_STREAM_GZIP must be "on" or "off" (got "${env}")`);
}

export type OrderPath = 'journal' | 'transaction';

/**
 * The order path: what the caller or LINLI_ORDER_PATH says (`journal` or `transaction`), else `journal`, the
 * memory-first path of docs/order-book.md, on both databases. On PostgreSQL it became the default once a book
 * behind another instance's batches could catch up from their journal rows under the buy's lock, instead of
 * being reloaded whole (2026-12-01, eleventh session: a rush split across two instances ran ~20 % faster than
 * with `transaction`, one instance ~25 %; docs/benchmarks.md).
 */
export function orderPathOf(
  explicit: OrderPath | undefined,
  env: string | undefined,
  _db: DbHandle['kind'],
): OrderPath {
  if (explicit) return explicit;
  if (env === 'journal' || env === 'transaction') return env;
  return 'journal';
}

/**
 * Wires repositories and use-cases by hand. Each bounded context has its own section below; keep
 * edits inside your context's section.
 */
/** The notifier's batches wait until order batches have been quiet this long (ms). */
const NOTIFIER_QUIET_MS = 150;

export function createContainer(handle: DbHandle, options: ContainerOptions = {}) {
  const db = handle.db;
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? uuidGenerator;
  const events = new EventBus();
  const files: FileStore = createDiskFileStore(
    options.filesDir ?? join(process.env.LINLI_DATA_DIR ?? './data', 'files'),
  );
  const base = { handle, db, clock, ids, events, files };

  // --- auth ---
  const authRepo = createAuthRepo(db);
  const authDeps: AuthDeps = {
    store: authRepo,
    hasher: createBcryptHasher(),
    secrets: { random: newSecret, hash: hashSecret },
    clock,
    ids,
  };

  // --- community ---
  const communityRepo = createCommunityRepo(db);
  const communityDeps: CommunityDeps = {
    repo: communityRepo,
    clock,
    ids,
    events,
    // Invite links and QR codes point here; without PUBLIC_URL, at the address the server listens on.
    publicUrl: (
      process.env.PUBLIC_URL ?? `http://${process.env.HOST ?? '127.0.0.1'}:${process.env.PORT ?? '3000'}`
    ).replace(/\/+$/, ''),
    newInviteCode: () => randomSecret(9),
  };

  // --- buys ---
  const metrics = processMetrics();
  // This instance's name in the NOTIFYs of the events it stores (PostgreSQL): order batches and the other
  // changes that make notices store theirs with their commit (the buys, money and distribution repos), the
  // realtime bridge the rest, and neither sends the other's twice.
  const instance = randomUUID();
  const notifyFrom = handle.kind === 'postgres' ? instance : null;
  // PGlite on this thread (handle.pglite set) answers synchronously: the order batch yields between statements.
  // PGlite (either thread) runs statements sent together in order; a PostgreSQL connection takes one at a time.
  const buysRepo = createBuysRepo(db, {
    yieldBetweenStatements: handle.pglite !== undefined,
    queuesStatements: handle.kind === 'pglite',
    script: handle.script,
    journal: orderPathOf(options.orderPath, process.env.LINLI_ORDER_PATH, handle.kind) === 'journal',
    journalIdleMs: options.journalIdleMs ?? 1_000,
    journalForgetMs: options.journalForgetMs,
    onBookLoad: () => metrics.orderBookLoads.inc(),
    notifyFrom,
  });
  // Group commit: concurrent order writes on one buy share one transaction (see core/buys/group-commit.ts).
  const orderQueue: OrderQueue = new GroupCommitQueue<OrderRequest, OrderResponse>(
    (buyId, requests) => runOrderBatch(buysDeps, buyId, requests),
    { onBatch: (size) => metrics.orderBatchSize.observe(size) },
  );
  const buysDeps = {
    repo: buysRepo,
    clock,
    ids,
    events,
    orderQueue,
    onStaleBatch: () => metrics.orderBatchRetries.inc(),
  };
  const buyReportDeps = { repo: buysRepo, reports: createBuysReportRepo(db), clock };

  // --- jielong (接龙 text in and out; orders go through the buys queue) ---
  const jielongDeps: JielongDeps = { repo: createJielongRepo(db), buys: buysRepo, orderQueue, clock };
  // --- distribution ---
  const needsRepo = createNeedsRepo(db);
  const distributionDeps: DistributionDeps = {
    buys: buysRepo,
    reports: buyReportDeps.reports,
    repo: createDistributionRepo(db, notifyFrom),
    files,
    clock,
    ids,
    events,
    needs: needsRepo,
    randomInt: (n) => randomInt(n),
    publicUrl: communityDeps.publicUrl,
  };

  // --- realtime ---
  const sse = new SseHub({
    gzip: eventStreamGzipOf(options.eventStreamGzip, process.env.LINLI_EVENT_STREAM_GZIP),
  });
  // With hundreds of pages open during a rush, its events go out every 250 ms rather than every batch.
  const realtime = new RealtimeBridge(handle, events, sse, console, crowdedHold(sse, orderQueue), instance);
  // A reconnecting stream's missed events, read and framed once for every stream that missed the same.
  const replays = new ReplayCache(sse, {
    onReplay: () => metrics.eventReplays.inc(),
    onRead: () => metrics.eventReplayReads.inc(),
  });
  const eventStore = createEventStore(db);
  const realtimeRepo = createRealtimeRepo(db);

  // --- notifications ---
  const notificationsRepo = createNotificationsRepo(db);
  const notificationsDeps = { repo: notificationsRepo, clock, events };
  // Each bell's count as it opens, read when order batches are quiet (up to 10 s later): the joins first.
  const bellCounts = new BellCounts((asks) => unreadCountsOf(notificationsDeps, asks), unreadFrame, console, {
    busy: () => orderQueue.quietFor() < NOTIFIER_QUIET_MS,
    maxWaitMs: 10_000,
    maxItems: 20_000,
    pollMs: 50,
  });
  // The notifier reads orders back when an event did not bring them (a promotion; a fan-out to a buy's
  // households), and they may still be in the order journal, which an HTTP read expands first: so it does too,
  // for the buys it reads (a buy whose journal cannot be expanded then costs only that buy's notices).
  const expanding = <R extends NotificationWriter>(
    repo: R,
    expand: (buyId: string) => Promise<unknown>,
  ): R => ({
    ...repo,
    async ordersFacts(ids, buyIds) {
      for (const buyId of buyIds) await expand(buyId);
      return repo.ordersFacts(ids, buyIds);
    },
    async fanOut(f, at) {
      await expand(f.buyId);
      return repo.fanOut(f, at);
    },
  });
  const notifierRepo = expanding(notificationsRepo, (buyId) => buysRepo.expandJournal({ buyId }));
  // In the notifier's transaction (a claim and its notices, committed together), the journal is expanded in
  // that transaction: it holds the embedded database's only connection. Once per buy and transaction.
  const noticePages = createNoticePages(db, (tx) => {
    const expanded = new Map<string, Promise<number>>();
    const expandOnce = (buyId: string) => {
      let done = expanded.get(buyId);
      if (!done) expanded.set(buyId, (done = expandAllInTx(tx, { buyId })));
      return done;
    };
    return expanding(createNotificationsRepo(tx), expandOnce);
  });
  // Started and stopped with the app (src/http/notifications/notifications.routes.ts). Its batches wait while
  // order batches run (up to 2 s, or 5,000 events): a rush's joins are answered first, and the notices for
  // its waiting households are stored after it in one statement (docs/notifications.md).
  const notifier = new Notifier({ repo: notifierRepo, clock, events }, events, {
    hold: {
      busy: () => orderQueue.quietFor() < NOTIFIER_QUIET_MS,
      maxWaitMs: 2_000,
      maxItems: 5_000,
      pollMs: 50,
    },
    onStored: (n) => metrics.notificationsStored.inc(n),
    pages: noticePages,
    onRecovered: (n) => metrics.noticesRecovered.inc(n),
  });

  // --- money and audit ---
  const moneyDeps: MoneyDeps = {
    repo: createMoneyRepo(db, notifyFrom),
    buys: buysRepo,
    files,
    clock,
    ids,
    events,
  };
  const auditDeps = { audit: createAuditRepo(db), buys: buysRepo };
  const coverageRepo = createCoverageRepo(db);
  const streetRepo = createStreetRepo(db);
  const suppliersRepo = createSuppliersRepo(db);
  const todoDeps: TodoDeps = {
    members: buysRepo,
    repo: createTodoRepo(db),
    coverage: coverageRepo,
    street: streetRepo,
    suppliers: suppliersRepo,
    clock,
  };
  const coverageDeps: CoverageDeps = { repo: communityRepo, coverage: coverageRepo, clock };
  const needsDeps: NeedsDeps = { repo: communityRepo, needs: needsRepo, clock };
  const householdSuppliesDeps: SuppliesDeps = {
    repo: communityRepo,
    supplies: createHouseholdSuppliesRepo(db),
    clock,
    ids,
  };
  // 放心买: read by every phone that opens a buy, so the same facts serve 15 s of them.
  const suppliersDeps: SuppliersDeps = { community: communityRepo, suppliers: suppliersRepo, clock, ids };
  const trustDeps: TrustDeps = {
    buys: buysRepo,
    repo: cachedTrust(createTrustRepo(db, clock), clock),
    suppliers: suppliersRepo,
  };
  const streetDeps: StreetDeps = { community: communityRepo, repo: streetRepo, clock, ids, events };
  const poolsDeps: PoolsDeps = {
    buys: buysRepo,
    community: communityRepo,
    pools: createPoolsRepo(db, notifyFrom),
    clock,
    ids,
    events,
    newCode: () => poolCodeOf(randomBytes(CODE_LENGTH)),
  };
  // Started and stopped with the app (src/http/money/money.routes.ts).
  const ledgerSyncer = new LedgerSyncer(moneyDeps, events);

  return {
    ...base,
    communityRepo,
    communityDeps,
    sse,
    replays,
    realtime,
    eventStore,
    realtimeRepo,
    authRepo,
    authDeps,
    buysDeps,
    buyReportDeps,
    distributionDeps,
    notificationsDeps,
    notifier,
    bellCounts,
    jielongDeps,
    moneyDeps,
    auditDeps,
    todoDeps,
    coverageDeps,
    needsDeps,
    householdSuppliesDeps,
    trustDeps,
    suppliersDeps,
    streetDeps,
    poolsDeps,
    ledgerSyncer,
  };
}

export type Container = ReturnType<typeof createContainer>;
