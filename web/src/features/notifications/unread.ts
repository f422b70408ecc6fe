import { useEffect, useSyncExternalStore } from 'react';
import { api, seg } from '../../api-client.ts';
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

/** The unread count, fetched on mount and every minute while the page is visible. */
export function useUnreadCount(communityId: string): number {
  const count = useSyncExternalStore(subscribe, () => counts.get(communityId) ?? 0);
  useEffect(() => {
    let stopped = false;
    const load = () => {
      if (document.visibilityState === 'hidden') return;
      api
        .get<NotificationFeed>(`/api/communities/${seg(communityId)}/notifications?limit=1`)
        .then((feed) => {
          if (!stopped) setUnread(communityId, feed.unreadCount);
        })
        .catch(() => undefined); // a badge is not worth an error message
    };
    load();
    const timer = setInterval(load, POLL_MS);
    document.addEventListener('visibilitychange', load);
    return () => {
      stopped = true;
      clearInterval(timer);
      document.removeEventListener('visibilitychange', load);
    };
  }, [communityId]);
  return count;
}
