import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface Metrics {
  registry: Registry;
  httpDuration: Histogram<'method' | 'route' | 'status_code'>;
  /** Order writes carried by each group-commit batch (core/buys/group-commit.ts): how well a rush coalesces. */
  orderBatchSize: Histogram;
  /**
   * Order batches that found their buy changed before they committed and ran again (core/buys/order-batch.ts):
   * a rush on one instance should see none; instances sharing a buy race each other's batches.
   */
  orderBatchRetries: Counter;
  /**
   * Buys' books loaded whole by the order journal (docs/order-book.md): once per buy, then again only when the
   * book cannot catch up from the journal (a leader's edit, a transition, or rows expanded before it read them).
   */
  orderBookLoads: Counter;
  /**
   * Requests (and starts) that met a buy whose order journal the database refuses to expand (a bug; its reads
   * answer 503 `orders_unavailable`, docs/order-book.md): anything above zero wants an operator.
   */
  orderJournalStuck: Counter;
  /** Notifications the notifier stored (src/realtime/notifier.ts): the bench waits for a rush's notices on it. */
  notificationsStored: Counter;
  noticesRecovered: Counter;
  /**
   * Event streams resumed with Last-Event-ID, and the parts of their replays read from the database
   * (src/realtime/replays.ts): pages coming back together share their reads, so the second grows far slower.
   */
  eventReplays: Counter;
  eventReplayReads: Counter;
}

let shared: Metrics | null = null;

/**
 * One registry per process: prom-client's default metrics (heap, event loop lag, GC) describe the process,
 * not an app, and registering them twice throws. Tests that build many apps share it.
 */
export function processMetrics(): Metrics {
  if (shared) return shared;
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'linli_' });
  const httpDuration = new Histogram({
    name: 'linli_http_request_duration_seconds',
    help: 'HTTP request duration by route pattern and status',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const orderBatchSize = new Histogram({
    name: 'linli_order_batch_size',
    help: 'Order writes committed together in one group-commit batch',
    buckets: [1, 2, 5, 10, 20, 50, 100, 200],
    registers: [registry],
  });
  // The app's counters: a name and what it counts, in this process's registry.
  const counter = (name: string, help: string) => new Counter({ name, help, registers: [registry] });
  const orderBatchRetries = counter(
    'linli_order_batch_stale_total',
    'Order batches whose buy changed before they committed, run again',
  );
  const orderBookLoads = counter(
    'linli_order_book_loads_total',
    "Buys' order books loaded whole by the order journal (a book that catches up from the journal is not)",
  );
  const orderJournalStuck = counter(
    'linli_order_journal_stuck_total',
    'Requests and starts that met a buy whose order journal cannot be expanded (its reads answer 503)',
  );
  const notificationsStored = counter(
    'linli_notifications_stored_total',
    'In-app notifications stored by the notifier (a fan-out counts each household reached)',
  );
  const noticesRecovered = counter(
    'linli_notices_recovered_total',
    'Events whose notices the sweep wrote because no notifier claimed them (an instance stopped holding them)',
  );
  const eventReplays = counter(
    'linli_event_replays_total',
    'Event streams resumed with Last-Event-ID (each is sent what it missed)',
  );
  const eventReplayReads = counter(
    'linli_event_replay_reads_total',
    'Parts of replays read from the database (streams that missed the same share one read)',
  );
  shared = {
    registry,
    httpDuration,
    orderBatchSize,
    orderBatchRetries,
    orderBookLoads,
    orderJournalStuck,
    notificationsStored,
    noticesRecovered,
    eventReplays,
    eventReplayReads,
  };
  return shared;
}

const DATABASE_THREAD_CPU = 'linli_database_thread_cpu_seconds';
const PREPARED_NAMED = 'linli_pg_prepared_statements';
const PREPARED_MAX = 'linli_pg_prepared_statements_max';
const POOL = {
  open: ['linli_pg_pool_connections', "PostgreSQL connections this instance's pool holds open"],
  idle: ['linli_pg_pool_idle', 'Of them, idle'],
  waiting: [
    'linli_pg_pool_waiting',
    'Requests waiting for a connection (often above 0: the pool may be too small; LINLI_PG_POOL_MAX)',
  ],
  max: ['linli_pg_pool_max', 'The most connections the pool opens (LINLI_PG_POOL_MAX)'],
} as const;

/** What the database can tell /metrics beyond the process (absent parts have no series). */
export interface DatabaseGauges {
  /** The embedded database thread's CPU seconds so far (null or absent: not on a thread of its own). */
  threadCpuSeconds?: () => number | null;
  /** PostgreSQL's statement texts named for preparing, and the most ever named (db/pg-prepared.ts). */
  preparedStatements?: () => { named: number; max: number };
  /** PostgreSQL's pool: connections open, idle, requests waiting for one, and the most it opens. */
  poolConnections?: () => Record<keyof typeof POOL, number>;
}

/**
 * GET /metrics in Prometheus text format, and a request-duration histogram labelled by the route pattern
 * (`/api/buys/:buyId`, never the raw URL, so ids do not explode the label set). Registered on the root
 * instance (not as an encapsulated plugin) so the hook sees every route.
 */
export function registerMetrics(app: FastifyInstance, database: DatabaseGauges = {}): void {
  const { registry, httpDuration } = processMetrics();
  // Per app (the registry is the process's): present only while this app's database has them.
  const poolNames = Object.values(POOL).map(([name]) => name);
  for (const name of [DATABASE_THREAD_CPU, PREPARED_NAMED, PREPARED_MAX, ...poolNames])
    registry.removeSingleMetric(name);
  const { threadCpuSeconds, preparedStatements, poolConnections } = database;
  if (poolConnections)
    for (const [key, [name, help]] of Object.entries(POOL) as [
      keyof typeof POOL,
      readonly [string, string],
    ][])
      new Gauge({
        name,
        help,
        registers: [registry],
        collect() {
          this.set(poolConnections()[key]);
        },
      });
  if (threadCpuSeconds)
    new Gauge({
      name: DATABASE_THREAD_CPU,
      help: "CPU seconds (user + system) used so far by the embedded database's own thread",
      registers: [registry],
      collect() {
        const seconds = threadCpuSeconds();
        if (seconds !== null) this.set(seconds);
      },
    });
  if (preparedStatements) {
    // At the cap, statement texts not named yet run unprepared: correct, but parsed and planned every time.
    new Gauge({
      name: PREPARED_NAMED,
      help: 'Statement texts this instance runs as named prepared statements on PostgreSQL (never more than the max)',
      registers: [registry],
      collect() {
        this.set(preparedStatements().named);
      },
    });
    new Gauge({
      name: PREPARED_MAX,
      help: 'The most statement texts this instance will ever name; texts past it run unprepared',
      registers: [registry],
      collect() {
        this.set(preparedStatements().max);
      },
    });
  }

  app.addHook('onResponse', async (request, reply) => {
    const pattern = request.routeOptions.url;
    // SSE streams stay open for minutes; they would drown the latency histogram.
    const type = String(reply.raw.getHeader('content-type') ?? reply.getHeader('content-type') ?? '');
    if (pattern === '/metrics' || type.startsWith('text/event-stream')) return;
    httpDuration.observe(
      { method: request.method, route: pattern ?? 'unmatched', status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  app.get('/metrics', { schema: { hide: true }, logLevel: 'warn' }, async (_request, reply) => {
    reply.header('content-type', registry.contentType);
    return registry.metrics();
  });
}
