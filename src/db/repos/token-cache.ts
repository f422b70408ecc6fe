import { shouldTouchToken } from '../../core/auth/policies.ts';
import { LookupBatcher } from './lookup-batcher.ts';

/**
 * Bearer-token resolution without a query per request: a short-lived cache of token hash → user, and one
 * statement for all the lookups that arrive while the previous one runs (a rush of 5,000 first requests is a
 * few dozen statements, not 10,000). A token's last use (shown to its owner, to the minute) is not written
 * on the request's path: uses are collected and written together a few seconds later, and on shutdown.
 */

export interface CachedToken {
  tokenId: string;
  userId: string;
  displayName: string;
  lastUsedAt: Date | null;
}

/** Looks up these token hashes: the live tokens among them, with their user and last recorded use. */
export type LookupTokens = (hashes: readonly string[]) => Promise<(CachedToken & { tokenHash: string })[]>;

/** Records these uses: each token's last use becomes `at` unless a later one is already stored. */
export type RecordTokenUses = (uses: readonly { tokenId: string; at: Date }[]) => Promise<void>;

export interface TokenCacheOptions {
  /** How long a resolved token is trusted without asking the database (revocation here is immediate). */
  ttlMs?: number;
  maxEntries?: number;
  /** How long uses wait to be written together. */
  recordAfterMs?: number;
  /** A failed write of uses (they are kept and tried again). */
  onRecordError?: (err: unknown) => void;
}

interface Entry {
  token: CachedToken;
  /** Time (of the `now` the callers pass) after which the database is asked again. */
  until: number;
}

export const TOKEN_CACHE_TTL_MS = 5_000;
export const TOKEN_USES_RECORDED_AFTER_MS = 5_000;
const USES_PER_STATEMENT = 500;

/**
 * Revocation and user edits made through this process invalidate at once; another instance's cache may
 * trust a revoked token for up to `ttlMs`. A lookup that started before an invalidation is not cached.
 */
export class TokenCache {
  readonly #lookup: LookupTokens;
  readonly #record: RecordTokenUses;
  readonly #recordAfterMs: number;
  readonly #onRecordError: (err: unknown) => void;
  /** Uses not written yet: token id → time of use. */
  readonly #uses = new Map<string, Date>();
  #recordTimer: NodeJS.Timeout | null = null;
  #recording: Promise<void> = Promise.resolve();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #entries = new Map<string, Entry>();
  readonly #batcher: LookupBatcher<CachedToken>;
  #generation = 0;

  constructor(lookup: LookupTokens, record: RecordTokenUses, options: TokenCacheOptions = {}) {
    this.#lookup = lookup;
    this.#record = record;
    this.#recordAfterMs = options.recordAfterMs ?? TOKEN_USES_RECORDED_AFTER_MS;
    this.#onRecordError =
      options.onRecordError ?? ((err) => console.warn('could not record token uses', err));
    this.#batcher = new LookupBatcher((hashes, now) => this.#load(hashes, now));
    this.#ttlMs = options.ttlMs ?? TOKEN_CACHE_TTL_MS;
    this.#maxEntries = options.maxEntries ?? 20_000;
  }

  /** The live token with this hash, or null; its use is noted (written later, at most once a minute). */
  async resolve(hash: string, now: Date): Promise<CachedToken | null> {
    const hit = this.#entries.get(hash);
    if (hit && now.getTime() < hit.until) {
      this.#used(hit.token, now);
      return hit.token;
    }
    if (hit) this.#entries.delete(hash);
    const token = await this.#batcher.get(hash, now);
    if (token) this.#used(token, now);
    return token;
  }

  /** A use not yet written, for showing a token's last use before it is (null when none is pending). */
  pendingUse(tokenId: string): Date | null {
    return this.#uses.get(tokenId) ?? null;
  }

  /** Writes the uses noted so far (called on shutdown; otherwise a timer does it). */
  recordUses(): Promise<void> {
    if (this.#recordTimer) clearTimeout(this.#recordTimer);
    this.#recordTimer = null;
    this.#recording = this.#recording.then(() => this.#writeUses());
    return this.#recording;
  }

  #used(token: CachedToken, now: Date): void {
    if (!shouldTouchToken(token.lastUsedAt, now)) return;
    token.lastUsedAt = now;
    this.#uses.set(token.tokenId, now);
    if (!this.#recordTimer) {
      this.#recordTimer = setTimeout(() => void this.recordUses(), this.#recordAfterMs);
      this.#recordTimer.unref();
    }
  }

  async #writeUses(): Promise<void> {
    const uses = [...this.#uses].map(([tokenId, at]) => ({ tokenId, at }));
    this.#uses.clear();
    for (let i = 0; i < uses.length; i += USES_PER_STATEMENT) {
      const chunk = uses.slice(i, i + USES_PER_STATEMENT);
      try {
        await this.#record(chunk);
      } catch (err) {
        // Keep what was not written (unless used again meanwhile) and try again later.
        for (const u of uses.slice(i)) if (!this.#uses.has(u.tokenId)) this.#uses.set(u.tokenId, u.at);
        this.#onRecordError(err);
        if (!this.#recordTimer) {
          this.#recordTimer = setTimeout(() => void this.recordUses(), this.#recordAfterMs);
          this.#recordTimer.unref();
        }
        return;
      }
    }
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
    const found = await this.#lookup(hashes);
    const byHash = new Map(
      found.map(({ tokenHash, ...token }) => {
        const pending = this.#uses.get(token.tokenId);
        if (pending && (!token.lastUsedAt || token.lastUsedAt < pending)) token.lastUsedAt = pending;
        return [tokenHash, token];
      }),
    );
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
