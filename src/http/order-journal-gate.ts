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
     * batches wait (docs/order-book.md). Leaving the flag off is always correct, only slower.
     */
    skipOrderJournal?: boolean;
  }
}

const ORDER_WRITE = /^\/api\/buys\/[^/?#]+\/orders\/(mine|households\/[^/?#]+)\/?(?:[?#]|$)/;

/** The order writes (a household's join, change or cancellation), which go through the order queue. */
export const isOrderWrite = (method: string, url: string): boolean =>
  (method === 'PUT' || method === 'DELETE') && ORDER_WRITE.test(url);

/**
 * Whose journal a request reads, from its validated parameters: a route under /api/buys/{buyId} reads that
 * buy's orders, lines, audit events and keys only; one under /api/communities/{communityId}, or asking
 * `?communityId=` (a member's own orders), its compound's; any other route may read any buy's (a payment, a
 * refund, a household, a claim). Pure.
 */
export function journalScopeOf(params: unknown, query: unknown): JournalScope {
  const p = (params ?? {}) as Record<string, unknown>;
  if (typeof p.buyId === 'string') return { buyId: p.buyId };
  if (typeof p.communityId === 'string') return { communityId: p.communityId };
  const q = (query ?? {}) as Record<string, unknown>;
  if (typeof q.communityId === 'string') return { communityId: q.communityId };
  return null;
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
    await journal.expandAll(journalScopeOf(request.params, request.query));
  });
}
