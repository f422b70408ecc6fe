/** Which live frames of the community channel a member may receive. Pure. */
import { isVisibleTo, type FeedViewer } from './policies.ts';

/** Matches no household id (ids are UUIDs). */
const UNREADABLE = 'unreadable';

/**
 * The household of the frames seen lately. The hub writes the same frame strings to every client in turn
 * (a page of a rush's events to each open phone), so each frame is scanned once, not once per client: a
 * string's hash is kept with it, so a lookup of the same string is cheap. Emptied when it grows past
 * FRAME_CACHE_SIZE.
 */
const scopes = new Map<string, string | null>();
const FRAME_CACHE_SIZE = 4096;

/**
 * The household a formatted SSE frame is scoped to, or null for a community-wide one. Frames without a
 * householdId field are never parsed.
 */
export function frameHousehold(frame: string): string | null {
  const known = scopes.get(frame);
  if (known !== undefined) return known;
  let household: string | null = null;
  if (frame.includes('"householdId":')) {
    const line = frame.split('\n').find((l) => l.startsWith('data: '));
    try {
      const data = line ? (JSON.parse(line.slice(6)) as { householdId?: unknown }) : {};
      household = typeof data.householdId === 'string' ? data.householdId : null;
    } catch {
      // Fail closed: a frame that names a household but cannot be read goes to nobody.
      household = UNREADABLE;
    }
  }
  if (scopes.size >= FRAME_CACHE_SIZE) scopes.clear();
  scopes.set(frame, household);
  return household;
}

/**
 * Privacy: a frame about one household (its notifications, its claim) reaches that household only, and the
 * members who look after it when it is a proxy household (`looksAfter`).
 */
export function mayReceiveFrame(
  frame: string,
  viewer: Pick<FeedViewer, 'communityId' | 'householdId' | 'looksAfter'>,
): boolean {
  const householdId = frameHousehold(frame);
  return isVisibleTo({ communityId: viewer.communityId, householdId }, viewer);
}
