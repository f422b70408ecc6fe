/**
 * Coalesces concurrent lookups by key: the first waits one event-loop turn, so lookups arriving together share
 * a call; while a call runs, new keys gather for the next one. A rush of N requests costs a handful of
 * statements instead of N, which matters most on the embedded database, where every statement runs in turn.
 */
export type BatchLookup<V> = (keys: readonly string[], now: Date) => Promise<Map<string, V>>;

interface Waiter<V> {
  key: string;
  now: Date;
  resolve(value: V | null): void;
  reject(error: unknown): void;
}

export class LookupBatcher<V> {
  readonly #lookup: BatchLookup<V>;
  #waiting: Waiter<V>[] = [];
  #running = false;

  constructor(lookup: BatchLookup<V>) {
    this.#lookup = lookup;
  }

  /** The value for this key, or null; `now` is the caller's clock (a call uses its latest waiter's). */
  get(key: string, now: Date): Promise<V | null> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ key, now, resolve, reject });
      if (this.#running) return;
      this.#running = true;
      setImmediate(() => void this.#drain());
    });
  }

  async #drain(): Promise<void> {
    while (this.#waiting.length > 0) {
      const batch = this.#waiting;
      this.#waiting = [];
      let now = batch[0]!.now;
      const keys = new Set<string>();
      for (const w of batch) {
        if (w.now > now) now = w.now;
        keys.add(w.key);
      }
      try {
        const found = await this.#lookup([...keys], now);
        for (const w of batch) w.resolve(found.get(w.key) ?? null);
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    this.#running = false;
  }
}
