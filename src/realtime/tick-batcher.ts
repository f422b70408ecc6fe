/**
 * Collects items pushed during one event-loop turn and hands them to `handle` as one batch, batches strictly
 * one after another in push order. Listeners on the event bus use it so a rush of events costs one round of
 * statements per turn, not one per event. `handle` reports its own errors; it must not throw.
 */
export class TickBatcher<T> {
  readonly #handle: (batch: T[]) => Promise<void>;
  #pending: T[] = [];
  #working: Promise<void> = Promise.resolve();
  #scheduled = false;

  constructor(handle: (batch: T[]) => Promise<void>) {
    this.#handle = handle;
  }

  push(item: T): void {
    this.#pending.push(item);
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      void this.#drain();
    });
  }

  /** Resolves once everything pushed so far has been handled. */
  async flush(): Promise<void> {
    await this.#working;
    if (this.#pending.length > 0) await this.#drain();
  }

  #drain(): Promise<void> {
    this.#working = this.#working.then(async () => {
      const batch = this.#pending;
      this.#pending = [];
      if (batch.length > 0) await this.#handle(batch);
    });
    return this.#working;
  }
}
