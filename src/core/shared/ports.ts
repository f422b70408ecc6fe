/** Ports every context shares: time, ids, secrets and the domain event bus. */
import type { DomainEvent } from './events.ts';

export interface Clock {
  now(): Date;
}

export interface IdGenerator {
  /** A new id in the server's own format (UUID). */
  id(): string;
}

export interface EventPublisher {
  /** Called after the transaction that caused the events has committed. */
  publish(events: readonly DomainEvent[]): void;
}

export const systemClock: Clock = { now: () => new Date() };
export const uuidGenerator: IdGenerator = { id: () => crypto.randomUUID() };
