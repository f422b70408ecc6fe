import type { DomainEvent } from '../core/shared/events.ts';
import type { EventBus } from './event-bus.ts';
import { TickBatcher, type BatchHold } from './tick-batcher.ts';

/**
 * A listener on the event bus that handles what it picks from the events of one event-loop turn as one batch
 * (TickBatcher), after the causing transaction committed: the notifier, the ledger syncer. Subclasses say
 * what they pick and how they handle a batch; `handle` reports its own errors and must not throw.
 */
export abstract class BusListener<T> {
  readonly #bus: EventBus;
  readonly #batcher: TickBatcher<T>;
  #unsubscribe: (() => void) | null = null;

  /** `hold`: when batches wait for more urgent work (TickBatcher). */
  constructor(bus: EventBus, hold?: BatchHold) {
    this.#bus = bus;
    this.#batcher = new TickBatcher<T>((batch) => this.handle(batch), hold);
  }

  /** What to queue for this event (with its id when it was stored with its commit), or undefined to ignore it. */
  protected abstract pick(event: DomainEvent, storedId?: number): T | undefined;
  protected abstract handle(batch: T[]): Promise<void>;

  start(): void {
    if (this.#unsubscribe) return;
    this.#unsubscribe = this.#bus.subscribe((event, storedId) => {
      const item = this.pick(event, storedId);
      if (item !== undefined) this.#batcher.push(item);
    });
  }

  async stop(): Promise<void> {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
    await this.flush();
  }

  /** Resolves once everything picked so far has been handled. */
  flush(): Promise<void> {
    return this.#batcher.flush();
  }
}
