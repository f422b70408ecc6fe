import type { DomainEvent } from '../core/shared/events.ts';
import { NOTIFYING_EVENTS } from '../core/notifications/mapping.ts';
import { notifyOf } from '../core/notifications/notify.ts';
import type { NotifierDeps } from '../core/notifications/ports.ts';
import type { EventBus } from './event-bus.ts';
import { TickBatcher } from './tick-batcher.ts';

export interface NotifierLogger {
  warn(obj: object, msg: string): void;
}

/**
 * Listens to the bus and turns domain events into in-app notifications (core/notifications/notify.ts).
 * Events of one tick are handled together, after the use-case's transaction has committed; use-cases never
 * call this. Best effort, like live updates: a crash between a commit and this listener loses that
 * notification (the change itself, and the buy's own screens, are unaffected).
 */
export class Notifier {
  readonly #deps: NotifierDeps;
  readonly #bus: EventBus;
  readonly #log: NotifierLogger;
  readonly #batcher: TickBatcher<DomainEvent>;
  #unsubscribe: (() => void) | null = null;

  constructor(deps: NotifierDeps, bus: EventBus, log: NotifierLogger = console) {
    this.#deps = deps;
    this.#bus = bus;
    this.#log = log;
    this.#batcher = new TickBatcher((batch) => this.#handle(batch));
  }

  start(): void {
    if (this.#unsubscribe) return;
    this.#unsubscribe = this.#bus.subscribe((event) => this.#enqueue(event));
  }

  async stop(): Promise<void> {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    await this.flush();
  }

  /** Resolves once every event published so far has become notifications (and their events are published). */
  flush(): Promise<void> {
    return this.#batcher.flush();
  }

  #enqueue(event: DomainEvent): void {
    if (NOTIFYING_EVENTS.has(event.type)) this.#batcher.push(event);
  }

  // Batches run one after another, so notifications are stored in the order their events were published.
  async #handle(batch: DomainEvent[]): Promise<void> {
    try {
      await notifyOf(this.#deps, batch, (err, event) =>
        this.#log.warn({ err, event: event.type }, 'could not store a notification'),
      );
    } catch (err) {
      this.#log.warn({ err, lost: batch.length }, 'could not store notifications');
    }
  }
}
