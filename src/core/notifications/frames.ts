/** Which live frames of the community channel a member may receive. Pure. */
import { isVisibleTo, type FeedViewer } from './policies.ts';

/** Matches no household id (ids are UUIDs). */
const UNREADABLE = 'unreadable';

let lastFrame = '';
let lastHousehold: string | null = null;

/**
 * The household a formatted SSE frame is scoped to, or null for a community-wide one. The hub writes one
 * frame string to every client in turn, so the last answer is kept and each frame is parsed at most once;
 * frames without a householdId field are never parsed.
 */
export function frameHousehold(frame: string): string | null {
  if (frame === lastFrame) return lastHousehold;
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
  lastFrame = frame;
  lastHousehold = household;
  return household;
}

/** Privacy: a frame about one household (its notifications, its claim) reaches that household only. */
export function mayReceiveFrame(
  frame: string,
  viewer: Pick<FeedViewer, 'communityId' | 'householdId'>,
): boolean {
  const householdId = frameHousehold(frame);
  return isVisibleTo({ communityId: viewer.communityId, householdId }, viewer);
}
