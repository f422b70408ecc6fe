/**
 * Lets a listener's batches wait while more urgent work runs: the notifier waits while a rush's order
 * batches are committing, so that the joins are answered first and its own work (a notification per waiting
 * household) runs once, after the rush, in one batch.
 */
export interface BatchHold {
  /** Whether batches should wait now. */
  busy(): boolean;
  /** The longest the first item of a batch waits: past it, the batch runs even while busy. */
  maxWaitMs: number;
  /** A batch of this many items runs even while busy. */
  maxItems: number;
  /** How often a waiting batch looks again. */
  pollMs: number;
}

/**
 * Collects items pushed during one event-loop turn and hands them to `handle` as one batch, batches strictly
 * one after another in push order. Listeners on the event bus use it so a rush of events costs one round of
 * statements per turn, not one per event. With a `hold`, a batch also waits while the hold is busy (up to
 * its limits), gathering the items of those turns too. `handle` reports its own errors; it must not throw.
 */
export class TickBatcher<T> {
  readonly #handle: (batch: T[]) => Promise<void>;
  readonly #hold: BatchHold | undefined;
  #pending: T[] = [];
  /** When the oldest pending item was pushed (performance.now()). */
  #pendingSince = 0;
  #working: Promise<void> = Promise.resolve();
  #scheduled = false;

  constructor(handle: (batch: T[]) => Promise<void>, hold?: BatchHold) {
    this.#handle = handle;
    this.#hold = hold;
  }

  push(item: T): void {
    if (this.#pending.length === 0) this.#pendingSince = performance.now();
    this.#pending.push(item);
    if (this.#scheduled) return;
    this.#scheduled = true;
    setImmediate(() => this.#ready());
  }

  /** Resolves once everything pushed so far has been handled (a held batch runs now). */
  async flush(): Promise<void> {
    await this.#working;
    if (this.#pending.length > 0) await this.#drain();
  }

  #ready(): void {
    const hold = this.#hold;
    if (
      hold &&
      this.#pending.length > 0 &&
      this.#pending.length < hold.maxItems &&
      performance.now() - this.#pendingSince < hold.maxWaitMs &&
      hold.busy()
    ) {
      setTimeout(() => this.#ready(), hold.pollMs).unref();
      return;
    }
    this.#scheduled = false;
    void this.#drain();
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
