/**
 * 送货到户 without a signal (a basement, a stairwell between two floors): a delivery mark the phone could not send
 * is kept on the phone (localStorage) and sent when the network is back, in the order it was made
 * (docs/distribution.md, "No signal"). Pure functions over a list of marks and a store; the page sends them.
 *
 * A mark kept here is the volunteer's word, not the server's yet: the list shows it as 待上传 and the household
 * is told when it reaches the server (its time is the time it arrived there). A mark the server turns down (a code
 * of another building, a package already taken back) is shown with the server's reason for the volunteer to deal
 * with; one it already has (an earlier try that got through before its answer was lost) counts as sent.
 */
import { ApiError } from '../../api-client.ts';

export interface HeldMark {
  /** Whose mark it is: another person signed in on the same phone does not send it. */
  memberId: string;
  buyId: string;
  /** The pickup code, normalised (6 letters and digits). */
  code: string;
  method: 'door' | 'pickup';
  /** The household's label as the list showed it, if the list had the code (for the volunteer's eyes only). */
  label: string | null;
  /** When the volunteer made it (ISO). */
  at: string;
}

/** A mark the server turned down, with why. */
export interface RefusedMark {
  mark: HeldMark;
  error: ApiError;
}

/** Where the phone keeps them (one list for every buy and member: a phone is one person's, usually). */
export const HELD_KEY = 'linli.deliveries.held';

/** How many a phone keeps: far more than a building's doors, few enough for localStorage. */
export const HELD_MAX = 500;

type Store = Pick<Storage, 'getItem' | 'setItem'>;

const isMark = (m: unknown): m is HeldMark => {
  if (typeof m !== 'object' || m === null) return false;
  const r = m as Record<string, unknown>;
  return (
    typeof r.memberId === 'string' &&
    typeof r.buyId === 'string' &&
    typeof r.code === 'string' &&
    (r.method === 'door' || r.method === 'pickup') &&
    (r.label === null || typeof r.label === 'string') &&
    typeof r.at === 'string'
  );
};

/** The kept marks; none when the store is missing, unreadable (private mode) or holds something else. */
export function readHeld(store: Store | undefined): HeldMark[] {
  try {
    const parsed: unknown = JSON.parse(store?.getItem(HELD_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter(isMark) : [];
  } catch {
    return [];
  }
}

/** Keeps the list; false when the phone would not (private mode, storage full): the caller says so. */
export function writeHeld(store: Store | undefined, marks: readonly HeldMark[]): boolean {
  try {
    if (!store) return false;
    store.setItem(HELD_KEY, JSON.stringify(marks));
    return true;
  } catch {
    return false;
  }
}

const same = (a: Pick<HeldMark, 'buyId' | 'code'>, b: Pick<HeldMark, 'buyId' | 'code'>) =>
  a.buyId === b.buyId && a.code === b.code;

/** The list with this mark at its end: a second mark of the same package replaces the first (its method, time). */
export function hold(marks: readonly HeldMark[], mark: HeldMark): HeldMark[] {
  return [...marks.filter((m) => !same(m, mark)), mark].slice(-HELD_MAX);
}

/** The list without this package's mark (taken back before it was sent, or sent). */
export function unhold(marks: readonly HeldMark[], mark: Pick<HeldMark, 'buyId' | 'code'>): HeldMark[] {
  return marks.filter((m) => !same(m, mark));
}

/**
 * What an attempt to send a mark came to: `sent` (the server has it now, or had it already: 409
 * already_delivered), `wait` (no answer: no network, a timeout, the server busy or restarting, the session to sign
 * in again; try again later), `refused` (the server said no for a reason a retry will not change).
 */
export function outcome(error: unknown): 'sent' | 'wait' | 'refused' {
  if (error === null || error === undefined) return 'sent';
  if (!(error instanceof ApiError)) return 'wait';
  if (error.status === 0 || error.status >= 500 || error.status === 429 || error.status === 401)
    return 'wait';
  if (error.status === 409 && error.code === 'already_delivered') return 'sent';
  return 'refused';
}

/**
 * Sends the member's marks one at a time, oldest first, stopping at the first that has to wait (the network is
 * still gone: the rest would fail the same way). Others' marks are not sent. What was sent or refused is no longer
 * to keep (`settled`); the caller takes it off the list as it is by then, which may have grown meanwhile.
 */
export async function sendHeld(
  marks: readonly HeldMark[],
  memberId: string,
  send: (mark: HeldMark) => Promise<unknown>,
): Promise<{ sent: HeldMark[]; refused: RefusedMark[] }> {
  const sent: HeldMark[] = [];
  const refused: RefusedMark[] = [];
  for (const mark of marks) {
    if (mark.memberId !== memberId) continue;
    let error: unknown = null;
    try {
      await send(mark);
    } catch (err) {
      error = err;
    }
    const result = outcome(error);
    if (result === 'wait') break;
    if (result === 'sent') sent.push(mark);
    else refused.push({ mark, error: error as ApiError });
  }
  return { sent, refused };
}

/** The list without these marks: the same package marked at the same time (a newer mark of it stays). */
export function settle(marks: readonly HeldMark[], settled: readonly HeldMark[]): HeldMark[] {
  return marks.filter((m) => !settled.some((s) => same(s, m) && s.at === m.at));
}

/** Sending failed for want of an answer (no network, no answer in time): the mark is worth keeping. */
export const unanswered = (error: unknown): boolean => error instanceof ApiError && error.status === 0;
