import type { DomainEvent } from '../core/shared/events.ts';
import { NOTIFYING_EVENTS } from '../core/notifications/mapping.ts';
import { notifyOf } from '../core/notifications/notify.ts';
import type { NotifierDeps } from '../core/notifications/ports.ts';
import type { EventBus } from './event-bus.ts';
import { BusListener } from './bus-listener.ts';
import { DelayedPublisher } from './delayed-publisher.ts';
import type { BatchHold } from './tick-batcher.ts';

export interface NotifierLogger {
  warn(obj: object, msg: string): void;
}

/** Events handled together at most (one statement of notices each, normally). */
export const NOTIFY_CHUNK = 500;

export interface NotifierOptions {
  log?: NotifierLogger;
  /** When batches wait for more urgent work (the container gives the order queue's). */
  hold?: BatchHold;
  /** Told how many notifications each batch stored (metrics). */
  onStored?: (count: number) => void;
}

/**
 * Listens to the bus and turns domain events into in-app notifications (core/notifications/notify.ts).
 * Events of one tick are handled together, after the use-case's transaction has committed; use-cases never
 * call this. Best effort, like live updates: a crash between a commit and this listener loses that
 * notification (the change itself, and the buy's own screens, are unaffected). With a `hold` (the container
 * gives it the order queue's: docs/notifications.md), its batches wait while orders are being committed, so
 * that a rush's joins are answered first and its notices are stored after it, together.
 */
export class Notifier extends BusListener<DomainEvent> {
  readonly #deps: NotifierDeps;
  readonly #log: NotifierLogger;
  readonly #onStored: (count: number) => void;
  /** The live push of notifications held for the quiet hours, at the time they appear. */
  readonly #later: DelayedPublisher;

  constructor(deps: NotifierDeps, bus: EventBus, options: NotifierOptions = {}) {
    super(bus, options.hold);
    this.#later = new DelayedPublisher((events) => deps.events.publish(events));
    this.#deps = { later: (at, events) => this.#later.at(at, events), ...deps };
    this.#log = options.log ?? console;
    this.#onStored = options.onStored ?? (() => {});
  }

  override async stop(): Promise<void> {
    await super.stop();
    this.#later.stop();
  }

  protected pick(event: DomainEvent): DomainEvent | undefined {
    return NOTIFYING_EVENTS.has(event.type) ? event : undefined;
  }

  // Batches run one after another, so notifications are stored in the order their events were published.
  // A held batch can gather thousands of events: it is handled NOTIFY_CHUNK at a time, giving the event loop
  // a turn between chunks, so that requests arriving meanwhile (a rush that goes on) are not kept waiting.
  protected async handle(batch: DomainEvent[]): Promise<void> {
    for (let from = 0; from < batch.length; from += NOTIFY_CHUNK) {
      if (from > 0) await new Promise((r) => setImmediate(r));
      const chunk = batch.slice(from, from + NOTIFY_CHUNK);
      try {
        const stored = await notifyOf(this.#deps, chunk, (err, event) =>
          this.#log.warn({ err, event: event.type }, 'could not store a notification'),
        );
        this.#onStored(stored);
      } catch (err) {
        this.#log.warn({ err, lost: chunk.length }, 'could not store notifications');
      }
    }
  }
}
