import { and, asc, count, desc, eq, inArray, isNull, lt, ne, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { accessTokens, sessions, users } from '../schema/auth.ts';
import {
  communities,
  householdClaims,
  households,
  members,
  volunteerBuildings,
} from '../schema/community.ts';
import type { AuthStore } from '../../core/auth/ports.ts';
import type { AccessTokenRecord, MembershipSummary, User } from '../../core/auth/model.ts';
import { LookupBatcher } from './lookup-batcher.ts';
import { rows } from './raw-sql.ts';
import {
  AUTH,
  TokenCache,
  type CachedToken,
  type LookupTokens,
  type RecordTokenUses,
} from './token-cache.ts';
import { VersionHeld, type ReadAtVersion } from './version-held.ts';

export interface ResolvedSession {
  sessionId: string;
  userId: string;
  displayName: string;
  csrfToken: string;
}

const userColumns = {
  id: users.id,
  displayName: users.displayName,
  phone: users.phone,
  locale: users.locale,
  createdAt: users.createdAt,
};

const tokenColumns = {
  id: accessTokens.id,
  userId: accessTokens.userId,
  name: accessTokens.name,
  createdAt: accessTokens.createdAt,
  lastUsedAt: accessTokens.lastUsedAt,
  revokedAt: accessTokens.revokedAt,
};

/**
 * The hashes of a batched lookup as rows, for one index probe per hash (`… CROSS JOIN LATERAL (… WHERE x.token_hash
 * = h.hash LIMIT 1)`). Written so because `token_hash IN (…)` let the embedded database's planner choose a
 * sequential scan: with 5,000 tokens and a batch of 35 hashes, 10–13 ms instead of ~1 ms, growing with every
 * token and session ever issued. It never refreshes statistics on its own, and even after ANALYZE it scanned
 * (issue #7).
 */
const hashRows = (hashes: readonly string[]) =>
  sql`jsonb_array_elements_text(${JSON.stringify(hashes)}::jsonb) AS h(hash)`;

const asDate = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string));

/**
 * A ReadAtVersion over hashes: `auth_version` and the rows `query` finds for them (keyed by their token_hash), in
 * ONE statement (one snapshot, as VersionHeld needs; the version alone when no hash is missing).
 */
function byHashAtAuthVersion<R extends { token_hash: string }, V>(
  db: Executor,
  query: (hashes: readonly string[]) => SQL,
  toValue: (row: R) => V,
): ReadAtVersion<V> {
  return async (_scope, hashes, via) => {
    const [r] = await rows<{ v: unknown; j: string | null }>(
      via ?? db,
      hashes.length > 0
        ? sql`SELECT (SELECT version FROM auth_version WHERE id = 1) AS v,
            (SELECT json_agg(q)::text FROM (${query(hashes)}) q) AS j`
        : sql`SELECT version AS v, NULL AS j FROM auth_version WHERE id = 1`,
    );
    const found = new Map<string, V>();
    for (const row of r?.j ? (JSON.parse(r.j) as R[]) : []) found.set(row.token_hash, toValue(row));
    return { version: Number(r?.v ?? -1), found };
  };
}

/** One statement for a set of bearer tokens: the version, and the live ones with their user and last use. */
const lookupTokens = (db: Executor): LookupTokens =>
  byHashAtAuthVersion(
    db,
    (hashes) => sql`SELECT t.id AS token_id, t.token_hash, t.user_id, u.display_name, t.last_used_at
      FROM ${hashRows(hashes)}
      CROSS JOIN LATERAL (SELECT * FROM access_tokens x
        WHERE x.token_hash = h.hash AND x.revoked_at IS NULL LIMIT 1) t
      CROSS JOIN LATERAL (SELECT display_name FROM users y WHERE y.id = t.user_id LIMIT 1) u`,
    (r: {
      token_hash: string;
      token_id: string;
      user_id: string;
      display_name: string;
      last_used_at: unknown;
    }) => ({
      tokenId: r.token_id,
      userId: r.user_id,
      displayName: r.display_name,
      lastUsedAt: asDate(r.last_used_at),
    }),
  );

/** A session as held: what a request resolves to, and when it ends. */
type HeldSession = ResolvedSession & { expiresAt: number };

