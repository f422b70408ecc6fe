import { useSyncExternalStore } from 'react';
import type { BoardFilter } from './board-filter.ts';

/**
 * 邻里街坊's posts put up or changed while this page was open (`event: street` on the bell, GET
 * …/notifications/events), per compound, oldest first. The board offers to show them (有新动态) without a
 * request: every phone with the board open refetching it at each post would be a poll by another name. A
 * person's tap reads the board again.
 */
export interface StreetNews {
  postId: string;
  kind: string;
  status: string;
  at: string;
}

const news = new Map<string, readonly StreetNews[]>();
const listeners = new Set<() => void>();
const NONE: readonly StreetNews[] = [];
/** More than a screen's worth is not worth keeping: a tap reads the board anyway. */
export const NEWS_KEPT = 50;

/** The posts a `street` frame names, or [] for anything unreadable. */
export function streetNewsOf(data: string): StreetNews[] {
  try {
    const { posts } = JSON.parse(data) as { posts?: unknown };
    if (!Array.isArray(posts)) return [];
    return posts.filter(
      (p): p is StreetNews =>
        typeof p === 'object' &&
        p !== null &&
        typeof (p as StreetNews).postId === 'string' &&
        typeof (p as StreetNews).kind === 'string' &&
        typeof (p as StreetNews).status === 'string' &&
        typeof (p as StreetNews).at === 'string',
    );
  } catch {
    return [];
  }
}

/** Takes in a `street` frame's data. */
export function noteStreet(communityId: string, data: string): void {
  const posts = streetNewsOf(data);
  if (posts.length === 0) return;
  news.set(communityId, [...(news.get(communityId) ?? NONE), ...posts].slice(-NEWS_KEPT));
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The compound's street news as it is now, oldest first. */
export const streetNewsIn = (communityId: string): readonly StreetNews[] => news.get(communityId) ?? NONE;

/** streetNewsIn, followed: the board renders again when a post is put up or changes. */
export function useStreetNews(communityId: string): readonly StreetNews[] {
  return useSyncExternalStore(subscribe, () => streetNewsIn(communityId));
}

const ACTIVE = new Set(['open', 'taken']);
const ENDED = new Set(['resolved', 'closed']);

/**
 * How many posts the news says changed that a board of `filter`, showing `shown` (read at `readAt`), does not
 * show as they are now: a post it would list (its kind, 进行中 or 已结束) that it lacks or shows older; a post
 * it shows that has left it (ended, removed). 我的 cannot be told from the frame: it offers nothing. Pure.
 */
export function unseenNews(
  all: readonly StreetNews[],
  filter: BoardFilter,
  shown: readonly { id: string; updatedAt: string }[],
): number {
  if (filter.mine) return 0;
  const byId = new Map(shown.map((p) => [p.id, Date.parse(p.updatedAt)]));
  const latest = new Map<string, StreetNews>();
  for (const n of all) latest.set(n.postId, n);
  let count = 0;
  for (const n of latest.values()) {
    const at = Date.parse(n.at);
    const showing = byId.get(n.postId);
    if (showing !== undefined && showing >= at) continue;
    const belongs =
      (filter.kind === 'all' || filter.kind === n.kind) && (filter.ended ? ENDED : ACTIVE).has(n.status);
    if (belongs || showing !== undefined) count++;
  }
  return count;
}

/** Forgets every piece of news (tests). */
export function resetStreetNews(): void {
  news.clear();
  for (const l of listeners) l();
}
