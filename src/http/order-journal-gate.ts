import type { FastifyInstance } from 'fastify';
import { JournalFormatError, type OrderJournalPort } from '../core/buys/ports.ts';

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
 * With the order journal on (docs/order-book.md): every API request but the order writes and the routes marked
 * `skipOrderJournal` first expands the journal of every buy, once it has passed authentication and validation, so whatever it reads of orders,
 * lines, audit events and idempotency keys includes every join answered before it, on any instance. The
 * start expands what a crash left, journal on or off. A single cheap query when the journal is empty.
 */
export function registerOrderJournalGate(
  app: FastifyInstance,
  repo: { journal: OrderJournalPort | null; expandJournal(): Promise<number> },
): void {
  // Whether or not this process writes the journal: a crash (or a restart with the journal turned off) must
  // not leave acknowledged orders unexpanded.
  app.addHook('onReady', async () => {
    try {
      const expanded = await repo.expandJournal();
      if (expanded > 0) app.log.info({ expanded }, 'expanded the order journal left by the previous run');
    } catch (err) {
      // Rows of a later version (a deploy rolled back, or under way): that version's instances expand them.
      if (!(err instanceof JournalFormatError)) throw err;
      app.log.warn({ err }, 'the order journal holds rows of a later version of Linli; left to it');
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
    await journal.expandAll();
  });
}
