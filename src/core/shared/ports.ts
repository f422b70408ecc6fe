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
   * by that same commit (EventOutbox: an order batch's, a transition's …, so that a crash cannot keep the change
   * and lose its events), and these are their ids, one per event; without, they are stored as they are sent
   * (realtime/realtime-bridge.ts).
   */
  publish(events: readonly DomainEvent[], storedIds?: readonly number[]): void;
}

/** Where EventOutbox.storeEvents puts the ids of the events it stored, once committed. */
export interface StoredIds {
  ids: number[] | null;
}

/**
 * A transaction that stores the events it makes with its own commit (the outbox): a crash just after the
 * commit then loses neither the events nor the notices they make (the notifier claims their pages, or the
 * sweep writes them: realtime/notifier.ts). A fake may store nothing (`stored.ids` stays null): the events
 * are then stored as they are sent, after the commit.
 */
export interface EventOutbox {
  storeEvents(events: readonly DomainEvent[], stored: StoredIds): Promise<void>;
}

/**
 * Runs `fn` in a transaction, stores the events it answers in that same transaction, and once it has committed
 * publishes them with their ids. What `fn` answers is answered.
 */
export async function transactionWithEvents<
  Tx extends EventOutbox,
  T extends { events: readonly DomainEvent[] },
>(
  repo: { transaction<R>(fn: (tx: Tx) => Promise<R>): Promise<R> },
  publisher: EventPublisher,
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  const stored: StoredIds = { ids: null };
  const out = await repo.transaction(async (tx) => {
    stored.ids = null;
    const value = await fn(tx);
    if (value.events.length > 0) await tx.storeEvents(value.events, stored);
    return value;
  });
  publisher.publish(out.events, stored.ids ?? undefined);
  return out;
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
