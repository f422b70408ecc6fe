import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { eq, sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { createTestDb } from '../../../test/support/test-db.ts';
import { bearer, createTestSession, createTestUser } from '../../../test/support/users.ts';
import {
  addRole,
  createPendingResident,
  createTestCommunity,
  createVerifiedResident,
} from '../../../test/support/community.ts';
import { createContainer, type Container } from '../../container.ts';
import { buildApp } from '../app.ts';
import { hashSecret } from '../../core/shared/secrets.ts';
import type { DbHandle } from '../../db/client.ts';
import { accessTokens, sessions } from '../../db/schema/auth.ts';
import { householdClaims, members } from '../../db/schema/community.ts';

let t: TestApp;
let app: FastifyInstance;
let phoneSeq = 0;

beforeAll(async () => {
  t = await createTestApp();
  app = t.app;
});
afterAll(async () => {
  await t.close();
});

/** A fresh mainland number per test, typed the way people do. */
const newPhone = () =>
  `+86 150-${String(++phoneSeq).padStart(4, '0')}-${String(Date.now() % 10000).padStart(4, '0')}`;
const digits = (phone: string) => phone.replace(/\D/g, '').slice(-11);

function sessionCookie(res: { cookies: Array<{ name: string; value: string }> }): string {
  const c = res.cookies.find((x) => x.name === 'linli_session');
  if (!c) throw new Error('no session cookie');
  return `linli_session=${c.value}`;
}

async function signUp(a: FastifyInstance, body: Record<string, unknown> = {}) {
  const phone = newPhone();
  const res = await a.inject({
    method: 'POST',
    url: '/api/auth/signup',
    payload: { displayName: '王阿姨', phone, password: 'correct horse', ...body },
  });
  expect(res.statusCode).toBe(201);
  return { res, phone: digits(phone), cookie: sessionCookie(res), csrf: res.json().csrfToken as string };
}

/** PATCH /api/me on an app, with these headers (a cookie and its CSRF token, or a bearer token). */
const patchMe = (a: FastifyInstance, headers: Record<string, string>, payload: string | object) =>
  a.inject({ method: 'PATCH', url: '/api/me', headers, payload });

function expectErrorShape(res: { statusCode: number; json(): unknown }, status: number, code: string) {
  expect(res.statusCode).toBe(status);
  const body = res.json() as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message).toEqual(expect.any(String));
}

