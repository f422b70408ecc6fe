import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import { dbConfigFromEnv, startDb, type DbHandle } from './db/client.ts';
import { migrateDb } from './db/migrate.ts';
import type { DataLock } from './db/data-lock.ts';
import { createContainer, type Container } from './container.ts';
import { hasDemo, isDatabaseEmpty, seedDemo, type DemoSummary } from './seed/demo.ts';
import { startCloseDueBuysJob } from './jobs/close-due-buys.ts';
import { startEmbeddedMaintenanceJob } from './jobs/embedded-maintenance.ts';
import { noticesOrphanedAfterOf, startRecoverNoticesJob } from './jobs/recover-notices.ts';
import { LISTEN_BACKLOG_DEFAULT } from './http/listen.ts';

export interface ServeOptions {
  port: number;
  host: string;
  env?: NodeJS.ProcessEnv;
  /** Seed the demo compound into an empty embedded database (serve's default; --no-demo turns it off). */
  demo?: boolean;
  /** The built web app to serve, or null for the API only. */
  webDist?: string | null;
  /** Fastify's logger: pino options, or false (tests). */
  logger?: FastifyServerOptions['logger'];
  /** The data folder's lock, already taken by the caller; released on stop. */
  lock?: DataLock | null;
  /** Human-readable progress ("Seeded the demo…"), to stderr in the CLI. */
  log?: (message: string) => void;
  /** How long stop() waits for in-flight requests before cutting connections. */
  graceMs?: number;
  /** How the embedded database is compiled unless LINLI_PGLITE_COMPILE says (see db/client.ts; default lazy). */
  pgliteCompile?: 'lazy' | 'eager';
  /**
   * The listening socket's queue of connections not yet accepted (`listen(2)`'s backlog; Linux caps it at
   * net.core.somaxconn). Default LISTEN_BACKLOG_DEFAULT (http/listen.ts), not Node's 511.
   */
  backlog?: number;
}

export interface RunningServer {
  app: FastifyInstance;
  container: Container;
  handle: DbHandle;
  url: string;
  /** The demo compound's logins, when the demo is in the database. */
  demo: 'seeded' | 'present' | 'absent';
  demoSummary: DemoSummary | null;
  stop(): Promise<void>;
}

/** env → lock (taken by the caller) → db opening, buildApp meanwhile → migrate → demo → listen → jobs. */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  // The embedded database is this process's alone from here (its lock is taken): anything stored before was
  // stored by another process, and nothing of that process is still running.
  const started = new Date();
  const log = options.log ?? (() => {});
  const config = dbConfigFromEnv(options.env ?? process.env, { compile: options.pgliteCompile });
  let handle: DbHandle | null = null;
  let app: FastifyInstance | null = null;
  try {
    const starting = startDb(config);
    // The HTTP layer (Fastify, the routes and their schemas) is evaluated while the database opens on its
    // own thread, rather than before it starts (~0.1 s of every start: docs/benchmarks.md).
    const appModule = import('./http/app.ts');
    appModule.catch(() => {}); // awaited below; not unhandled meanwhile if the database fails first
    preloadForApp();
    const opening = await starting;
    handle = opening.handle;
    const env = options.env ?? process.env;
    const container = createContainer(handle, { filesDir: join(env.LINLI_DATA_DIR ?? './data', 'files') });
    const { buildApp } = await appModule;
    // Built while the embedded database opens (~0.2–0.4 s of the server's thread that waited idle for it
    // before: docs/benchmarks.md). Nothing in building it reads the database; its onReady hooks, which do,
    // run when it listens.
    app = await buildApp(container, {
      logger: options.logger ?? false,
      webDist: options.webDist ?? undefined,
    });
    await opening.opened;
    await migrateDb(handle);
    let demoSummary: DemoSummary | null = null;
    if (options.demo && config.kind === 'pglite' && (await isDatabaseEmpty(handle.db))) {
      const started = performance.now();
      demoSummary = await seedDemo(handle.db, container);
      log(
        `Seeded the demo compound ${demoSummary.communityName} (${demoSummary.households} households, ` +
          `${demoSummary.members} members) in ${Math.round(performance.now() - started)} ms.`,
      );
    }
    const demo = demoSummary ? 'seeded' : (await hasDemo(handle.db)) ? 'present' : 'absent';
    if (demoSummary) {
      // Not worth failing the start over: the compound is there, and the error says what went wrong.
      const started = performance.now();
      // Loaded only here: every other start would evaluate it (and qrcode) before the database opens.
      const { seedDemoBuys } = await import('./seed/demo-buys.ts');
      // Its ~600 requests would log two lines each, some 580 lines of JSON between the seeding's lines and
      // the demo's logins; a warning or an error still shows.
      const appLog = app.log;
      const level = appLog.level;
      appLog.level = 'warn';
      await seedDemoBuys(
        app,
        handle.db,
        container,
        demoSummary.communityId,
        demoSummary.neighbour.communityId,
      )
        .then(
          ({ buys }) =>
            log(
              `Seeded the demo's group buys (${buys.map((b) => `${b.title}: ${b.status}, ${b.orders} orders`).join('; ')}) ` +
                `in ${Math.round(performance.now() - started)} ms.`,
            ),
          (err: unknown) => log(`Could not seed the demo's group buys: ${String(err)}`),
        )
        .finally(() => {
          appLog.level = level;
        });
    }
    await app.listen({
      port: options.port,
      host: options.host,
      backlog: options.backlog ?? LISTEN_BACKLOG_DEFAULT,
    });
    const jobs = startJobs(container, env, handle.kind === 'pglite' ? started : null);
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : options.port;
    const db = handle;
    const listening = app;
    const stop = once(() =>
      gracefulStop(
        { app: listening, jobs, closeDb: () => db.close(), releaseLock: () => options.lock?.release(), log },
        options.graceMs,
      ),
    );
    return {
      app: listening,
      container,
      handle,
      url: `http://${options.host}:${port}`,
      demo,
      demoSummary,
      stop,
    };
  } catch (err) {
    await app?.close().catch(() => {});
    await handle?.close().catch(() => {});
    options.lock?.release();
    throw err;
  }
}

