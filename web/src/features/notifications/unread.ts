import { useEffect, useSyncExternalStore } from 'react';
import { api, seg } from '../../api-client.ts';
import { jittered } from '../../retry.ts';
import type { NotificationFeed } from './types.ts';
import { noteOpened } from '../buys/opened.ts';
import { noteStreet } from '../street/street-news.ts';

/** The unread count per compound, shared by the tab badge and the notifications page. */
const counts = new Map<string, number>();
/** When the server last said the count (performance.now()), per compound. */
const saidAt = new Map<string, number>();
const listeners = new Set<() => void>();

function store(communityId: string, count: number): void {
  if (counts.get(communityId) === count) return;
  counts.set(communityId, count);
  for (const l of listeners) l();
}

/** The count as the server just said it (a feed or a mark-read answer). */
export function setUnread(communityId: string, count: number): void {
  saidAt.set(communityId, performance.now());
  store(communityId, count);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const POLL_MS = 60_000;
/**
 * A ring asks the count after a random wait of up to this: a notice to the whole compound (a buy opened)
 * rings every phone in the same instant, and 5,000 phones asking at once would be a rush of their own.
 */
export const RING_SPREAD_MS = 3_000;
/** After the server refused the bell's stream (signed out, a restart), it is opened again this much later. */
const REOPEN_MS = 30_000;

/** How long a ring waits before the count is asked (0 ≤ wait < `spread`, RING_SPREAD_MS by default). */
export const ringDelay = (random: () => number = Math.random, spread = RING_SPREAD_MS): number =>
  Math.floor(random() * spread);

/** The server's badge stops at this and the tab says "99+" (UNREAD_CAP, core/notifications/feed.ts). */
export const UNREAD_CAP = 100;
/**
 * A count the server said this recently may already hold a ring's notices: they commit a moment before their
 * ring is sent, and a fetch can fall in between.
 */
export const FRESH_COUNT_MS = 2_000;

/**
 * The count a bell's first frame says (`event: unread`, sent when it opens), or null when it says none that
 * can be taken.
 */
export function unreadOf(data: string): number | null {
  try {
    const { count } = JSON.parse(data) as { count?: unknown };
    return typeof count === 'number' && Number.isSafeInteger(count) && count >= 0
      ? Math.min(UNREAD_CAP, count)
      : null;
  } catch {
    return null;
  }
}

/**
 * What a ring does to the badge. A ring says how many notices it brings (`count`), and they are added at once,
 * with no request: a buy opened rings every phone of the compound in the same instant, in the second its
 * rush begins. The count is asked instead (after ringDelay) when the ring does not say (an older server), or
 * when a count was being fetched or has just been, which may hold the ring's notices already. Either way the
 * minute's poll sets the count from the server again.
 */
export function afterRing(
  data: string,
  state: { count: number; fetching: boolean; sinceSaidMs: number },
): { set: number } | 'ask' {
  let brought: unknown;
  try {
    brought = (JSON.parse(data) as { count?: unknown }).count;
  } catch {
    return 'ask';
  }
  if (typeof brought !== 'number' || !Number.isSafeInteger(brought) || brought < 0) return 'ask';
  if (state.fetching || state.sinceSaidMs < FRESH_COUNT_MS) return 'ask';
  return { set: Math.min(UNREAD_CAP, state.count + brought) };
}

/** The stored count as it is now, without fetching (the notifications page follows it). */
export function useUnreadValue(communityId: string): number {
  return useSyncExternalStore(subscribe, () => counts.get(communityId) ?? 0);
}

/**
 * The unread count, from the member's bell (GET …/notifications/events): it says the count when it opens and
 * whenever it comes back (`event: unread`), and `notification.created` with how many when their feed has
 * something new (afterRing), so the phone asks nothing when the app opens, nor when a restarted server's
 * bells all come back at once. The count is fetched when the bell cannot be had (no EventSource; a refused
 * stream), when a ring asks it, when the page becomes visible again, and every minute while it is visible.
 * The bell also says which buys open (`event: buy.opened`, for the 团购 list: opened.ts), and when a member of
 * the household marked notifications read (`event: read`: the count is asked again, so that the badge of this
 * member's other phone goes down at once, not at the next poll).
 */
export function useUnreadCount(communityId: string): number {
  const count = useUnreadValue(communityId);
  useEffect(() => {
    let stopped = false;
    let ring: ReturnType<typeof setTimeout> | null = null;
    let reopen: ReturnType<typeof setTimeout> | null = null;
    let source: EventSource | null = null;
    let fetching = 0;
    const load = () => {
      if (document.visibilityState === 'hidden') return;
      fetching++;
      api
        .get<NotificationFeed>(`/api/communities/${seg(communityId)}/notifications?limit=1`)
        .then((feed) => {
          if (!stopped) setUnread(communityId, feed.unreadCount);
        })
        .catch(() => undefined) // a badge is not worth an error message
        .finally(() => fetching--);
    };
    const ask = () => {
      ring ??= setTimeout(() => {
        ring = null;
        load();
      }, ringDelay());
    };
    const open = () => {
      if (typeof EventSource === 'undefined') {
        load();
        return;
      }
      source = new EventSource(`/api/communities/${seg(communityId)}/notifications/events`, {
        withCredentials: true,
      });
      // The bell's first word, on every (re)connection: the count as it is now (what rang while it was away).
      source.addEventListener('unread', (e: MessageEvent<string>) => {
        const said = unreadOf(e.data);
        if (said !== null && !stopped) setUnread(communityId, said);
      });
      source.onmessage = (e: MessageEvent<string>) => {
        const next = afterRing(e.data, {
          count: counts.get(communityId) ?? 0,
          // (An ask only waiting to be sent sets the count when it is: adding meanwhile is safe.)
          fetching: fetching > 0,
          sinceSaidMs: performance.now() - (saidAt.get(communityId) ?? -Infinity),
        });
        if (next === 'ask') ask();
        else store(communityId, next.set);
      };
      // A buy opened: the 团购 list offers it (opened.ts), and the badge waits for the notice's own ring.
      source.addEventListener('buy.opened', (e: MessageEvent<string>) => noteOpened(communityId, e.data));
      // 邻里街坊: posts put up or changed; the board offers to show them (street-news.ts).
      source.addEventListener('street', (e: MessageEvent<string>) => noteStreet(communityId, e.data));
      // Someone of the household (this member on another phone among them) marked notifications read.
      source.addEventListener('read', load);
      source.onerror = () => {
        if (source?.readyState !== EventSource.CLOSED || stopped) return;
        // Refused (signed out, a server starting): the count is fetched, and the bell tried again later.
        source.close();
        load();
        reopen = setTimeout(open, jittered(REOPEN_MS));
      };
    };
    open();
    const timer = setInterval(load, POLL_MS);
    document.addEventListener('visibilitychange', load);
    return () => {
      stopped = true;
      clearInterval(timer);
      if (ring) clearTimeout(ring);
      if (reopen) clearTimeout(reopen);
      source?.close();
      document.removeEventListener('visibilitychange', load);
    };
  }, [communityId]);
  return count;
}