describe('POST /api/auth/signup', () => {
  it('creates the account, signs in and sets a 30-day httpOnly Lax cookie', async () => {
    const { res, phone } = await signUp(app, { displayName: '  王阿姨  ', locale: 'en' });
    const body = res.json();
    expect(body.user).toEqual({ id: expect.any(String), displayName: '王阿姨', phone, locale: 'en' });
    expect(body.csrfToken).toEqual(expect.any(String));
    expect(JSON.stringify(body)).not.toMatch(/hash/i);
    const cookie = res.cookies.find((c) => c.name === 'linli_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie.secure).toBeFalsy();
    const days = ((cookie.expires as Date).getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThanOrEqual(30);
  });

  it('marks the cookie Secure behind an https proxy', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/signup',
      headers: { 'x-forwarded-proto': 'https' },
      payload: { displayName: 'Li', phone: newPhone(), password: 'correct horse' },
    });
    expect(res.statusCode).toBe(201);
    expect(res.cookies.find((c) => c.name === 'linli_session')?.secure).toBe(true);
  });

  it('answers 409 phone_taken for a registered number, however it is typed', async () => {
    const { phone } = await signUp(app);
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/signup',
      payload: { displayName: 'Someone', phone: `0086 ${phone}`, password: 'another one' },
    });
    expectErrorShape(res, 409, 'phone_taken');
  });

  it('lets exactly one of two simultaneous sign-ups with the same phone through', async () => {
    const phone = newPhone();
    const results = await Promise.all(
      ['甲', '乙', '丙'].map((displayName) =>
        app.inject({
          method: 'POST',
          url: '/api/auth/signup',
          payload: { displayName, phone, password: 'correct horse' },
        }),
      ),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, 409, 409]);
  });

  it.each([
    ['a missing password', { displayName: 'A', phone: '13900000001' }],
    ['a missing phone', { displayName: 'A', password: 'password1' }],
    ['an empty object', {}],
    ['a 10 KB name', { displayName: 'x'.repeat(10_240), phone: '13900000001', password: 'password1' }],
    ['a blank name', { displayName: '   ', phone: '13900000001', password: 'password1' }],
    ['a name over two lines', { displayName: 'a\nb', phone: '13900000001', password: 'password1' }],
    ['a landline', { displayName: 'A', phone: '021-6234-5678', password: 'password1' }],
    ['a 10 KB phone', { displayName: 'A', phone: '1'.repeat(10_240), password: 'password1' }],
    ['a short password', { displayName: 'A', phone: '13900000001', password: 'short' }],
    ['a 10 KB password', { displayName: 'A', phone: '13900000001', password: 'p'.repeat(10_240) }],
    ['a numeric phone', { displayName: 'A', phone: 13900000001, password: 'password1' }],
    ['a null name', { displayName: null, phone: '13900000001', password: 'password1' }],
    ['an array name', { displayName: ['A'], phone: '13900000001', password: 'password1' }],
    ['an unknown locale', { displayName: 'A', phone: '13900000001', password: 'password1', locale: 'fr' }],
  ])('rejects %s with 400 validation_failed', async (_what, payload) => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/signup', payload });
    expectErrorShape(res, 400, 'validation_failed');
  });

  it('names the field that is wrong', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/signup',
      payload: { displayName: 'A', phone: '12345', password: 'password1' },
    });
    expect(res.json().error.details.issues[0].path).toMatch(/phone/);
  });

  it('rejects malformed JSON, an array body and a non-JSON body without a 500', async () => {
    const malformed = await app.inject({
      method: 'POST',
      url: '/api/auth/signup',
      headers: { 'content-type': 'application/json' },
      payload: '{"displayName": "A", ',
    });
    expectErrorShape(malformed, 400, 'malformed_json');
    const array = await app.inject({ method: 'POST', url: '/api/auth/signup', payload: [1, 2] });
    expectErrorShape(array, 400, 'validation_failed');
    const text = await app.inject({
      method: 'POST',
      url: '/api/auth/signup',
      headers: { 'content-type': 'text/plain' },
      payload: 'displayName=A',
    });
    // Fastify reads text/plain as a string, which the schema then refuses.
    expectErrorShape(text, 400, 'validation_failed');
    const empty = await app.inject({
      method: 'POST',
      url: '/api/auth/signup',
      headers: { 'content-type': 'application/json' },
    });
    expect(empty.statusCode).toBe(400);
  });
});

describe('POST /api/auth/login', () => {
  it('signs in with the phone typed any way and returns a working session', async () => {
    const { phone } = await signUp(app);
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: {
        phone: `+86 ${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`,
        password: 'correct horse',
      },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().user.phone).toBe(phone);
    const me = await app.inject({ url: '/api/me', headers: { cookie: sessionCookie(res) } });
    expect(me.statusCode).toBe(200);
    expect(me.json().csrfToken).toBe(res.json().csrfToken);
  });

  it('gives one answer for a wrong password and an unknown phone', async () => {
    const { phone } = await signUp(app);
    const wrong = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { phone, password: 'not the password' },
    });
    const unknown = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { phone: '13311112222', password: 'correct horse' },
    });
    expectErrorShape(wrong, 401, 'bad_credentials');
    expectErrorShape(unknown, 401, 'bad_credentials');
    expect(wrong.json().error.message).toBe(unknown.json().error.message);
    expect(wrong.cookies).toHaveLength(0);
  });

  it('rejects missing, oversized and mistyped fields with 400', async () => {
    for (const payload of [
      {},
      { phone: '13311112222' },
      { phone: '13311112222', password: '' },
      { phone: '13311112222', password: 'x'.repeat(10_240) },
      { phone: 13311112222, password: 'password1' },
      { phone: '13311112222', password: { $ne: '' } },
    ]) {
      const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload });
      expectErrorShape(res, 400, 'validation_failed');
    }
  });

  it('works from a browser that still holds a session, without a CSRF token, and replaces that session', async () => {
    const { phone, cookie } = await signUp(app);
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { cookie },
      payload: { phone, password: 'correct horse' },
    });
    expect(res.statusCode).toBe(200);
    expect((await app.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
    expect((await app.inject({ url: '/api/me', headers: { cookie: sessionCookie(res) } })).statusCode).toBe(
      200,
    );
  });

  it('removes the user’s expired sessions', async () => {
    const { phone, res } = await signUp(app);
    const userId = res.json().user.id as string;
    await t.container.db.insert(sessions).values({
      id: t.container.ids.id(),
      userId,
      tokenHash: `expired-${userId}`,
      csrfToken: 'x',
      expiresAt: new Date(Date.now() - 1000),
    });
    await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { phone, password: 'correct horse' },
    });
    const left = await t.container.db.select().from(sessions).where(eq(sessions.userId, userId));
    expect(left.every((s) => s.expiresAt.getTime() > Date.now())).toBe(true);
    expect(left).toHaveLength(2);
  });
});

