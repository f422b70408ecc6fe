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
  /**
   * Called after the transaction that caused the events has committed. `storedIds`: the events were stored
   * by that same commit (an order batch's, so that a crash cannot keep the orders and lose their events), and
   * these are their ids, one per event; without, they are stored as they are sent (realtime/realtime-bridge.ts).
   */
  publish(events: readonly DomainEvent[], storedIds?: readonly number[]): void;
}

export const systemClock: Clock = { now: () => new Date() };
export const uuidGenerator: IdGenerator = { id: () => crypto.randomUUID() };

/** A stored file, addressed by its content: the same bytes stored twice are one file. */
export interface StoredFile {
  /** sha256 hex of the bytes plus an extension ("…e3b0.png"); safe to keep in a row and to put in a URL. */
  key: string;
  contentType: string;
  size: number;
}

/**
 * Uploaded files (images) outside the database: the data folder's files/ (see src/storage/file-store.ts).
 * Contexts keep the key in their own rows and decide themselves who may read the file.
 */
export interface FileStore {
  put(bytes: Uint8Array, contentType: string): Promise<StoredFile>;
  /** The file, or null for an unknown or malformed key. */
  get(key: string): Promise<{ bytes: Buffer; contentType: string } | null>;
}
