import { EventEmitter } from 'node:events';
import type { DomainEvent } from '../core/shared/events.ts';
import type { EventPublisher } from '../core/shared/ports.ts';

/** Told each event, with its id when it was stored with the commit that made it (EventPublisher). */
export type EventListener = (event: DomainEvent, storedId?: number) => void;

/**
 * The in-process bus. Use-cases publish after commit; SSE, notifications and metrics subscribe.
 * Across instances, a PostgreSQL LISTEN/NOTIFY bridge republishes other instances' events here.
 */
export class EventBus implements EventPublisher {
  readonly #emitter = new EventEmitter();

  constructor() {
    this.#emitter.setMaxListeners(0);
  }

  publish(events: readonly DomainEvent[], storedIds?: readonly number[]): void {
    if (storedIds && storedIds.length !== events.length)
      throw new Error(`${storedIds.length} stored ids for ${events.length} events`);
    for (let i = 0; i < events.length; i++) this.#emitter.emit('event', events[i], storedIds?.[i]);
  }

  subscribe(listener: EventListener): () => void {
    this.#emitter.on('event', listener);
    return () => this.#emitter.off('event', listener);
  }
}
