import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { accessTokens, sessions, users } from '../schema/auth.ts';

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
}

/** Lookups the HTTP layer needs on every request; the rest of the auth repository grows here. */
export function createAuthRepo(db: Executor) {
  return {
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

    async findTokenByHash(tokenHash: string): Promise<ResolvedToken | null> {
      const rows = await db
        .select({ tokenId: accessTokens.id, userId: users.id, displayName: users.displayName })
        .from(accessTokens)
        .innerJoin(users, eq(users.id, accessTokens.userId))
        .where(and(eq(accessTokens.tokenHash, tokenHash), isNull(accessTokens.revokedAt)))
        .limit(1);
      return rows[0] ?? null;
    },
  };
}

export type AuthRepo = ReturnType<typeof createAuthRepo>;
