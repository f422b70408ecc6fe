import { describe, expect, it } from 'vitest';
import { AppError } from '../shared/app-error.ts';
import { fakeDeps } from './fakes.ts';
import { login } from './login.ts';
import { SESSION_TTL_MS } from './model.ts';
import { signup } from './signup.ts';

async function registered() {
  const deps = fakeDeps();
  const { user, session } = await signup(deps, {
    displayName: '李师傅',
    phone: '13912345678',
    password: 'hunter2hunter2',
  });
  return { deps, user, session };
}

async function failure(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof AppError)) throw new Error('expected an AppError');
  return err;
}

describe('login', () => {
  it('signs in with the phone typed any way', async () => {
    const { deps, user } = await registered();
    const res = await login(deps, { phone: '+86 139 1234 5678', password: 'hunter2hunter2' });
    expect(res.user).toEqual(user);
    expect(res.user).not.toHaveProperty('passwordHash');
    expect(deps.store.sessions.get(res.session.sessionId)?.userId).toBe(user.id);
  });

  it('gives the same answer for a wrong password and an unknown phone, hashing in both cases', async () => {
    const { deps } = await registered();
    const wrong = await failure(login(deps, { phone: '13912345678', password: 'nope-nope' }));
    const unknown = await failure(login(deps, { phone: '13800000000', password: 'hunter2hunter2' }));
    const malformed = await failure(login(deps, { phone: 'abc', password: 'hunter2hunter2' }));
    for (const e of [wrong, unknown, malformed]) {
      expect(e.code).toBe('bad_credentials');
      expect(e.message).toBe(wrong.message);
    }
    expect(deps.hasher.dummyChecks).toBe(2);
  });

  it('refuses an account without a password', async () => {
    const { deps, user } = await registered();
    deps.store.users.get(user.id)!.passwordHash = null;
    expect((await failure(login(deps, { phone: '13912345678', password: 'hunter2hunter2' }))).code).toBe(
      'bad_credentials',
    );
  });

  it('cleans up the user’s expired sessions and keeps live ones', async () => {
    const { deps, session: old } = await registered();
    deps.advance(SESSION_TTL_MS / 2);
    const { session: live } = await login(deps, { phone: '13912345678', password: 'hunter2hunter2' });
    deps.advance(SESSION_TTL_MS / 2 + 1);
    const { session: latest } = await login(deps, { phone: '13912345678', password: 'hunter2hunter2' });
    expect(new Set(deps.store.sessions.keys())).toEqual(new Set([live.sessionId, latest.sessionId]));
    expect(deps.store.sessions.has(old.sessionId)).toBe(false);
  });
});
