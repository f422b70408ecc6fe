import { COVERAGE_DAYS } from '../../../../src/core/community/coverage-fns.ts';

/** The windows 物资覆盖 offers, in days: the first is the server's default. */
export const WINDOWS: readonly number[] = [COVERAGE_DAYS.default, 7, 14];

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days from `iso` to `now` (0 on the same day's hours), never negative (a phone's clock behind). */
export function daysSince(iso: string, now: Date): number {
  const ms = now.getTime() - Date.parse(iso);
  return Number.isFinite(ms) ? Math.max(0, Math.floor(ms / DAY_MS)) : 0;
}
