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

  /** `max`: values held in all; past it those used longest ago are dropped (read again if callers need them). */
  constructor(read: ReadAtVersion<V>, options: { max?: number } = {}) {
    this.#read = read;
    this.#max = options.max ?? 50_000;
  }

  /** Values held (all scopes). */
  get size(): number {
    return this.#size;
  }

  /**
   * The value of this key in the scope as held at exactly `version` (null: held as absent); undefined when the
   * scope is not held at that version or the key is not held. No statement: `version` must have been read by
   * the caller, after what it answers began, for the value to be as fresh as `get`'s.
   */
  heldAt(scope: string, key: string, version: number): V | null | undefined {
    const held = this.#byScope.get(scope);
    if (!held || held.version !== version) return undefined;
    return held.values.get(key);
  }

  /** The value of each of these keys in the scope, by key (keys without one are absent). */
  async get(scope: string, keys: readonly string[], via?: Executor): Promise<Map<string, V>> {
    return (await this.getAt(scope, keys, via)).found;
  }

  /**
   * `get`, with the scope's version the values hold at (NaN when it moved while they were read: then nothing can
   * be known to hold at any version). A caller that keeps what it made of values read at a version may keep
   * using it while a later call answers the same version: e.g. asking only for the keys it has not made anything
   * of yet (BuysRepo.publicEntries).
   */
  async getAt(
    scope: string,
    keys: readonly string[],
    via?: Executor,
  ): Promise<{ version: number; found: Map<string, V> }> {
    const held = this.#byScope.get(scope);
    // What is held of these keys now (room made for another call may drop it while the read is under way).
    const known = new Map<string, V | null>();
    const missing: string[] = [];
    if (held) {
      // Used last, dropped last: the scope and the keys it holds move to the back.
      this.#byScope.delete(scope);
      this.#byScope.set(scope, held);
      for (const k of keys) {
        const v = held.values.get(k);
        if (v === undefined) missing.push(k);
        else {
          known.set(k, v);
          held.values.delete(k);
          held.values.set(k, v);
        }
      }
    } else missing.push(...keys);
    this.#makeRoom(missing.length, scope);
    const read = await this.#read(scope, missing, via);
    if (held && held.version === read.version) {
      const found = new Map<string, V>();
      for (const k of keys) {
        const v = known.has(k) ? known.get(k) : read.found.get(k);
        // (null: held as absent. A value may be falsy.)
        if (v !== null && v !== undefined) found.set(k, v);
      }
      // (Another caller may have replaced what was held meanwhile.)
      if (this.#byScope.get(scope) === held) this.#keep(held, missing, read.found);
      return { version: read.version, found };
    }
    // First read of the scope, or the version moved since: what was held is dropped, and the keys held are
    // read again. Kept only when both reads saw the same version.
    this.#drop(scope);
    const rest = [...known.keys()];
    const again = rest.length > 0 ? await this.#read(scope, rest, via) : null;
    if (!again || again.version === read.version) {
      this.#drop(scope);
      const fresh: Held<V> = { version: read.version, values: new Map() };
      this.#byScope.set(scope, fresh);
      this.#keep(fresh, missing, read.found);
      if (again) this.#keep(fresh, rest, again.found);
    }
    return {
      version: !again || again.version === read.version ? read.version : Number.NaN,
      found: new Map([...read.found, ...(again?.found ?? [])]),
    };
  }

  /**
   * Makes room for `n` more values: past `max`, the values used longest ago (this call's own just moved to the back) are dropped (scopes in the order
   * they were last used, each scope's values in the same order) until a quarter of `max` is free. Not all at
   * once: a district's instance holding more members than `max` would otherwise read everyone again each time
   * it filled up.
   */
  #makeRoom(n: number, asked: string): void {
    if (this.#size + n <= this.#max) return;
    let excess = this.#size + n - Math.floor((this.#max * 3) / 4);
    for (const [scope, held] of this.#byScope) {
      if (excess <= 0) break;
      // (The scope asked for stays, to hold what this call reads: its values go one by one.)
      if (held.values.size <= excess && scope !== asked) {
        excess -= held.values.size;
        this.#drop(scope);
        continue;
      }
      for (const k of held.values.keys()) {
        if (excess <= 0) break;
        held.values.delete(k);
        this.#size--;
        excess--;
      }
    }
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
