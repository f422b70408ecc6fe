import { describe, expect, it } from 'vitest';
import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/app-error.ts';
import { fakeDeps } from './fakes.ts';
import { MAX_ACTIVE_TOKENS } from './model.ts';
import { createToken, listTokens, revokeToken } from './tokens.ts';

const alice: Actor = { userId: 'u-alice', displayName: 'Alice', via: 'session' };
const bob: Actor = { userId: 'u-bob', displayName: 'Bob', via: 'token' };

async function codeOf(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw new Error('expected an AppError');
  return err.code;
}

describe('personal access tokens', () => {
  it('creates a lin_ secret and stores only its hash', async () => {
    const deps = fakeDeps();
    const { token, secret } = await createToken(deps, alice, { name: ' laptop script ' });
    expect(secret).toMatch(/^lin_/);
    expect(token).toMatchObject({
      name: 'laptop script',
      userId: 'u-alice',
      lastUsedAt: null,
      revokedAt: null,
    });
    const stored = deps.store.tokens.get(token.id)!;
    expect(stored.tokenHash).toBe(`sha:${secret}`);
    expect(JSON.stringify(stored)).not.toContain(`"${secret}"`);
  });

  it('lists only the actor’s live tokens, newest first', async () => {
    const deps = fakeDeps();
    const a = await createToken(deps, alice, { name: 'a' });
    deps.advance(1000);
    const b = await createToken(deps, alice, { name: 'b' });
    await createToken(deps, bob, { name: 'bob' });
    await revokeToken(deps, alice, { tokenId: a.token.id });
    expect((await listTokens(deps, alice)).map((t) => t.id)).toEqual([b.token.id]);
  });

  it("treats someone else's token as missing", async () => {
    const deps = fakeDeps();
    const { token } = await createToken(deps, alice, { name: 'a' });
    expect(await codeOf(revokeToken(deps, bob, { tokenId: token.id }))).toBe('token_not_found');
    expect(deps.store.tokens.get(token.id)?.revokedAt).toBeNull();
    expect(await codeOf(revokeToken(deps, bob, { tokenId: 'no-such' }))).toBe('token_not_found');
  });

  it('revoking twice keeps the first revocation time', async () => {
    const deps = fakeDeps();
    const { token } = await createToken(deps, alice, { name: 'a' });
    await revokeToken(deps, alice, { tokenId: token.id });
    const first = deps.store.tokens.get(token.id)?.revokedAt;
    deps.advance(5000);
    await revokeToken(deps, alice, { tokenId: token.id });
    expect(deps.store.tokens.get(token.id)?.revokedAt).toEqual(first);
  });

  it('rejects blank and long names, and caps the number of live tokens', async () => {
    const deps = fakeDeps();
    expect(await codeOf(createToken(deps, alice, { name: '  ' }))).toBe('invalid_token_name');
    expect(await codeOf(createToken(deps, alice, { name: 'x'.repeat(61) }))).toBe('invalid_token_name');
    for (let i = 0; i < MAX_ACTIVE_TOKENS; i++) await createToken(deps, alice, { name: `t${i}` });
    expect(await codeOf(createToken(deps, alice, { name: 'one more' }))).toBe('too_many_tokens');
  });
});
