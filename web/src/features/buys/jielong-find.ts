import { searchKey } from '../../../../src/core/buys/household-search.ts';
import type { JielongEntry } from './types.ts';

/**
 * From how many lines the 接龙 list offers a search. A phone has no "find in page" a resident would reach for
 * (WeChat's browser has none), and a rush leaves thousands of lines to scroll.
 */
export const FIND_FROM = 20;

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
