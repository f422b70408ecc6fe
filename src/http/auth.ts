import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../core/shared/app-error.ts';
import type { Actor } from '../core/shared/actor.ts';
import { hashSecret } from '../core/shared/secrets.ts';
import type { Container } from '../container.ts';

export const SESSION_COOKIE = 'linli_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    /** The CSRF token of the cookie session (null for bearer tokens and anonymous requests). */
    sessionCsrf: string | null;
    sessionId: string | null;
  }
  interface FastifyContextConfig {
    /**
     * Sign-up and sign-in replace the browser's session rather than act on it, so they skip the CSRF check
     * (a stale cookie must not block signing in again; cross-site forms cannot send their JSON bodies).
     */
    skipCsrf?: boolean;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves the actor from `Authorization: Bearer` or the session cookie on every /api request, and
 * enforces CSRF on cookie-authenticated writes (the client echoes the session's token in X-CSRF-Token).
 */
export function registerAuth(app: FastifyInstance, container: Container): void {
  app.decorateRequest('actor', null);
  app.decorateRequest('sessionCsrf', null);
  app.decorateRequest('sessionId', null);
  // Token uses wait a few seconds to be written together; write what is left when the server stops.
  app.addHook('onClose', () => container.authRepo.recordTokenUses());

  app.addHook('onRequest', async (request) => {
    if (!request.url.startsWith('/api/')) return;
    const header = request.headers.authorization;
    if (header) {
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match)
        throw new AppError('unauthenticated', 'Authorization must be "Bearer <token>"', {
          code: 'bad_token',
        });
      // Cached for a few seconds and batched with concurrent lookups; records the token's use once a minute.
      const found = await container.authRepo.resolveToken(hashSecret(match[1]!), container.clock.now());
      if (!found)
        throw new AppError('unauthenticated', 'The access token is unknown or revoked', {
          code: 'bad_token',
        });
      request.actor = { userId: found.userId, displayName: found.displayName, via: 'token' };
      return;
    }
    const cookie = request.cookies[SESSION_COOKIE];
    if (!cookie) return;
    const session = await container.authRepo.resolveSession(hashSecret(cookie), container.clock.now());
    if (!session) return; // an expired cookie is the same as none; the client will be asked to sign in
    request.actor = { userId: session.userId, displayName: session.displayName, via: 'session' };
    request.sessionCsrf = session.csrfToken;
    request.sessionId = session.sessionId;
    if (
      !SAFE_METHODS.has(request.method) &&
      !request.routeOptions.config.skipCsrf &&
      request.headers[CSRF_HEADER] !== session.csrfToken
    ) {
      throw new AppError('forbidden', 'Missing or wrong X-CSRF-Token; reload the page and try again', {
        code: 'csrf_failed',
      });
    }
  });
}

/** For routes that need a signed-in user: the actor, or a 401. */
export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor)
    throw new AppError('unauthenticated', 'Please sign in first', { code: 'unauthenticated' });
  return request.actor;
}
