import { afterAll, beforeAll, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { createTestSession, createTestUser, type TestUser } from '../../../test/support/users.ts';
import { hashSecret } from '../../core/shared/secrets.ts';
import { accessTokens, sessions } from '../schema/auth.ts';
import { createAuthRepo } from './auth-repo.ts';

// Bearer tokens and cookie sessions are resolved in batches: the lookups that arrive together share one
// statement (one index probe per hash). Each caller must get its own answer, whatever else is in the batch.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const secretOf = (cookie: string) => cookie.slice('linli_session='.length);

it('resolves a batch of tokens: each to its own user, revoked and unknown ones to null', async () => {
  const users: TestUser[] = [];
  for (let i = 0; i < 12; i++) users.push(await createTestUser(t.container, `用户${i}`));
  const revoked = users.slice(0, 3);
  for (const u of revoked)
    await t.container.db
      .update(accessTokens)
      .set({ revokedAt: new Date() })
      .where(eq(accessTokens.tokenHash, hashSecret(u.token)));
  // A fresh repository: nothing cached, so all of these go to the database together.
  const repo = createAuthRepo(t.container.db);
  const now = new Date();
  const asked = [...users.map((u) => u.token), 'lin_unknown', users[5]!.token];
  const found = await Promise.all(asked.map((token) => repo.resolveToken(hashSecret(token), now)));
  asked.forEach((token, i) => {
    const user = users.find((u) => u.token === token);
    if (!user || revoked.includes(user)) expect(found[i]).toBeNull();
    else
      expect(found[i]).toMatchObject({
        userId: user.userId,
        displayName: user.displayName,
      });
  });
  await repo.recordTokenUses();
});

it('reads a token’s last recorded use as a date', async () => {
  const user = await createTestUser(t.container);
  // Recent enough that this use is not noted again (a use is written at most once a minute).
  const at = new Date(Math.floor(Date.now() / 1000) * 1000 - 10_000);
  await t.container.db
    .update(accessTokens)
    .set({ lastUsedAt: at })
    .where(eq(accessTokens.tokenHash, hashSecret(user.token)));
  const found = await createAuthRepo(t.container.db).resolveToken(hashSecret(user.token), new Date());
  expect(found?.lastUsedAt).toEqual(at);
});

it('resolves a batch of sessions: live ones to their user and CSRF token, expired and unknown ones to null', async () => {
  const live: { user: TestUser; cookie: string; csrf: string }[] = [];
  for (let i = 0; i < 8; i++) {
    const user = await createTestUser(t.container, `住户${i}`);
    live.push({ user, ...(await createTestSession(t.container, user.userId)) });
  }
  const expired = live[2]!;
  await t.container.db
    .update(sessions)
    .set({ expiresAt: new Date(Date.now() - 1000) })
    .where(eq(sessions.tokenHash, hashSecret(secretOf(expired.cookie))));
  const repo = createAuthRepo(t.container.db);
  const now = new Date();
  const asked = [...live.map((l) => secretOf(l.cookie)), 'no-such-session'];
  const found = await Promise.all(asked.map((secret) => repo.resolveSession(hashSecret(secret), now)));
  asked.forEach((secret, i) => {
    const l = live.find((x) => secretOf(x.cookie) === secret);
    if (!l || l === expired) expect(found[i]).toBeNull();
    else
      expect(found[i]).toMatchObject({
        userId: l.user.userId,
        displayName: l.user.displayName,
        csrfToken: l.csrf,
      });
  });
});
