import type { IssuedSession } from './model.ts';
import { SESSION_TTL_MS } from './model.ts';
import type { AuthDeps, AuthStore } from './ports.ts';

/**
 * Starts a browser session for `userId`. Expired sessions of the same user are removed here, so the table
 * is cleaned lazily without a background job.
 */
export async function issueSession(
  deps: Pick<AuthDeps, 'secrets' | 'clock' | 'ids'>,
  store: Pick<AuthStore, 'insertSession' | 'deleteExpiredSessions' | 'deleteSession'>,
  userId: string,
  replacesSessionId: string | null = null,
): Promise<IssuedSession> {
  const now = deps.clock.now();
  const secret = deps.secrets.random();
  const session = {
    id: deps.ids.id(),
    userId,
    tokenHash: deps.secrets.hash(secret),
    csrfToken: deps.secrets.random(16),
    expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
  };
  // Signing in on a browser that still holds a session replaces it rather than leaving it behind.
  if (replacesSessionId) await store.deleteSession(replacesSessionId);
  await store.deleteExpiredSessions(userId, now);
  await store.insertSession(session);
  return { sessionId: session.id, secret, csrfToken: session.csrfToken, expiresAt: session.expiresAt };
}
