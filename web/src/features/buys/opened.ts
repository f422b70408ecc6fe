import { useSyncExternalStore } from 'react';

/**
 * Buys the bell said opened while this page was open (`event: buy.opened`, GET …/notifications/events),
 * per compound, oldest first. The 团购 list and the home's open buys offer the ones they do not show yet
 * (NewBuysNotice), without a request: a buy opened reaches every phone of the compound in the second its
 * rush begins, and 5,000 lists refetched then would be a rush of their own. A person's tap fetches it.
 */
const opened = new Map<string, readonly string[]>();
const listeners = new Set<() => void>();
const NONE: readonly string[] = [];
/** More than a screen's worth of new buys is not worth keeping: the list's own reload shows them. */
export const OPENED_KEPT = 20;

/** The buy a `buy.opened` frame names, or null for anything else. */
export function openedBuyOf(data: string): string | null {
  try {
    const { buyId } = JSON.parse(data) as { buyId?: unknown };
    return typeof buyId === 'string' && /^[-0-9a-f]{36}$/i.test(buyId) ? buyId : null;
  } catch {
    return null;
  }
}

/** Takes in a `buy.opened` frame's data (unreadable ones are ignored). */
export function noteOpened(communityId: string, data: string): void {
  const buyId = openedBuyOf(data);
  const was = opened.get(communityId) ?? NONE;
  if (buyId === null || was.includes(buyId)) return;
  opened.set(communityId, [...was, buyId].slice(-OPENED_KEPT));
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The buys opened in the compound while this page was open, oldest first. */
export const openedIn = (communityId: string): readonly string[] => opened.get(communityId) ?? NONE;

/** openedIn, followed: the component renders again when a buy opens. */
export function useOpenedBuys(communityId: string): readonly string[] {
  return useSyncExternalStore(subscribe, () => openedIn(communityId));
}

/** Which of the opened buys a list that holds `shown` does not show yet. */
export function notShown(openedIds: readonly string[], shown: readonly { id: string }[]): string[] {
  const ids = new Set(shown.map((b) => b.id));
  return openedIds.filter((id) => !ids.has(id));
}

/** Forgets every opened buy (tests). */
export function resetOpened(): void {
  opened.clear();
  for (const l of listeners) l();
}
