import { and, asc, count, desc, eq, gt, inArray, isNull, lt, lte, ne, or } from 'drizzle-orm';
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

export interface ResolvedSession {
  sessionId: string;
  userId: string;
  displayName: string;
  csrfToken: string;
}

export interface ResolvedToken {
  tokenId: string;
  userId: string;
  displayName: string;
  lastUsedAt: Date | null;
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

/** Accounts, sessions and tokens; plus a read-only look at the community tables for GET /api/me. */
export function createAuthRepo(db: Executor) {
  return {
    /** Every cookie request: the live session and its user (expired sessions are not found). */
    async findSessionByHash(tokenHash: string, now: Date): Promise<ResolvedSession | null> {
      const rows = await db
        .select({
          sessionId: sessions.id,
          userId: users.id,
          displayName: users.displayName,
          csrfToken: sessions.csrfToken,
        })
        .from(sessions)
        .innerJoin(users, eq(users.id, sessions.userId))
        .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now)))
        .limit(1);
      return rows[0] ?? null;
    },

    /** Every bearer request: the token's user, unless the token was revoked. */
    async findTokenByHash(tokenHash: string): Promise<ResolvedToken | null> {
      const rows = await db
        .select({
          tokenId: accessTokens.id,
          userId: users.id,
          displayName: users.displayName,
          lastUsedAt: accessTokens.lastUsedAt,
        })
        .from(accessTokens)
        .innerJoin(users, eq(users.id, accessTokens.userId))
        .where(and(eq(accessTokens.tokenHash, tokenHash), isNull(accessTokens.revokedAt)))
        .limit(1);
      return rows[0] ?? null;
    },

    /**
     * Records a token's use. The condition makes concurrent requests (and other instances) write at most
     * once per window (last use at or before `staleBefore` is stale) instead of once per request.
     */
    async touchToken(tokenId: string, now: Date, staleBefore: Date): Promise<void> {
      await db
        .update(accessTokens)
        .set({ lastUsedAt: now })
        .where(
          and(
            eq(accessTokens.id, tokenId),
            or(isNull(accessTokens.lastUsedAt), lte(accessTokens.lastUsedAt, staleBefore)),
          ),
        );
    },

    ...createAuthStore(db),
  };
}

function createAuthStore(db: Executor): AuthStore {
  const store: AuthStore = {
    transaction: (fn) => db.transaction((tx) => fn(createAuthStore(tx))),

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
      return rows[0] ?? null;
    },

    async listActiveTokens(userId) {
      return db
        .select(tokenColumns)
        .from(accessTokens)
        .where(and(eq(accessTokens.userId, userId), isNull(accessTokens.revokedAt)))
        .orderBy(desc(accessTokens.createdAt), desc(accessTokens.id));
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