describe('POST /api/auth/logout', () => {
  it('ends the session and clears the cookie', async () => {
    const { cookie, csrf } = await signUp(app);
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect(res.statusCode).toBe(204);
    const cleared = res.cookies.find((c) => c.name === 'linli_session')!;
    expect(cleared.value).toBe('');
    expect((cleared.expires as Date).getTime()).toBeLessThan(Date.now());
    expectErrorShape(await app.inject({ url: '/api/me', headers: { cookie } }), 401, 'unauthenticated');
  });

  it('needs the CSRF token with a cookie', async () => {
    const { cookie } = await signUp(app);
    const res = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    expectErrorShape(res, 403, 'csrf_failed');
    expect((await app.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(200);
  });

  it('is a no-op without a session, and leaves a bearer token working', async () => {
    expect((await app.inject({ method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(204);
    const user = await createTestUser(t.container);
    expect(
      (await app.inject({ method: 'POST', url: '/api/auth/logout', headers: bearer(user) })).statusCode,
    ).toBe(204);
    expect((await app.inject({ url: '/api/me', headers: bearer(user) })).statusCode).toBe(200);
  });
});

describe('sessions and tokens held between requests (auth_version)', () => {
  it('a sign-out, a revocation or a rename on one instance is seen by the next request on another', async () => {
    const other = await buildApp(createContainer(t.handle));
    try {
      const version = async () =>
        Number(
          (
            (await t.container.db.execute(sql`SELECT version FROM auth_version WHERE id = 1`)) as unknown as {
              rows: { version: number }[];
            }
          ).rows[0]!.version,
        );
      const { cookie, csrf } = await signUp(app);
      const user = await createTestUser(t.container);
      // Both instances have read (and hold) the session and the token.
      for (const a of [app, other]) {
        expect((await a.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(200);
        expect((await a.inject({ url: '/api/me', headers: bearer(user) })).statusCode).toBe(200);
      }
      // A new session, a token's use being recorded: nothing held changes, the version stays.
      const before = await version();
      await signUp(app);
      await t.container.authRepo.recordTokenUses();
      expect(await version()).toBe(before);

      // Renamed on this instance: the other shows the new name at once.
      const renamed = await patchMe(app, bearer(user), { displayName: '新名字' });
      expect(renamed.statusCode).toBe(200);
      expect((await other.inject({ url: '/api/me', headers: bearer(user) })).json().user.displayName).toBe(
        '新名字',
      );
      // Signed out on this instance: the other refuses the cookie at once.
      const out = await app.inject({
        method: 'POST',
        url: '/api/auth/logout',
        headers: { cookie, 'x-csrf-token': csrf },
      });
      expect(out.statusCode).toBe(204);
      expect(await version()).toBeGreaterThan(before);
      expect((await other.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
      // The token revoked behind both instances' backs (another instance, a script): refused at once.
      await t.container.db
        .update(accessTokens)
        .set({ revokedAt: new Date() })
        .where(eq(accessTokens.userId, user.userId));
      for (const a of [app, other])
        expect((await a.inject({ url: '/api/me', headers: bearer(user) })).statusCode).toBe(401);
    } finally {
      await other.close();
    }
  });
});

describe('GET /api/me', () => {
  it('is 401 without a session or token', async () => {
    expectErrorShape(await app.inject({ url: '/api/me' }), 401, 'unauthenticated');
    expectErrorShape(
      await app.inject({ url: '/api/me', headers: { cookie: 'linli_session=forged' } }),
      401,
      'unauthenticated',
    );
    expectErrorShape(
      await app.inject({ url: '/api/me', headers: { authorization: 'Bearer lin_nope' } }),
      401,
      'bad_token',
    );
    expectErrorShape(
      await app.inject({ url: '/api/me', headers: { authorization: 'Basic abc' } }),
      401,
      'bad_token',
    );
  });

  it('lists memberships with roles and the live household claim; csrfToken is null for bearer', async () => {
    const c = t.container;
    const one = await createTestCommunity(c, { name: '阳光花园', buildings: 2 });
    const two = await createTestCommunity(c, { name: '梅园新村' });
    const resident = await createPendingResident(c, one.community.id, '1-101', 'Zhang');
    await addRole(c, resident, {
      leader: true,
      volunteerBuildingIds: [one.buildings[1]!.id, one.buildings[0]!.id],
    });
    // The same user in a second compound, with a rejected claim only: no household there.
    const secondMemberId = c.ids.id();
    await c.db
      .insert(members)
      .values({ id: secondMemberId, communityId: two.community.id, userId: resident.userId });
    await c.db.insert(householdClaims).values({
      id: c.ids.id(),
      communityId: two.community.id,
      householdId: two.household('1-102').id,
      memberId: secondMemberId,
      status: 'rejected',
    });

    const res = await app.inject({ url: '/api/me', headers: bearer(resident) });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.csrfToken).toBeNull();
    expect(body.user).toEqual({
      id: resident.userId,
      displayName: 'Zhang',
      phone: resident.phone,
      locale: 'zh-CN',
    });
    expect(body.memberships).toEqual([
      {
        communityId: one.community.id,
        communityName: '阳光花园',
        memberId: resident.memberId,
        roles: {
          admin: false,
          leader: true,
          volunteerBuildingIds: [one.buildings[0]!.id, one.buildings[1]!.id].sort(),
        },
        household: { id: one.household('1-101').id, label: '1-101', status: 'pending' },
      },
      {
        communityId: two.community.id,
        communityName: '梅园新村',
        memberId: secondMemberId,
        roles: { admin: false, leader: false, volunteerBuildingIds: [] },
        household: null,
      },
    ]);

    const verified = await createVerifiedResident(c, one.community.id, '2-102');
    const admin = await app.inject({ url: '/api/me', headers: bearer(one.admin) });
    expect(admin.json().memberships[0].roles.admin).toBe(true);
    const v = await app.inject({ url: '/api/me', headers: bearer(verified) });
    expect(v.json().memberships[0].household).toMatchObject({ label: '2-102', status: 'verified' });
  });

  it('never shows another member’s phone', async () => {
    const c = t.container;
    const one = await createTestCommunity(c);
    const resident = await createVerifiedResident(c, one.community.id, '1-101');
    const res = await app.inject({ url: '/api/me', headers: bearer(resident) });
    expect(res.body).not.toContain(one.admin.phone);
  });
});

describe('PATCH /api/me', () => {
  it('changes name and locale; CSRF is required with a cookie, not with a bearer token', async () => {
    const { cookie, csrf } = await signUp(app);
    const noToken = await patchMe(app, { cookie }, { locale: 'en' });
    expectErrorShape(noToken, 403, 'csrf_failed');
    const wrong = await patchMe(app, { cookie, 'x-csrf-token': `${csrf}x` }, { locale: 'en' });
    expectErrorShape(wrong, 403, 'csrf_failed');
    const ok = await patchMe(
      app,
      { cookie, 'x-csrf-token': csrf },
      { displayName: ' 王老师 ', locale: 'en' },
    );
    expect(ok.statusCode).toBe(200);
    expect(ok.json().user).toMatchObject({ displayName: '王老师', locale: 'en' });

    const user = await createTestUser(t.container, 'Script');
    const viaToken = await patchMe(app, bearer(user), { displayName: 'Bot' });
    expect(viaToken.statusCode).toBe(200);
    expect(viaToken.json().user.displayName).toBe('Bot');
    const unchanged = await patchMe(app, bearer(user), {});
    expect(unchanged.json().user.displayName).toBe('Bot');
  });

  it('rejects bad input and anonymous callers', async () => {
    const user = await createTestUser(t.container);
    for (const payload of [
      { displayName: 'x'.repeat(10_240) },
      { displayName: '' },
      { displayName: 42 },
      { locale: 'fr' },
      { locale: null },
    ]) {
      const res = await patchMe(app, bearer(user), payload);
      expectErrorShape(res, 400, 'validation_failed');
    }
    const malformed = await patchMe(app, { ...bearer(user), 'content-type': 'application/json' }, '{');
    expectErrorShape(malformed, 400, 'malformed_json');
    expectErrorShape(
      await app.inject({ method: 'PATCH', url: '/api/me', payload: { locale: 'en' } }),
      401,
      'unauthenticated',
    );
  });
});

describe('personal access tokens', () => {
  it('creates a token shown once, lists it, and revoking it stops it at once', async () => {
    const { cookie, csrf } = await signUp(app);
    const headers = { cookie, 'x-csrf-token': csrf };
    const created = await app.inject({
      method: 'POST',
      url: '/api/me/tokens',
      headers,
      payload: { name: ' 团购脚本 ' },
    });
    expect(created.statusCode).toBe(201);
    const { token, secret } = created.json();
    expect(secret).toMatch(/^lin_[A-Za-z0-9_-]{43}$/);
    expect(token).toEqual({ id: expect.any(String), name: '团购脚本', createdAt: expect.any(String) });

    const auth = { authorization: `Bearer ${secret}` };
    const me = await app.inject({ url: '/api/me', headers: auth });
    expect(me.statusCode).toBe(200);

    const list = await app.inject({ url: '/api/me/tokens', headers });
    expect(list.json().tokens).toEqual([
      { id: token.id, name: '团购脚本', createdAt: token.createdAt, lastUsedAt: expect.any(String) },
    ]);
    expect(list.body).not.toContain(secret);

    const revoked = await app.inject({ method: 'DELETE', url: `/api/me/tokens/${token.id}`, headers });
    expect(revoked.statusCode).toBe(204);
    expectErrorShape(await app.inject({ url: '/api/me', headers: auth }), 401, 'bad_token');
    expect((await app.inject({ url: '/api/me/tokens', headers })).json().tokens).toEqual([]);
    // Revoking again is harmless.
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/me/tokens/${token.id}`, headers })).statusCode,
    ).toBe(204);
  });

  it('a bearer token can manage tokens without CSRF, including revoking itself', async () => {
    const user = await createTestUser(t.container);
    const list = await app.inject({ url: '/api/me/tokens', headers: bearer(user) });
    const own = list.json().tokens[0];
    const res = await app.inject({
      method: 'DELETE',
      url: `/api/me/tokens/${own.id}`,
      headers: bearer(user),
    });
    expect(res.statusCode).toBe(204);
    expectErrorShape(await app.inject({ url: '/api/me/tokens', headers: bearer(user) }), 401, 'bad_token');
  });

  it("answers 404 for someone else's token and for unknown ids, 400 for malformed ids", async () => {
    const alice = await createTestUser(t.container, 'Alice');
    const bob = await createTestUser(t.container, 'Bob');
    const bobs = (await app.inject({ url: '/api/me/tokens', headers: bearer(bob) })).json().tokens[0];
    const res = await app.inject({
      method: 'DELETE',
      url: `/api/me/tokens/${bobs.id}`,
      headers: bearer(alice),
    });
    expectErrorShape(res, 404, 'token_not_found');
    expect((await app.inject({ url: '/api/me', headers: bearer(bob) })).statusCode).toBe(200);
    expectErrorShape(
      await app.inject({
        method: 'DELETE',
        url: '/api/me/tokens/00000000-0000-4000-8000-000000000000',
        headers: bearer(alice),
      }),
      404,
      'token_not_found',
    );
    expectErrorShape(
      await app.inject({ method: 'DELETE', url: '/api/me/tokens/not-a-uuid', headers: bearer(alice) }),
      400,
      'validation_failed',
    );
  });

  it('rejects bad names, and anonymous callers', async () => {
    const user = await createTestUser(t.container);
    for (const payload of [{}, { name: '' }, { name: '  ' }, { name: 'x'.repeat(10_240) }, { name: 7 }]) {
      const res = await app.inject({ method: 'POST', url: '/api/me/tokens', headers: bearer(user), payload });
      expectErrorShape(res, 400, 'validation_failed');
    }
    expectErrorShape(await app.inject({ url: '/api/me/tokens' }), 401, 'unauthenticated');
    expectErrorShape(
      await app.inject({ method: 'POST', url: '/api/me/tokens', payload: { name: 'x' } }),
      401,
      'unauthenticated',
    );
    expectErrorShape(
      await app.inject({ method: 'DELETE', url: '/api/me/tokens/00000000-0000-4000-8000-000000000000' }),
      401,
      'unauthenticated',
    );
  });

  it('a session made by the test helpers works the same way', async () => {
    const user = await createTestUser(t.container);
    const s = await createTestSession(t.container, user.userId);
    const res = await app.inject({
      method: 'POST',
      url: '/api/me/tokens',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      payload: { name: 'laptop' },
    });
    expect(res.statusCode).toBe(201);
  });
});

describe('the OpenAPI document', () => {
  it('describes the accounts routes', async () => {
    const doc = (await app.inject('/api/openapi.json')).json();
    for (const path of [
      '/api/auth/signup',
      '/api/auth/login',
      '/api/auth/logout',
      '/api/me',
      '/api/me/tokens',
    ]) {
      expect(doc.paths[path]).toBeDefined();
    }
    expect(doc.paths['/api/me/tokens/{tokenId}'].delete).toBeDefined();
  });
});

describe('with a lowered sign-in limit and a controlled clock', () => {
  let handle: DbHandle;
  let limited: FastifyInstance;
  let c: Container;
  let now = new Date('2026-03-01T08:00:00Z').getTime();

  beforeAll(async () => {
    handle = await createTestDb();
    c = createContainer(handle, { clock: { now: () => new Date(now) } });
    limited = await buildApp(c, { loginRateLimit: { max: 3, perPhoneMax: 6, timeWindowMs: 60_000 } });
  });
  afterAll(async () => {
    await limited.close();
    await handle.close();
  });

  it('answers 429 rate_limited after the limit, per IP and phone', async () => {
    const { phone } = await signUp(limited);
    const attempt = (p: string, password = 'wrong password', ip = '203.0.113.7') =>
      limited.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'x-forwarded-for': ip },
        payload: { phone: p, password },
      });
    for (let i = 0; i < 3; i++) expect((await attempt(phone)).statusCode).toBe(401);
    const blocked = await attempt(`+86 ${phone}`, 'correct horse');
    expectErrorShape(blocked, 429, 'rate_limited');
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // Another account from the same address, and the same account from elsewhere, are not blocked.
    expect((await attempt('13100000000')).statusCode).toBe(401);
    expect((await attempt(phone, 'correct horse', '198.51.100.1')).statusCode).toBe(200);
    // Rotating addresses does not help past the per-phone cap (6: 3 + 1 blocked + 1 + this one).
    expect((await attempt(phone, 'wrong password', '198.51.100.2')).statusCode).toBe(401);
    const capped = await attempt(phone, 'correct horse', '198.51.100.3');
    expectErrorShape(capped, 429, 'rate_limited');
    expect(Number(capped.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('a held session ends at its expiry, though nothing moved the version', async () => {
    const user = await createTestUser(c);
    const secret = 'held-session-secret';
    await c.db.insert(sessions).values({
      id: c.ids.id(),
      userId: user.userId,
      tokenHash: hashSecret(secret),
      csrfToken: 'csrf',
      expiresAt: new Date(now + 60_000),
    });
    const cookie = `linli_session=${secret}`;
    expect((await limited.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(200);
    now += 59_000;
    expect((await limited.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(200);
    now += 1_000;
    expect((await limited.inject({ url: '/api/me', headers: { cookie } })).statusCode).toBe(401);
  });

  it('records token use at most once a minute (written a few seconds later, or when the server stops)', async () => {
    const user = await createTestUser(c);
    const lastUsed = async () => {
      await c.authRepo.recordTokenUses();
      return (await c.db.select().from(accessTokens).where(eq(accessTokens.userId, user.userId)))[0]!
        .lastUsedAt;
    };
    expect(await lastUsed()).toBeNull();
    await limited.inject({ url: '/api/me', headers: bearer(user) });
    const first = await lastUsed();
    expect(first?.getTime()).toBe(now);
    now += 30_000;
    await limited.inject({ url: '/api/me', headers: bearer(user) });
    expect((await lastUsed())?.getTime()).toBe(first?.getTime());
    now += 30_000;
    await limited.inject({ url: '/api/me', headers: bearer(user) });
    expect((await lastUsed())?.getTime()).toBe(now);
  });

  it('writes the token uses still waiting when the server stops', async () => {
    const user = await createTestUser(c);
    const own = createContainer(handle, { clock: { now: () => new Date(now) } });
    const app = await buildApp(own);
    expect((await app.inject({ url: '/api/me', headers: bearer(user) })).statusCode).toBe(200);
    await app.close();
    const [row] = await c.db.select().from(accessTokens).where(eq(accessTokens.userId, user.userId));
    expect(row!.lastUsedAt?.getTime()).toBe(now);
  });
});
