import type { DomainEvent } from '../core/shared/events.ts';
import { NOTIFYING_EVENTS } from '../core/notifications/mapping.ts';
import { notifyOf } from '../core/notifications/notify.ts';
import type { NotifierDeps } from '../core/notifications/ports.ts';
import type { EventBus } from './event-bus.ts';
import { BusListener } from './bus-listener.ts';
import { DelayedPublisher } from './delayed-publisher.ts';

export interface NotifierLogger {
  warn(obj: object, msg: string): void;
}

/**
 * Listens to the bus and turns domain events into in-app notifications (core/notifications/notify.ts).
 * Events of one tick are handled together, after the use-case's transaction has committed; use-cases never
 * call this. Best effort, like live updates: a crash between a commit and this listener loses that
 * notification (the change itself, and the buy's own screens, are unaffected).
 */
export class Notifier extends BusListener<DomainEvent> {
  readonly #deps: NotifierDeps;
  readonly #log: NotifierLogger;
  /** The live push of notifications held for the quiet hours, at the time they appear. */
  readonly #later: DelayedPublisher;

  constructor(deps: NotifierDeps, bus: EventBus, log: NotifierLogger = console) {
    super(bus);
    this.#later = new DelayedPublisher((events) => deps.events.publish(events));
    this.#deps = { later: (at, events) => this.#later.at(at, events), ...deps };
    this.#log = log;
  }

  override async stop(): Promise<void> {
    await super.stop();
    this.#later.stop();
  }

  protected pick(event: DomainEvent): DomainEvent | undefined {
    return NOTIFYING_EVENTS.has(event.type) ? event : undefined;
  }

  // Batches run one after another, so notifications are stored in the order their events were published.
  protected async handle(batch: DomainEvent[]): Promise<void> {
    try {
      await notifyOf(this.#deps, batch, (err, event) =>
        this.#log.warn({ err, event: event.type }, 'could not store a notification'),
      );
    } catch (err) {
      this.#log.warn({ err, lost: batch.length }, 'could not store notifications');
    }
  }
}
