import { EventEmitter } from 'node:events';
import type { DomainEvent } from '../core/shared/events.ts';
import type { EventPublisher } from '../core/shared/ports.ts';

export type EventListener = (event: DomainEvent) => void;

/**
 * The in-process bus. Use-cases publish after commit; SSE, notifications and metrics subscribe.
 * Across instances, a PostgreSQL LISTEN/NOTIFY bridge republishes other instances' events here.
 */
export class EventBus implements EventPublisher {
  readonly #emitter = new EventEmitter();

  constructor() {
    this.#emitter.setMaxListeners(0);
  }

  publish(events: readonly DomainEvent[]): void {
    for (const event of events) this.#emitter.emit('event', event);
  }

  subscribe(listener: EventListener): () => void {
    this.#emitter.on('event', listener);
    return () => this.#emitter.off('event', listener);
  }
}
