/**
 * 需照顾: the private register of households that need looking after (docs/coverage.md). Pure: the kinds, and
 * what a household's entry is once tidied.
 */

/**
 * elderly_alone: someone old living alone; medication: daily medicine that must not run out; mobility: someone
 * who cannot manage the stairs or the gate; infant: a pregnancy or a baby (formula, nappies); other: see the note.
 */
export const HOUSEHOLD_NEEDS = ['elderly_alone', 'medication', 'mobility', 'infant', 'other'] as const;
export type HouseholdNeed = (typeof HOUSEHOLD_NEEDS)[number];

/** The longest note kept (a few lines: "insulin daily, daughter in Pudong 139…"). */
export const NEEDS_NOTE_MAX = 500;

export interface NeedsInput {
  needs: readonly HouseholdNeed[];
  note?: string | null;
}

/**
 * The entry to keep: each need once, in the register's order, and the note trimmed (blank: none). Null when
 * nothing is left: the household leaves the register.
 */
export function tidyNeeds(input: NeedsInput): { needs: HouseholdNeed[]; note: string | null } | null {
  const needs = HOUSEHOLD_NEEDS.filter((n) => input.needs.includes(n));
  const note = input.note?.trim() || null;
  return needs.length === 0 && note === null ? null : { needs, note };
}

/** The first in a building's list: a household that needs looking after comes before one that does not. */
export const needsFirst = (a: { needs: readonly string[] }, b: { needs: readonly string[] }): number =>
  (b.needs.length > 0 ? 1 : 0) - (a.needs.length > 0 ? 1 : 0);
