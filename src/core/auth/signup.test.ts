import { describe, expect, it } from 'vitest';
import { AppError } from '../shared/app-error.ts';
import { fakeDeps } from './fakes.ts';
import { SESSION_TTL_MS } from './model.ts';
import { signup } from './signup.ts';

const input = { displayName: '  王阿姨 ', phone: '+86 138-1234-5678', password: 'correct horse' };

async function codeOf(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`);
  return err.code;
}

describe('signup', () => {
  it('creates the user with a normalised phone, a hashed password and a 30-day session', async () => {
    const deps = fakeDeps();
    const { user, session } = await signup(deps, input);
    expect(user).toMatchObject({ displayName: '王阿姨', phone: '13812345678', locale: 'zh-CN' });
    expect(deps.store.users.get(user.id)?.passwordHash).toBe('hashed:correct horse');
    const stored = deps.store.sessions.get(session.sessionId);
    expect(stored?.tokenHash).toBe(`sha:${session.secret}`);
    expect(stored?.csrfToken).toBe(session.csrfToken);
    expect(session.expiresAt.getTime() - deps.clock.now().getTime()).toBe(SESSION_TTL_MS);
  });

  it('keeps the chosen locale', async () => {
    const { user } = await signup(fakeDeps(), { ...input, locale: 'en' });
    expect(user.locale).toBe('en');
  });

  it('refuses a phone that is already registered, however it is typed', async () => {
    const deps = fakeDeps();
    await signup(deps, input);
    expect(await codeOf(signup(deps, { ...input, phone: '13812345678' }))).toBe('phone_taken');
    expect(deps.store.users.size).toBe(1);
  });

  it.each([
    [{ phone: '12345' }, 'invalid_phone'],
    [{ displayName: '   ' }, 'invalid_display_name'],
    [{ displayName: 'x'.repeat(41) }, 'invalid_display_name'],
    [{ displayName: 'a\nb' }, 'invalid_display_name'],
    [{ password: 'short' }, 'weak_password'],
    [{ password: 'x'.repeat(129) }, 'weak_password'],
  ])('rejects %o with %s', async (patch, code) => {
    const deps = fakeDeps();
    expect(await codeOf(signup(deps, { ...input, ...patch }))).toBe(code);
    expect(deps.store.users.size).toBe(0);
  });

  it('replaces the browser session it signs up from', async () => {
    const deps = fakeDeps();
    const first = await signup(deps, input);
    const second = await signup(deps, {
      ...input,
      phone: '13900000000',
      replacesSessionId: first.session.sessionId,
    });
    expect([...deps.store.sessions.keys()]).toEqual([second.session.sessionId]);
  });
});
