import type { Actor } from '../shared/actor.ts';
import { AppError, conflict, notFound } from '../shared/app-error.ts';
import { MAX_ACTIVE_TOKENS, TOKEN_NAME_MAX, TOKEN_PREFIX, type AccessTokenRecord } from './model.ts';
import type { AuthDeps } from './ports.ts';
import { canRevokeToken } from './policies.ts';

/** The actor's personal access tokens that still work, newest first. */
export async function listTokens(deps: Pick<AuthDeps, 'store'>, actor: Actor): Promise<AccessTokenRecord[]> {
  return deps.store.listActiveTokens(actor.userId);
}

/**
 * Creates a personal access token. The secret (`lin_…`) is returned once; only its hash is stored, so it
 * cannot be shown again.
 */
export async function createToken(
  deps: Pick<AuthDeps, 'store' | 'secrets' | 'clock' | 'ids'>,
  actor: Actor,
  input: { name: string },
): Promise<{ token: AccessTokenRecord; secret: string }> {
  const name = input.name.trim();
  if (name.length === 0 || name.length > TOKEN_NAME_MAX) {
    throw new AppError('bad_request', `The token name must be 1–${TOKEN_NAME_MAX} characters`, {
      code: 'invalid_token_name',
    });
  }
  if ((await deps.store.countActiveTokens(actor.userId)) >= MAX_ACTIVE_TOKENS) {
    throw conflict(
      `You already have ${MAX_ACTIVE_TOKENS} tokens; revoke one you no longer use`,
      'too_many_tokens',
    );
  }
  const secret = `${TOKEN_PREFIX}${deps.secrets.random()}`;
  const token: AccessTokenRecord = {
    id: deps.ids.id(),
    userId: actor.userId,
    name,
    createdAt: deps.clock.now(),
    lastUsedAt: null,
    revokedAt: null,
  };
  await deps.store.insertToken({ ...token, tokenHash: deps.secrets.hash(secret) });
  return { token, secret };
}

/**
 * Revokes one of the actor's tokens; it stops working on the next request. Someone else's token is a 404,
 * as if it did not exist. Revoking a revoked token changes nothing.
 */
export async function revokeToken(
  deps: Pick<AuthDeps, 'store' | 'clock'>,
  actor: Actor,
  input: { tokenId: string },
): Promise<void> {
  const token = await deps.store.findToken(input.tokenId);
  if (!token || !canRevokeToken(actor, token)) throw notFound('token');
  if (token.revokedAt) return;
  await deps.store.revokeToken(token.id, deps.clock.now());
}
