import { z } from 'zod';
import { MAX_QTY } from '../../core/buys/allocation-fns.ts';
import { MAX_IMPORT_LINES } from '../../core/jielong/import-jielong.ts';

/** 200,000 characters: a 接龙 of 5,000 households is about 150,000. */
export const MAX_TEXT_CHARS = 200_000;

export const previewBody = z.object({ text: z.string().min(1).max(MAX_TEXT_CHARS) });

const line = z.object({ itemId: z.uuid(), qty: z.int().min(0).max(MAX_QTY) });

export const commitBody = z.object({
  entries: z
    .array(
      z.object({
        line: z.int().min(0).max(1_000_000),
        householdId: z.uuid(),
        action: z.enum(['add', 'cancel']),
        items: z.array(line).max(100),
        note: z.string().trim().max(200).nullable().optional(),
        text: z.string().max(500).optional(),
      }),
    )
    .min(1)
    .max(MAX_IMPORT_LINES),
});