/** What preloadForApp loads (main.test.ts checks that each still resolves). */
export const APP_PRELOADS = ['pino', '@fastify/swagger-ui/lib/routes.js'] as const;

/**
 * Loads now what building the app will load anyway: the embedded database opens on its own thread (~1–1.5 s),
 * and this one would wait idle meanwhile. The API docs' page (@fastify/swagger-ui loads its routes, and with
 * them @fastify/static and yaml, only as it registers) and Fastify's logger (pino) took ~100–120 ms of every
 * start after the database was open (docs/benchmarks.md). Best effort: a package whose files moved is
 * loaded when the app is built, as before.
 */
function preloadForApp(): void {
  const load = createRequire(import.meta.url);
  for (const id of APP_PRELOADS) {
    try {
      load(id);
    } catch {
      // loaded by buildApp, as without this
    }
  }
}

/** A scheduled job's handle (src/jobs/). */
export interface Job {
  stop(): void | Promise<void>;
}

/** Scheduled work that runs beside the server. Each job is safe with several instances. */
function startJobs(container: Container, env: NodeJS.ProcessEnv, ownedSince: Date | null): Job[] {
  return [
    startCloseDueBuysJob(container),
    startEmbeddedMaintenanceJob(container.handle),
    startRecoverNoticesJob(container, {
      orphanedAfterMs: noticesOrphanedAfterOf(env.LINLI_NOTICES_ORPHANED_AFTER_MS),
      ownedSince,
    }),
  ];
}

export interface StoppableParts {
  app: { close(): Promise<unknown>; server: { closeAllConnections(): void } };
  jobs: readonly Job[];
  closeDb(): Promise<void>;
  releaseLock(): void;
  log(message: string): void;
}

/**
 * Stops in order: the HTTP server (no new connections, new requests on open ones get 503, in-flight ones
 * finish), then the jobs (a running pass completes), then the database, then the data folder's lock. Long
 * connections (SSE) that outlive `graceMs` are cut so shutdown always ends.
 */
export async function gracefulStop(parts: StoppableParts, graceMs = 10_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const closed = parts.app.close();
  const timedOut = await Promise.race([
    closed.then(() => false),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), graceMs);
    }),
  ]);
  clearTimeout(timer);
  if (timedOut) {
    parts.log(`Requests still open after ${graceMs} ms; closing their connections.`);
    parts.app.server.closeAllConnections();
    await closed;
  }
  for (const job of parts.jobs) await job.stop();
  await parts.closeDb();
  parts.releaseLock();
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  return () => (running ??= fn());
}