/** One statement for a set of session cookies: the version, and the sessions with their user (expired too). */
const lookupSessions = (db: Executor): ReadAtVersion<HeldSession> =>
  byHashAtAuthVersion(
    db,
    (
      hashes,
    ) => sql`SELECT s.token_hash, s.id AS session_id, s.user_id, u.display_name, s.csrf_token, s.expires_at
      FROM ${hashRows(hashes)}
      CROSS JOIN LATERAL (SELECT * FROM sessions x WHERE x.token_hash = h.hash LIMIT 1) s
      CROSS JOIN LATERAL (SELECT display_name FROM users y WHERE y.id = s.user_id LIMIT 1) u`,
    (r: {
      token_hash: string;
      session_id: string;
      user_id: string;
      display_name: string;
      csrf_token: string;
      expires_at: string;
    }) => ({
      sessionId: r.session_id,
      userId: r.user_id,
      displayName: r.display_name,
      csrfToken: r.csrf_token,
      expiresAt: Date.parse(r.expires_at),
    }),
  );

/** One statement for a set of token uses; a use never moves a token's last use back (several instances). */
function recordTokenUses(db: Executor): RecordTokenUses {
  return async (uses) => {
    await db.execute(sql`UPDATE access_tokens AS t SET last_used_at = v.at
      FROM jsonb_to_recordset(${JSON.stringify(uses.map((u) => ({ token_id: u.tokenId, at: u.at })))}::jsonb)
        AS v(token_id uuid, at timestamptz)
      WHERE t.id = v.token_id AND (t.last_used_at IS NULL OR t.last_used_at < v.at)`);
  };
}

/** Accounts, sessions and tokens; plus a read-only look at the community tables for GET /api/me. */
export function createAuthRepo(db: Executor) {
  const tokens = new TokenCache(lookupTokens(db), recordTokenUses(db));
  // Sessions found are held while auth_version holds (a sign-out moves it): a request costs its batch one
  // small statement, not a lookup.
  const heldSessions = new VersionHeld(lookupSessions(db), { max: 50_000 });
  const sessionLookups = new LookupBatcher<ResolvedSession>(async (hashes, now) => {
    const live = new Map<string, ResolvedSession>();
    for (const [hash, { expiresAt, ...session }] of await heldSessions.get(AUTH, hashes))
      if (expiresAt > now.getTime()) live.set(hash, session);
    return live;
  });
  return {
    /**
     * Every bearer request: the token's user unless the token was revoked; its use is recorded at most once a
     * minute, a few seconds later and together with others'. Held while auth_version holds and looked up in
     * batches (token-cache.ts): revoking a token or renaming its user takes effect at the next request.
     */
    resolveToken(tokenHash: string, now: Date): Promise<CachedToken | null> {
      return tokens.resolve(tokenHash, now);
    },

    /** Writes the token uses noted so far (a timer does it a few seconds after each; call on shutdown). */
    recordTokenUses(): Promise<void> {
      return tokens.recordUses();
    },

    /**
     * Every cookie request: the live session and its user (expired sessions are not found). Held while
     * auth_version holds, so signing out (which moves it) ends the session at the next request, on every
     * instance; lookups that arrive together share one statement.
     */
    resolveSession(tokenHash: string, now: Date): Promise<ResolvedSession | null> {
      return sessionLookups.get(tokenHash, now);
    },

    ...createAuthStore(db, tokens),
  };
}

/** A token as stored, with its latest use even if that is still waiting to be written. */
function withPendingUse(token: AccessTokenRecord, tokens: TokenCache): AccessTokenRecord {
  const pending = tokens.pendingUse(token.id);
  return pending && (!token.lastUsedAt || token.lastUsedAt < pending)
    ? { ...token, lastUsedAt: pending }
    : token;
}

