import { searchKey } from '../../../../src/core/buys/household-search.ts';
import type { JielongEntry } from './types.ts';

/**
 * From how many lines the 接龙 list offers a search. A phone has no "find in page" a resident would reach for
 * (WeChat's browser has none), and a rush leaves thousands of lines to scroll.
 */
export const FIND_FROM = 20;

/**
 * How many lines the 接龙 list draws at first, and how many more each time the resident scrolls to its end (or taps
 * "more"). A rush leaves thousands of lines: drawn whole, they froze an old phone for half a second each time the
 * list grew (bench/phone.ts); a phone's screen shows about fifteen.
 */
export const LINES_PAGE = 50;

/** How many lines a list of `total` draws when `asked` are wanted: at least one page, at most all of them. */
export function linesDrawn(total: number, asked: number): number {
  return Math.min(total, Math.max(LINES_PAGE, asked));
}

/**
 * My household's line when the list does not draw it (it is not among the first `drawn`), so the page can offer
 * to find it: after a rush, a household that joined late is thousands of lines down. Null when it is drawn, or
 * the household has no line.
 */
export function myLineBelow(
  entries: readonly JielongEntry[],
  myLabel: string | null,
  drawn: number,
): JielongEntry | null {
  if (myLabel === null) return null;
  for (let i = drawn; i < entries.length; i++) if (entries[i]!.householdLabel === myLabel) return entries[i]!;
  return null;
}

/**
 * The 接龙 lines a resident's search finds, in order: the household's label however it is typed ("2-102", "2102",
 * a Chinese keyboard's "２－１０２"; the server's rule, src/core/buys/household-search.ts), or its 接龙 number
 * exactly. All of them for an empty search.
 */
export function findEntries(entries: readonly JielongEntry[], query: string): readonly JielongEntry[] {
  const key = searchKey(query);
  if (!key) return entries;
  return entries.filter((e) => String(e.seq) === key || searchKey(e.householdLabel).includes(key));
}
