/** A small world for the use-case unit tests: fake repo, fixed clock, counting ids, recorded events. */
import type { Actor } from '../../shared/actor.ts';
import type { DomainEvent } from '../../shared/events.ts';
import type { CommunityDeps } from '../ports.ts';
import { FakeCommunityRepo } from './fake-repo.ts';

export function fixture(now = new Date('2026-04-01T08:00:00Z')) {
  const repo = new FakeCommunityRepo();
  const events: DomainEvent[] = [];
  let n = 0;
  let code = 0;
  const clock = { current: now, now: () => clock.current };
  const deps: CommunityDeps = {
    repo,
    clock,
    ids: { id: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}` },
    events: { publish: (e) => events.push(...e) },
    publicUrl: 'https://linli.example',
    newInviteCode: () => `code${++code}`,
  };
  const actor = (name: string): Actor => {
    const userId = deps.ids.id();
    repo.users.push({ id: userId, displayName: name, phone: `139${String(n).padStart(8, '0')}` });
    return { userId, displayName: name, via: 'token' };
  };
  return { repo, deps, events, clock, actor };
}
