/** What a post says about itself in words: its state, who wrote it, how long ago. Pure: the screens translate. */
import type { Party, StreetPost, StreetRole } from './types.ts';

const ROLES: readonly StreetRole[] = ['admin', 'leader', 'volunteer'];

/** A role as the server sent it (a notification's `byRole`), or null when it is none of ours. */
export function asRole(value: unknown): StreetRole | null {
  return ROLES.find((r) => r === value) ?? null;
}

/**
 * "1-302 楼长", "3-502", or the role alone for a role holder without a household of their own; '' when there is
 * nothing to say. `withRole` joins a label and a role name in the reader's language.
 */
export function partyText(
  party: Party,
  roleName: (role: StreetRole) => string,
  withRole: (label: string, role: string) => string,
): string {
  if (party.label && party.role) return withRole(party.label, roleName(party.role));
  if (party.label) return party.label;
  return party.role ? roleName(party.role) : '';
}

/**
 * The state badge of a post: a need is 等人帮忙 (open), 有人帮忙 (taken), 已解决; any post 已关闭 or removed. An
 * open post of another kind has none: being on the board is its normal state.
 */
export type StatusBadge = 'waiting' | 'taken' | 'resolved' | 'closed' | 'removed';

export function statusBadge(post: Pick<StreetPost, 'kind' | 'status'>): StatusBadge | null {
  switch (post.status) {
    case 'open':
      return post.kind === 'need' ? 'waiting' : null;
    case 'taken':
      return 'taken';
    case 'resolved':
    case 'closed':
    case 'removed':
      return post.status;
    default: {
      const never: never = post.status;
      return never;
    }
  }
}

/** How long ago: 刚刚, minutes, hours, days up to a week; past that, the date ("12/3 14:05"). */
export type Ago =
  { unit: 'justNow' } | { unit: 'minutes' | 'hours' | 'days'; count: number } | { unit: 'date' };

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function ago(iso: string, now: number): Ago {
  const ms = now - Date.parse(iso);
  if (!Number.isFinite(ms)) return { unit: 'date' };
  // A phone whose clock is behind the server's: "刚刚", not "-2 分钟前".
  if (ms < MINUTE) return { unit: 'justNow' };
  if (ms < HOUR) return { unit: 'minutes', count: Math.floor(ms / MINUTE) };
  if (ms < DAY) return { unit: 'hours', count: Math.floor(ms / HOUR) };
  if (ms < 7 * DAY) return { unit: 'days', count: Math.floor(ms / DAY) };
  return { unit: 'date' };
}
