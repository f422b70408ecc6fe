/** 放心买's wording, chosen from the figures: which clauses a record says, which form a price check takes. Pure. */
import type { BuysRecord, PriceCheck } from './types.ts';

/** A clause of a record: its key under `trust.` and its count. Zero counts are left out (but completed). */
export type Clause = { key: 'completed' | 'ongoing' | 'failed' | 'cancelled'; count: number };

export function recordClauses(r: BuysRecord): Clause[] {
  const clauses: Clause[] = [{ key: 'completed', count: r.completed }];
  for (const key of ['ongoing', 'failed', 'cancelled'] as const)
    if (r[key] > 0) clauses.push({ key, count: r[key] });
  return clauses;
}

/** One earlier price is "last time"; more, a median and a range (a range only when they differ). */
export function checkForm(c: PriceCheck): 'once' | 'same' | 'range' {
  if (c.samples === 1) return 'once';
  return c.minFen === c.maxFen ? 'same' : 'range';
}
