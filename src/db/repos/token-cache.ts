import { shouldTouchToken } from '../../core/auth/policies.ts';
import { LookupBatcher } from './lookup-batcher.ts';
import { VersionHeld, type ReadAtVersion } from './version-held.ts';

/** The one scope of auth_version. */
export const AUTH = 'auth';

/**
 * Bearer-token resolution without reading the token per request: tokens found are held (version-held.ts) while
 * `auth_version` has not moved (any revocation, deletion or user rename moves it, by trigger), and every lookup
 * that arrives while the previous one runs shares one statement: the version, and the tokens not held yet (a
 * rush of 5,000 requests is a few dozen statements, most of them the version alone). A revoked token stops
 * working at the next request, on every instance. A token's last use (shown to its owner, to the minute) is
 * not written on the request's path: uses are collected and written together a few seconds later, and on
 * shutdown.
 */

export interface CachedToken {
  tokenId: string;
  userId: string;
  displayName: string;
  lastUsedAt: Date | null;
}

/**
 * One statement: `auth_version`, and these token hashes' live tokens with their user and last recorded use
 * (a ReadAtVersion of version-held.ts; the scope is always `auth`).
 */
export type LookupTokens = ReadAtVersion<CachedToken>;

/** Records these uses: each token's last use becomes `at` unless a later one is already stored. */
export type RecordTokenUses = (uses: readonly { tokenId: string; at: Date }[]) => Promise<void>;

export interface TokenCacheOptions {
  /** Tokens held at most (then those used longest ago are dropped, and read again if requests need them). */
  maxEntries?: number;
  /** How long uses wait to be written together. */
  recordAfterMs?: number;
  /** A failed write of uses (they are kept and tried again). */
  onRecordError?: (err: unknown) => void;
}

export const TOKEN_USES_RECORDED_AFTER_MS = 5_000;
const USES_PER_STATEMENT = 500;

export class TokenCache {
  readonly #record: RecordTokenUses;
  readonly #recordAfterMs: number;
  readonly #onRecordError: (err: unknown) => void;
  /** Uses not written yet: token id → time of use. */
  readonly #uses = new Map<string, Date>();
  #recordTimer: NodeJS.Timeout | null = null;
  #recording: Promise<void> = Promise.resolve();
  readonly #held: VersionHeld<CachedToken>;
  readonly #batcher: LookupBatcher<CachedToken>;

  constructor(lookup: LookupTokens, record: RecordTokenUses, options: TokenCacheOptions = {}) {
    this.#record = record;
    this.#recordAfterMs = options.recordAfterMs ?? TOKEN_USES_RECORDED_AFTER_MS;
    this.#onRecordError =
      options.onRecordError ?? ((err) => console.warn('could not record token uses', err));
    this.#held = new VersionHeld(lookup, { max: options.maxEntries ?? 20_000 });
    this.#batcher = new LookupBatcher((hashes) => this.#load(hashes));
  }

  /** The live token with this hash, or null; its use is noted (written later, at most once a minute). */
  async resolve(hash: string, now: Date): Promise<CachedToken | null> {
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

  /** Forget a token (revoked here: the version moved too, so every instance reads it again). */
  invalidateToken(tokenId: string): void {
    this.#held.drop(AUTH, (t) => t.tokenId === tokenId);
  }

  /** Forget every token of a user (renamed, removed). */
  invalidateUser(userId: string): void {
    this.#held.drop(AUTH, (t) => t.userId === userId);
  }

  get size(): number {
    return this.#held.size;
  }

  async #load(hashes: readonly string[]): Promise<Map<string, CachedToken>> {
    const found = await this.#held.get(AUTH, hashes);
    for (const token of found.values()) {
      const pending = this.#uses.get(token.tokenId);
      if (pending && (!token.lastUsedAt || token.lastUsedAt < pending)) token.lastUsedAt = pending;
    }
    return found;
  }
}
