import { shouldTouchToken, TOKEN_TOUCH_INTERVAL_MS } from '../../core/auth/policies.ts';

/**
 * Bearer-token resolution without a query per request: a short-lived cache of token hash → user, and one
 * statement for all the lookups that arrive while the previous one runs (a rush of 5,000 first requests is a
 * few dozen statements, not 10,000).
 */

export interface CachedToken {
  tokenId: string;
  userId: string;
  displayName: string;
  lastUsedAt: Date | null;
}

/**
 * Looks up these token hashes (live tokens only) and, in the same statement, records the use of those whose
 * last use is at or before `staleBefore`; returns them with their last use as stored afterwards.
 */
export type LookupTokens = (
  hashes: readonly string[],
  now: Date,
  staleBefore: Date,
) => Promise<(CachedToken & { tokenHash: string })[]>;

export interface TokenCacheOptions {
  /** How long a resolved token is trusted without asking the database (revocation here is immediate). */
  ttlMs?: number;
  maxEntries?: number;
}

interface Entry {
  token: CachedToken;
  /** Time (of the `now` the callers pass) after which the database is asked again. */
  until: number;
}

interface Waiter {
  hash: string;
  now: Date;
  resolve(token: CachedToken | null): void;
  reject(error: unknown): void;
}

export const TOKEN_CACHE_TTL_MS = 5_000;

/**
 * Revocation and user edits made through this process invalidate at once; another instance's cache may
 * trust a revoked token for up to `ttlMs`. A lookup that started before an invalidation is not cached.
 */
export class TokenCache {
  readonly #lookup: LookupTokens;
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #entries = new Map<string, Entry>();
  #waiting: Waiter[] = [];
  #running = false;
  #generation = 0;

  constructor(lookup: LookupTokens, options: TokenCacheOptions = {}) {
    this.#lookup = lookup;
    this.#ttlMs = options.ttlMs ?? TOKEN_CACHE_TTL_MS;
    this.#maxEntries = options.maxEntries ?? 20_000;
  }

  /** The live token with this hash, or null. A cache hit is trusted until its TTL or until its use is due. */
  resolve(hash: string, now: Date): Promise<CachedToken | null> {
    const hit = this.#entries.get(hash);
    if (hit) {
      // Once its use is due to be recorded, a token goes back to the database (which writes it).
      if (now.getTime() < hit.until && !shouldTouchToken(hit.token.lastUsedAt, now))
        return Promise.resolve(hit.token);
      this.#entries.delete(hash);
    }
    return new Promise((resolve, reject) => {
      this.#waiting.push({ hash, now, resolve, reject });
      if (!this.#running) {
        this.#running = true;
        // Start after the current tick so that lookups arriving together share the first statement.
        setImmediate(() => void this.#drain());
      }
    });
  }

  /** Forget a token (revoked). */
  invalidateToken(tokenId: string): void {
    this.#generation++;
    for (const [hash, e] of this.#entries) if (e.token.tokenId === tokenId) this.#entries.delete(hash);
  }

  /** Forget every token of a user (renamed, removed). */
  invalidateUser(userId: string): void {
    this.#generation++;
    for (const [hash, e] of this.#entries) if (e.token.userId === userId) this.#entries.delete(hash);
  }

  get size(): number {
    return this.#entries.size;
  }

  async #drain(): Promise<void> {
    while (this.#waiting.length > 0) {
      const batch = this.#waiting;
      this.#waiting = [];
      const generation = this.#generation;
      const now = batch.reduce((latest, w) => (w.now > latest ? w.now : latest), batch[0]!.now);
      try {
        const hashes = [...new Set(batch.map((w) => w.hash))];
        const found = await this.#lookup(hashes, now, new Date(now.getTime() - TOKEN_TOUCH_INTERVAL_MS));
        const byHash = new Map(found.map(({ tokenHash, ...token }) => [tokenHash, token]));
        if (generation === this.#generation)
          for (const [hash, token] of byHash) this.#remember(hash, token, now);
        for (const w of batch) w.resolve(byHash.get(w.hash) ?? null);
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    this.#running = false;
  }

  #remember(hash: string, token: CachedToken, now: Date): void {
    if (this.#entries.size >= this.#maxEntries) {
      // Oldest first (insertion order); entries are short-lived anyway.
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(hash, { token, until: now.getTime() + this.#ttlMs });
  }
}
