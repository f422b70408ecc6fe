/**
 * The leader's summary by household, searched, filtered and paged (GET /api/buys/{id}/summary?q=&filter=&limit=).
 * A rush leaves thousands of households: sending them all made the summary 2 MB of JSON, which a low-end phone
 * took most of a second to take in at every refresh (docs/benchmarks.md, forty-seventh session), and a leader
 * looking for one household searches for it.
 */
import type { HouseholdSummary } from './summary-fns.ts';

/** Which households the leader's list shows: all, those still waiting for stock, those ordered for someone. */
export type HouseholdFilter = 'all' | 'waiting' | 'proxy';

export const HOUSEHOLD_FILTERS: readonly HouseholdFilter[] = ['all', 'waiting', 'proxy'];

/** Dashes and spaces people type between building and room ("3-502", "3 502", "3－502"). */
const SEPARATORS = /[\s\-‐‑‒–—―−_./]+/g;

/**
 * What the leader typed, as it is compared: full-width letters, digits and signs (a Chinese keyboard's "３－５０２")
 * in their ASCII form, lower case, without separators.
 */
export function searchKey(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ')
    .toLowerCase()
    .replace(SEPARATORS, '');
}

export function inFilter(h: HouseholdSummary, filter: HouseholdFilter): boolean {
  if (filter === 'waiting') return h.lines.some((l) => l.waitlistedQty > 0);
  if (filter === 'proxy') return h.isProxy || h.placedByVolunteer;
  return true;
}

/**
 * The households the leader's list shows for a search and a filter, in the summary's order. The search matches
 * the household's label ("3-502" for "3502", "3-5" or "502"), its 接龙 number exactly ("17"), or the name or phone
 * of whoever a proxy order was placed for.
 */
export function findHouseholds(
  households: readonly HouseholdSummary[],
  query: string,
  filter: HouseholdFilter,
): readonly HouseholdSummary[] {
  const key = searchKey(query);
  if (!key && filter === 'all') return households;
  return households.filter(
    (h) =>
      inFilter(h, filter) &&
      (!key ||
        searchKey(h.label).includes(key) ||
        String(h.seq) === key ||
        (h.proxyContact !== null &&
          (searchKey(h.proxyContact.name).includes(key) ||
            searchKey(h.proxyContact.phone ?? '').includes(key)))),
  );
}

/** How many households each filter holds, for its button. */
export function filterCounts(households: readonly HouseholdSummary[]): Record<HouseholdFilter, number> {
  const counts: Record<HouseholdFilter, number> = { all: households.length, waiting: 0, proxy: 0 };
  for (const h of households) {
    if (inFilter(h, 'waiting')) counts.waiting += 1;
    if (inFilter(h, 'proxy')) counts.proxy += 1;
  }
  return counts;
}

/** What part of the summary's households a caller asked for. */
export interface HouseholdView {
  q?: string | undefined;
  filter?: HouseholdFilter | undefined;
  offset?: number | undefined;
  /** At most this many; all of them when absent. */
  limit?: number | undefined;
}

export interface HouseholdPage {
  /** The households of the page, in the summary's order. */
  households: HouseholdSummary[];
  /** How many match the search and the filter (all pages). */
  found: number;
  /** How many each filter holds, without the search. */
  counts: Record<HouseholdFilter, number>;
}

export function pageHouseholds(households: HouseholdSummary[], view: HouseholdView): HouseholdPage {
  const found = findHouseholds(households, view.q ?? '', view.filter ?? 'all');
  const offset = view.offset ?? 0;
  const end = view.limit === undefined ? undefined : offset + view.limit;
  return {
    households: offset === 0 && end === undefined ? [...found] : found.slice(offset, end),
    found: found.length,
    counts: filterCounts(households),
  };
}
