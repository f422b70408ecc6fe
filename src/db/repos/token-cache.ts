import { shouldTouchToken, TOKEN_TOUCH_INTERVAL_MS } from '../../core/auth/policies.ts';
import { LookupBatcher } from './lookup-batcher.ts';

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
  readonly #batcher: LookupBatcher<CachedToken>;
  #generation = 0;

  constructor(lookup: LookupTokens, options: TokenCacheOptions = {}) {
    this.#lookup = lookup;
    this.#batcher = new LookupBatcher((hashes, now) => this.#load(hashes, now));
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
    return this.#batcher.get(hash, now);
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

  async #load(hashes: readonly string[], now: Date): Promise<Map<string, CachedToken>> {
    const generation = this.#generation;
    const found = await this.#lookup(hashes, now, new Date(now.getTime() - TOKEN_TOUCH_INTERVAL_MS));
    const byHash = new Map(found.map(({ tokenHash, ...token }) => [tokenHash, token]));
    // Revoked (or edited) while this lookup ran: answer the callers, who asked before it, but do not cache.
    if (generation === this.#generation) for (const [hash, token] of byHash) this.#remember(hash, token, now);
    return byHash;
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
