/**
 * 物资覆盖: which households have received nothing lately, so that an admin or a building's volunteer can see
 * that nobody is left out (docs/coverage.md). Pure: the repository reads one row per household.
 */

import { needsFirst, type HouseholdNeed } from './needs-fns.ts';

/** The window a person can choose, in days (the page offers 3, 7 and 14). */
export const COVERAGE_DAYS = { default: 3, min: 1, max: 30 } as const;

/** One household as the repository reads it. */
export interface CoverageRow {
  householdId: string;
  label: string;
  room: string;
  buildingId: string;
  buildingName: string;
  buildingSort: number;
  /** A proxy household (代管户): a volunteer orders for a neighbour without a smartphone. */
  isProxy: boolean;
  /** Members with a verified claim on it: 0 means nobody orders for it on the app (unless it is a proxy). */
  members: number;
  /** When its latest package was delivered or picked up (null: never). */
  lastReceivedAt: Date | null;
  /** It holds goods in a buy that has not failed, been cancelled or completed, and not yet received them. */
  coming: boolean;
  /** What the register of households that need looking after (需照顾) says of it: none when it is not on it. */
  needs: HouseholdNeed[];
  needsNote: string | null;
}

/**
 * received: a package reached it within the window; coming: goods are on their way (it joined a buy that
 * goes on); left_out: neither.
 */
export type CoverageState = 'received' | 'coming' | 'left_out';

export function coverageState(row: CoverageRow, since: Date): CoverageState {
  if (row.lastReceivedAt !== null && row.lastReceivedAt.getTime() >= since.getTime()) return 'received';
  return row.coming ? 'coming' : 'left_out';
}

export interface CoverageCounts {
  households: number;
  received: number;
  coming: number;
  leftOut: number;
  /** Of the left out, those on the register of households that need looking after. */
  leftOutInNeed: number;
}

export interface BuildingCoverage extends CoverageCounts {
  buildingId: string;
  name: string;
}

export interface Coverage {
  since: Date;
  counts: CoverageCounts;
  /** The buildings in the caller's scope, in the compound's order. */
  buildings: BuildingCoverage[];
  /** The left-out households of the building asked for (null when none was): those in need, then the longest without. */
  leftOut: CoverageRow[] | null;
}

const emptyCounts = (): CoverageCounts => ({
  households: 0,
  received: 0,
  coming: 0,
  leftOut: 0,
  leftOutInNeed: 0,
});

function add(c: CoverageCounts, state: CoverageState, inNeed: boolean): void {
  c.households++;
  if (state === 'received') c.received++;
  else if (state === 'coming') c.coming++;
  else {
    c.leftOut++;
    if (inNeed) c.leftOutInNeed++;
  }
}

const natural = (a: string, b: string) => a.localeCompare(b, 'zh-CN', { numeric: true });

/**
 * Those on the register of households that need looking after first; then never received, then the longest ago;
 * then by room, as a volunteer walks the building.
 */
function longestWithout(a: CoverageRow, b: CoverageRow): number {
  const first = needsFirst(a, b);
  if (first !== 0) return first;
  const at = a.lastReceivedAt?.getTime() ?? -Infinity;
  const bt = b.lastReceivedAt?.getTime() ?? -Infinity;
  if (at !== bt) return at < bt ? -1 : 1;
  return natural(a.room, b.room) || natural(a.label, b.label);
}

/** The counts of the compound (as far as `rows` reach) and per building, and one building's left-out list. */
export function coverageOf(rows: readonly CoverageRow[], since: Date, buildingId: string | null): Coverage {
  const counts = emptyCounts();
  const buildings = new Map<string, BuildingCoverage & { sort: number }>();
  const leftOut: CoverageRow[] = [];
  for (const row of rows) {
    const state = coverageState(row, since);
    const inNeed = row.needs.length > 0;
    add(counts, state, inNeed);
    let b = buildings.get(row.buildingId);
    if (!b) {
      b = { buildingId: row.buildingId, name: row.buildingName, sort: row.buildingSort, ...emptyCounts() };
      buildings.set(row.buildingId, b);
    }
    add(b, state, inNeed);
    if (state === 'left_out' && row.buildingId === buildingId) leftOut.push(row);
  }
  const ordered = [...buildings.values()].sort((a, b) => a.sort - b.sort || natural(a.name, b.name));
  return {
    since,
    counts,
    buildings: ordered.map(({ sort: _sort, ...b }) => b),
    leftOut: buildingId === null ? null : leftOut.sort(longestWithout),
  };
}

/** Every left-out household of `rows`, building by building in the compound's order, each as in a building's list. */
export function allLeftOut(rows: readonly CoverageRow[], since: Date): CoverageRow[] {
  const order = new Map(coverageOf(rows, since, null).buildings.map((b, i) => [b.buildingId, i]));
  return rows
    .filter((r) => coverageState(r, since) === 'left_out')
    .sort((a, b) => order.get(a.buildingId)! - order.get(b.buildingId)! || longestWithout(a, b));
}
