import { z } from 'zod';
import { HOUSEHOLD_FILTERS } from '../../core/buys/household-search.ts';

export const reportParams = z.object({ buyId: z.uuid() });
export const packingQuery = z.object({
  buildingId: z.uuid().optional().describe('Only this building (it must be one of the caller’s buildings)'),
});

/** The households of the leader's summary: a search, a filter and a page (src/core/buys/household-search.ts). */
export const summaryQuery = z.object({
  q: z
    .string()
    .max(100)
    .optional()
    .describe('Room ("3-502", "3502"), 接龙 number, or a proxy contact the caller may see'),
  filter: z
    .enum(HOUSEHOLD_FILTERS)
    .default('all')
    .describe('all; waiting (some quantity still waitlisted); proxy (ordered for someone)'),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(1000)
    .optional()
    .describe('At most this many households (all by default)'),
});
