import { describe, expect, it } from 'vitest';
import type { Actor } from '../shared/actor.ts';
import { AppError } from '../shared/app-error.ts';
import { fakeDeps } from './fakes.ts';
import { logout } from './logout.ts';
import { getMe, updateMe } from './me.ts';
import { signup } from './signup.ts';

async function signedUp() {
  const deps = fakeDeps();
  const res = await signup(deps, { displayName: 'Alice', phone: '13700000000', password: 'password1' });
  const actor: Actor = { userId: res.user.id, displayName: 'Alice', via: 'session' };
  return { deps, actor, ...res };
}

describe('me', () => {
  it('returns the user with their memberships', async () => {
    const { deps, actor } = await signedUp();
    const membership = {
      communityId: 'c1',
      communityName: '阳光花园',
      memberId: 'm1',
      isAdmin: false,
      isLeader: true,
      volunteerBuildingIds: [],
      household: { id: 'h1', label: '3-502', status: 'pending' as const },
    };
    deps.store.memberships.set(actor.userId, [membership]);
    const me = await getMe(deps, actor);
    expect(me.user.displayName).toBe('Alice');
    expect(me.memberships).toEqual([membership]);
  });

  it('updates name and locale, leaving out what is not given', async () => {
    const { deps, actor } = await signedUp();
    expect(await updateMe(deps, actor, { displayName: ' Alice W ' })).toMatchObject({
      displayName: 'Alice W',
      locale: 'zh-CN',
    });
    expect(await updateMe(deps, actor, { locale: 'en' })).toMatchObject({
      displayName: 'Alice W',
      locale: 'en',
    });
    expect(await updateMe(deps, actor, {})).toMatchObject({ displayName: 'Alice W', locale: 'en' });
  });

  it('answers 401 when the account is gone', async () => {
    const { deps, actor } = await signedUp();
    deps.store.users.clear();
    await expect(getMe(deps, actor)).rejects.toBeInstanceOf(AppError);
    await expect(updateMe(deps, actor, { locale: 'en' })).rejects.toMatchObject({ code: 'unauthenticated' });
  });
});

describe('logout', () => {
  it('deletes the cookie session and ignores bearer or anonymous callers', async () => {
    const { deps, actor, session } = await signedUp();
    await logout(deps, { ...actor, via: 'token' }, { sessionId: session.sessionId });
    expect(deps.store.sessions.size).toBe(1);
    await logout(deps, null, { sessionId: null });
    await logout(deps, actor, { sessionId: session.sessionId });
    expect(deps.store.sessions.size).toBe(0);
  });
});
