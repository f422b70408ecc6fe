import type { DomainEvent } from '../core/shared/events.ts';
import type { MoneyDeps } from '../core/money/ports.ts';
import { syncLedger } from '../core/money/sync-ledger.ts';
import type { EventBus } from './event-bus.ts';
import { BusListener } from './bus-listener.ts';

/**
 * The events after which a buy's ledger may be stale: the list closed (charges are posted), the buy failed or
 * was cancelled (charges reversed), its status moved on, goods arrived short or a report was refunded. Order
 * events are NOT here: orders change only while the list is open, when nothing is posted, and the join path
 * is the rush-hour hot path.
 */
export const LEDGER_EVENTS = new Set<DomainEvent['type']>([
  'buy.closed',
  'buy.failed',
  'buy.cancelled',
  'buy.status_changed',
  'order.adjusted',
]);

export interface SyncerLogger {
  warn(obj: object, msg: string): void;
}

/**
 * Keeps ledgers in step with the order state (core/money/sync-ledger.ts): one sync per buy per event-loop
 * turn, after the causing transaction committed. Best effort: the sync is idempotent, and every page that
 * reads a ledger syncs a stale one first, so a sync lost to a crash is made up at the next read.
 */
export class LedgerSyncer extends BusListener<string> {
  readonly #deps: MoneyDeps;
  readonly #log: SyncerLogger;

  constructor(deps: MoneyDeps, bus: EventBus, log: SyncerLogger = console) {
    super(bus);
    this.#deps = deps;
    this.#log = log;
  }

  protected pick(event: DomainEvent): string | undefined {
    return LEDGER_EVENTS.has(event.type) && 'buyId' in event ? event.buyId : undefined;
  }

  protected async handle(buyIds: string[]): Promise<void> {
    for (const buyId of new Set(buyIds)) {
      try {
        await syncLedger(this.#deps, buyId);
      } catch (err) {
        this.#log.warn({ err, buyId }, 'could not sync the ledger (the next read will)');
      }
    }
  }
}
