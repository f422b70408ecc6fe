/**
 * Reads that depend only on a version the caller has already seen (a buy's `version`, which every order
 * batch and every change to the buy moves): a read at that version, or a newer one, is shared by every caller
 * for `ttlMs`, in flight or done. A thousand phones opening a buy's page after a rush then cost one read of
 * its 接龙 list, not a thousand. The TTL bounds what the version does not cover (a household renamed by an
 * admin shows under its new label within it). A failed read is not kept.
 */
export class VersionedCache<T> {
  readonly #entries = new Map<string, { version: number; at: number; value: Promise<T> }>();
  readonly #ttlMs: number;
  readonly #max: number;
  readonly #now: () => number;

  constructor(options: { ttlMs: number; max: number; now?: () => number }) {
    this.#ttlMs = options.ttlMs;
    this.#max = options.max;
    this.#now = options.now ?? (() => Date.now());
  }

  get(key: string, version: number, read: () => Promise<T>): Promise<T> {
    const hit = this.#entries.get(key);
    if (hit && hit.version >= version && this.#now() - hit.at < this.#ttlMs) return hit.value;
    if (this.#entries.size >= this.#max) this.#entries.clear();
    const entry = { version, at: this.#now(), value: read() };
    this.#entries.set(key, entry);
    entry.value.catch(() => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    });
    return entry.value;
  }
}
