import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import {
  JournalFormatError,
  JournalStuckError,
  type JournalScope,
  type OrderJournalPort,
} from '../core/buys/ports.ts';
import { processMetrics } from './metrics.ts';

/**
 * A buy whose journal the database refuses: what an operator must see (and alert on), with the reason, and
 * counted in `linli_order_journal_stuck_total`.
 */
export function logStuck(log: FastifyBaseLogger, err: JournalStuckError): void {
  processMetrics().orderJournalStuck.inc();
  log.error(
    { err: err.reason, buyId: err.buyId, code: err.code },
    "a buy's order journal cannot be expanded; its orders are kept in the journal and its reads answer 503",
  );
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route reads nothing the order journal holds back (orders, order lines, audit events, idempotency
     * keys), so it need not wait for the journal to be expanded: a buy and its counters (written with each
     * journal row), the compound, the caller, notifications, event streams. During a rush these are what the
     * open pages ask for; left out, each of them would expand the journal under the buy's lock while the next
     * batches wait (docs/order-book.md). Also a route that expands what it reads itself, when it must (the
     * public 接龙 list: BuysRepo.publicEntries). Leaving the flag off is always correct, only slower.
     */
    skipOrderJournal?: boolean;
  }
}

const ORDER_WRITE = /^\/api\/buys\/[^/?#]+\/orders\/(mine|households\/[^/?#]+)\/?(?:[?#]|$)/;

/** The order writes (a household's join, change or cancellation), which go through the order queue. */
export const isOrderWrite = (method: string, url: string): boolean =>
  (method === 'PUT' || method === 'DELETE') && ORDER_WRITE.test(url);

/** Path parameters naming a row of one buy, and its table. */
const BUY_ROWS = { paymentId: 'payments', refundId: 'refunds', reportId: 'delivery_reports' } as const;
/** Path parameters naming a row of one compound, and its table. */
const COMMUNITY_ROWS = { householdId: 'households', buildingId: 'buildings' } as const;

/**
 * Whose journal a request reads, from its validated path parameters: a route under /api/buys/{buyId} reads that
 * buy's orders, lines, audit events and keys only, and so does one of a payment, a refund or a delivery report
 * (of one buy); one under /api/communities/{communityId}, or of a household or a building, its compound's. Any
 * other route may read any buy's (null); `unscopedRoute` refuses such a route as it is registered, so that list
 * stays empty. (A route naming its compound in `?communityId=` was scoped by it until the forty-sixth session: the
 * last one, "my orders", expands what it reads itself since the forty-fifth.) Pure.
 */
export function journalScopeOf(params: unknown): JournalScope {
  const p = (params ?? {}) as Record<string, unknown>;
  if (typeof p.buyId === 'string') return { buyId: p.buyId };
  if (typeof p.communityId === 'string') return { communityId: p.communityId };
  for (const [name, table] of Object.entries(BUY_ROWS))
    if (typeof p[name] === 'string') return { buyOf: table, id: p[name] };
  for (const [name, table] of Object.entries(COMMUNITY_ROWS))
    if (typeof p[name] === 'string') return { communityOf: table, id: p[name] };
  return null;
}

/** The path parameters of a route's pattern (`/api/buys/:buyId/orders` → buyId). */
const patternParams = (url: string) =>
  Object.fromEntries([...url.matchAll(/:([A-Za-z]\w*)/g)].map((m) => [m[1]!, m[1]!]));

/**
 * Why a route would expand every buy's journal, or null when it need not: it reads none of it, is an order
 * write, or names its buy or compound in its path. Pure.
 */
export function unscopedRoute(
  method: string,
  url: string,
  config: { skipOrderJournal?: boolean } | undefined,
): string | null {
  if (!url.startsWith('/api/') || config?.skipOrderJournal || isOrderWrite(method, url)) return null;
  if (journalScopeOf(patternParams(url))) return null;
  return `${method} ${url} may read orders but names no buy or compound: give it one (journalScopeOf), or mark it config.skipOrderJournal if it reads none (docs/order-book.md)`;
}

/**
 * With the order journal on (docs/order-book.md): every API request but the order writes and the routes marked
 * `skipOrderJournal` first expands the journals of the buys it may read (`journalScopeOf`), once it has passed
 * authentication and validation, so whatever it reads of orders, lines, audit events and idempotency keys
 * includes every join answered before it, on any instance. A buy's rush is then not held up by the reads of
 * other buys, and a buy whose rows cannot be expanded (JournalStuckError: 503) takes down only its own reads,
 * its compound's and those of routes that may read any buy. The start expands what a crash left, journal on or
 * off. A single cheap query when there is nothing to expand.
 */
export function registerOrderJournalGate(
  app: FastifyInstance,
  repo: { journal: OrderJournalPort | null; expandJournal(scope?: JournalScope): Promise<number> },
): void {
  // Every route of the API names whose journal it reads: one that would expand every buy's (and fail when any
  // buy in any compound is stuck) is refused as it is registered, so each test that builds the app checks it.
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      const why = unscopedRoute(method, route.url, route.config);
      if (why) throw new Error(why);
    }
  });
  // Whether or not this process writes the journal: a crash (or a restart with the journal turned off) must
  // not leave acknowledged orders unexpanded.
  app.addHook('onReady', async () => {
    try {
      const expanded = await repo.expandJournal();
      if (expanded > 0) app.log.info({ expanded }, 'expanded the order journal left by the previous run');
    } catch (err) {
      // Rows of a later version (a deploy rolled back, or under way): that version's instances expand them.
      if (err instanceof JournalFormatError)
        app.log.warn({ err }, 'the order journal holds rows of a later version of Linli; left to it');
      // Rows the database refuses: the server starts, every other buy's were expanded, and only this buy's
      // reads and writes answer 503 (a server that did not start would take every compound down with it).
      else if (err instanceof JournalStuckError) logStuck(app.log, err);
      else throw err;
    }
  });
  const { journal } = repo;
  if (!journal) return;
  app.addHook('onReady', async () =>
    journal.start((err) =>
      app.log.warn({ err }, 'expanding the order journal after a rush failed; a read will'),
    ),
  );
  app.addHook('onClose', () => journal.stop());
  app.addHook('preHandler', async (request) => {
    if (
      !request.url.startsWith('/api/') ||
      request.routeOptions.config.skipOrderJournal ||
      isOrderWrite(request.method, request.url)
    )
      return;
    await journal.expandAll(journalScopeOf(request.params));
  });
}
