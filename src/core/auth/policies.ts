/** Who may do what with accounts and tokens. Pure functions, tested on their own. */
import type { Actor } from '../shared/actor.ts';
import type { AccessTokenRecord } from './model.ts';

/** A token is only ever visible to, and revocable by, the user it belongs to. */
export function canRevokeToken(actor: Actor, token: Pick<AccessTokenRecord, 'userId'>): boolean {
  return token.userId === actor.userId;
}

/** Signing out ends a browser session; a bearer token is revoked through /api/me/tokens instead. */
export function canEndSession(actor: Actor, sessionId: string | null): sessionId is string {
  return actor.via === 'session' && sessionId !== null;
}

/** How stale last_used_at may get before it is written again: at most one write a minute per token. */
export const TOKEN_TOUCH_INTERVAL_MS = 60_000;

/** Whether a request with this token should record its use (cheap: most requests write nothing). */
export function shouldTouchToken(lastUsedAt: Date | null, now: Date): boolean {
  return lastUsedAt === null || now.getTime() - lastUsedAt.getTime() >= TOKEN_TOUCH_INTERVAL_MS;
}
