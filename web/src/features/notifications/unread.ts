import { useEffect, useSyncExternalStore } from 'react';
import { api, seg } from '../../api-client.ts';
import { jittered } from '../../retry.ts';
import type { NotificationFeed } from './types.ts';

/** The unread count per compound, shared by the tab badge and the notifications page. */
const counts = new Map<string, number>();
const listeners = new Set<() => void>();

export function setUnread(communityId: string, count: number): void {
  if (counts.get(communityId) === count) return;
  counts.set(communityId, count);
  for (const l of listeners) l();
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

/** How long a ring waits before the count is asked (0 ≤ wait < RING_SPREAD_MS). */
export const ringDelay = (random: () => number = Math.random): number =>
  Math.floor(random() * RING_SPREAD_MS);

/** The stored count as it is now, without fetching (the notifications page follows it). */
export function useUnreadValue(communityId: string): number {
  return useSyncExternalStore(subscribe, () => counts.get(communityId) ?? 0);
}

/**
 * The unread count: fetched on mount, whenever the member's bell rings (GET …/notifications/events sends
 * `notification.created` when their feed has something new), whenever the bell's stream (re)connects, and
 * every minute while the page is visible, in case the stream cannot be had.
 */
export function useUnreadCount(communityId: string): number {
  const count = useUnreadValue(communityId);
  useEffect(() => {
    let stopped = false;
    let ring: ReturnType<typeof setTimeout> | null = null;
    let reopen: ReturnType<typeof setTimeout> | null = null;
    let source: EventSource | null = null;
    const load = () => {
      if (document.visibilityState === 'hidden') return;
      api
        .get<NotificationFeed>(`/api/communities/${seg(communityId)}/notifications?limit=1`)
        .then((feed) => {
          if (!stopped) setUnread(communityId, feed.unreadCount);
        })
        .catch(() => undefined); // a badge is not worth an error message
    };
    const open = () => {
      if (typeof EventSource === 'undefined') return;
      source = new EventSource(`/api/communities/${seg(communityId)}/notifications/events`, {
        withCredentials: true,
      });
      // What rang while it was away: asked once it is back (the first open has just been loaded).
      let first = true;
      source.onopen = () => {
        if (!first) load();
        first = false;
      };
      source.onmessage = () => {
        ring ??= setTimeout(() => {
          ring = null;
          load();
        }, ringDelay());
      };
      source.onerror = () => {
        if (source?.readyState !== EventSource.CLOSED || stopped) return;
        source.close();
        reopen = setTimeout(open, jittered(REOPEN_MS));
      };
    };
    load();
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
