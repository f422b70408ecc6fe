/**
 * Values read from the database and reused while a version held in the database has not moved: members'
 * standing in a compound (keyed by user id, the compound's `standing_version`), sessions and bearer tokens
 * (keyed by hash, `auth_version`). Triggers move the version in the same transaction as any change to what the
 * values are read from (migrations 0017, 0018), and every read sends the version with the values it lacks, in
 * one statement (one snapshot): a value is reused only while the version it was read at is still the current
 * one, so a revoked role, a rejected claim or a signed-out session is seen by the next request, on any
 * instance. What a caller gets is as fresh as reading every value again in that statement would give.
 */
import type { Executor } from '../client.ts';

/** One statement: the scope's current version, and the values of these keys (those that exist). */
export type ReadAtVersion<V> = (
  scope: string,
  keys: readonly string[],
  /** Read through this executor (a transaction's) rather than the one the reader was made with. */
  via?: Executor,
) => Promise<{ version: number; found: Map<string, V> }>;

/** A scope's values as read at `version` (null: none). */
interface Held<V> {
  version: number;
  values: Map<string, V | null>;
}

export class VersionHeld<V> {
  readonly #read: ReadAtVersion<V>;
  readonly #max: number;
  /** By scope: the version its values were read at, and each key's. */
  readonly #byScope = new Map<string, Held<V>>();
  #size = 0;

  /** `max`: values held in all; past it everything is dropped and read again as callers need it. */
  constructor(read: ReadAtVersion<V>, options: { max?: number } = {}) {
    this.#read = read;
    this.#max = options.max ?? 50_000;
  }

  /** Values held (all scopes). */
  get size(): number {
    return this.#size;
  }

  /** The value of each of these keys in the scope, by key (keys without one are absent). */
  async get(scope: string, keys: readonly string[], via?: Executor): Promise<Map<string, V>> {
    if (this.#size + keys.length > this.#max) this.clear();
    const held = this.#byScope.get(scope);
    const missing = held ? keys.filter((k) => !held.values.has(k)) : [...keys];
    const read = await this.#read(scope, missing, via);
    if (held && held.version === read.version) {
      const found = new Map<string, V>();
      for (const k of keys) {
        const v = held.values.has(k) ? held.values.get(k) : read.found.get(k);
        if (v) found.set(k, v);
      }
      // (Another caller may have replaced what was held meanwhile.)
      if (this.#byScope.get(scope) === held) this.#keep(held, missing, read.found);
      return found;
    }
    // First read of the scope, or the version moved since: what was held is dropped, and the keys held are
    // read again. Kept only when both reads saw the same version.
    this.#drop(scope);
    const rest = held ? keys.filter((k) => held.values.has(k)) : [];
    const again = rest.length > 0 ? await this.#read(scope, rest, via) : null;
    if (!again || again.version === read.version) {
      this.#drop(scope);
      const fresh: Held<V> = { version: read.version, values: new Map() };
      this.#byScope.set(scope, fresh);
      this.#keep(fresh, missing, read.found);
      if (again) this.#keep(fresh, rest, again.found);
    }
    return new Map([...read.found, ...(again?.found ?? [])]);
  }

  #keep(held: Held<V>, keys: readonly string[], read: Map<string, V>): void {
    for (const k of keys) {
      if (!held.values.has(k)) {
        // Full (one call asked for more than it holds): answered, not held.
        if (this.#size >= this.#max) continue;
        this.#size++;
      }
      held.values.set(k, read.get(k) ?? null);
    }
  }

  #drop(scope: string): void {
    this.#size -= this.#byScope.get(scope)?.values.size ?? 0;
    this.#byScope.delete(scope);
  }

  /** Drops what is held of a scope (all of it, or the values `which` picks): a change made here, known at once. */
  drop(scope: string, which?: (value: V) => boolean): void {
    const held = this.#byScope.get(scope);
    if (!held) return;
    if (!which) return this.#drop(scope);
    for (const [k, v] of held.values)
      if (v !== null && which(v)) {
        held.values.delete(k);
        this.#size--;
      }
  }

  /** Drops every value held. */
  clear(): void {
    this.#byScope.clear();
    this.#size = 0;
  }
}
