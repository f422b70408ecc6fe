import { accessTokens, sessions, users } from '../../src/db/schema/auth.ts';
import { hashSecret, randomSecret } from '../../src/core/shared/secrets.ts';
import type { Container } from '../../src/container.ts';

let phoneCounter = 13_800_000_000;

export interface TestUser {
  userId: string;
  displayName: string;
  phone: string;
  /** Bearer token: pass as `headers: bearer(user)`. */
  token: string;
}

/** Creates a user with a personal access token directly (no password hashing: tests stay fast). */
export async function createTestUser(c: Container, displayName = 'Test User'): Promise<TestUser> {
  const userId = c.ids.id();
  const phone = String(++phoneCounter + Math.floor(Math.random() * 1000) * 1000);
  await c.db.insert(users).values({ id: userId, displayName, phone });
  const token = `lin_${randomSecret()}`;
  await c.db
    .insert(accessTokens)
    .values({ id: c.ids.id(), userId, name: 'test', tokenHash: hashSecret(token) });
  return { userId, displayName, phone, token };
}

/** Creates a browser session for a user; returns the cookie and its CSRF token. */
export async function createTestSession(
  c: Container,
  userId: string,
): Promise<{ cookie: string; csrf: string }> {
  const secret = randomSecret();
  const csrf = randomSecret(16);
  await c.db.insert(sessions).values({
    id: c.ids.id(),
    userId,
    tokenHash: hashSecret(secret),
    csrfToken: csrf,
    expiresAt: new Date(Date.now() + 3600_000),
  });
  return { cookie: `linli_session=${secret}`, csrf };
}

export const bearer = (u: { token: string }) => ({ authorization: `Bearer ${u.token}` });
