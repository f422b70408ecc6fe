import type { DomainEvent } from '../core/shared/events.ts';
import { NOTIFYING_EVENTS } from '../core/notifications/mapping.ts';
import { notifyOf } from '../core/notifications/notify.ts';
import type { NotifierDeps } from '../core/notifications/ports.ts';
import type { EventBus } from './event-bus.ts';

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
  #pending: DomainEvent[] = [];
  #working: Promise<void> = Promise.resolve();
  #scheduled = false;
  #unsubscribe: (() => void) | null = null;

  constructor(deps: NotifierDeps, bus: EventBus, log: NotifierLogger = console) {
    this.#deps = deps;
    this.#bus = bus;
    this.#log = log;
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
  async flush(): Promise<void> {
    await this.#working;
    if (this.#pending.length > 0) await this.#drain();
  }

  #enqueue(event: DomainEvent): void {
    if (!NOTIFYING_EVENTS.has(event.type)) return;
    this.#pending.push(event);
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      void this.#drain();
    });
  }

  #drain(): Promise<void> {
    // Chained so notifications are stored in the order their events were published.
    this.#working = this.#working.then(async () => {
      const batch = this.#pending;
      this.#pending = [];
      if (batch.length === 0) return;
      try {
        await notifyOf(this.#deps, batch, (err, event) =>
          this.#log.warn({ err, event: event.type }, 'could not store a notification'),
        );
      } catch (err) {
        this.#log.warn({ err, lost: batch.length }, 'could not store notifications');
      }
    });
    return this.#working;
  }
}