function createAuthStore(db: Executor, tokens: TokenCache): AuthStore {
  const store: AuthStore = {
    transaction: (fn) => db.transaction((tx) => fn(createAuthStore(tx, tokens))),

    async insertUser(user) {
      const rows = await db
        .insert(users)
        .values(user)
        .onConflictDoNothing({ target: users.phone })
        .returning({ id: users.id });
      return rows.length === 1;
    },

    async findUserById(id) {
      const rows = await db.select(userColumns).from(users).where(eq(users.id, id)).limit(1);
      return rows[0] ?? null;
    },

    async findUserByPhone(phone) {
      const rows = await db
        .select({ ...userColumns, passwordHash: users.passwordHash })
        .from(users)
        .where(eq(users.phone, phone))
        .limit(1);
      return rows[0] ?? null;
    },

    async updateUser(id, patch): Promise<User | null> {
      const rows = await db.update(users).set(patch).where(eq(users.id, id)).returning(userColumns);
      tokens.invalidateUser(id);
      return rows[0] ?? null;
    },

    async insertSession(session) {
      await db.insert(sessions).values(session);
    },

    async deleteSession(id) {
      await db.delete(sessions).where(eq(sessions.id, id));
    },

    async deleteExpiredSessions(userId, now) {
      const rows = await db
        .delete(sessions)
        .where(and(eq(sessions.userId, userId), lt(sessions.expiresAt, now)))
        .returning({ id: sessions.id });
      return rows.length;
    },

    async insertToken(token) {
      await db.insert(accessTokens).values(token);
    },

    async findToken(id): Promise<AccessTokenRecord | null> {
      const rows = await db.select(tokenColumns).from(accessTokens).where(eq(accessTokens.id, id)).limit(1);
      return rows[0] ? withPendingUse(rows[0], tokens) : null;
    },

    async listActiveTokens(userId) {
      const rows = await db
        .select(tokenColumns)
        .from(accessTokens)
        .where(and(eq(accessTokens.userId, userId), isNull(accessTokens.revokedAt)))
        .orderBy(desc(accessTokens.createdAt), desc(accessTokens.id));
      return rows.map((r) => withPendingUse(r, tokens));
    },

    async countActiveTokens(userId) {
      const rows = await db
        .select({ n: count() })
        .from(accessTokens)
        .where(and(eq(accessTokens.userId, userId), isNull(accessTokens.revokedAt)));
      return Number(rows[0]?.n ?? 0);
    },

    async revokeToken(id, at) {
      await db
        .update(accessTokens)
        .set({ revokedAt: at })
        .where(and(eq(accessTokens.id, id), isNull(accessTokens.revokedAt)));
      tokens.invalidateToken(id);
    },

    async listMemberships(userId): Promise<MembershipSummary[]> {
      const rows = await db
        .select({
          communityId: members.communityId,
          communityName: communities.name,
          memberId: members.id,
          isAdmin: members.isAdmin,
          isLeader: members.isLeader,
          householdId: households.id,
          householdLabel: households.label,
          claimStatus: householdClaims.status,
        })
        .from(members)
        .innerJoin(communities, eq(communities.id, members.communityId))
        // A member holds at most one live (pending or verified) claim per compound; rejected ones are history.
        .leftJoin(
          householdClaims,
          and(eq(householdClaims.memberId, members.id), ne(householdClaims.status, 'rejected')),
        )
        .leftJoin(households, eq(households.id, householdClaims.householdId))
        .where(eq(members.userId, userId))
        .orderBy(asc(members.createdAt), asc(members.id));
      if (rows.length === 0) return [];
      const scopes = await db
        .select({ memberId: volunteerBuildings.memberId, buildingId: volunteerBuildings.buildingId })
        .from(volunteerBuildings)
        .where(
          inArray(
            volunteerBuildings.memberId,
            rows.map((r) => r.memberId),
          ),
        )
        .orderBy(asc(volunteerBuildings.buildingId));
      return rows.map((r) => ({
        communityId: r.communityId,
        communityName: r.communityName,
        memberId: r.memberId,
        isAdmin: r.isAdmin,
        isLeader: r.isLeader,
        volunteerBuildingIds: scopes.filter((s) => s.memberId === r.memberId).map((s) => s.buildingId),
        household:
          r.householdId && r.householdLabel && r.claimStatus
            ? { id: r.householdId, label: r.householdLabel, status: r.claimStatus }
            : null,
      }));
    },
  };
  return store;
}

export type AuthRepo = ReturnType<typeof createAuthRepo>;
