import {
  check,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { buys } from './buys.ts';
import { households, members } from './community.ts';

/**
 * What a leader imported from a WeChat 接龙, one row per buy and household: the lines the list gave the
 * household at its last import. Re-importing compares against it, so the same list adds nothing and a
 * changed quantity is flagged rather than ordered twice.
 */
export const jielongImports = pgTable(
  'jielong_imports',
  {
    id: uuid('id').primaryKey(),
    buyId: uuid('buy_id')
      .notNull()
      .references(() => buys.id, { onDelete: 'cascade' }),
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.id, { onDelete: 'cascade' }),
    action: text('action', { enum: ['add', 'cancel'] }).notNull(),
    /** [{"itemId", "qty"}] as committed (empty for a cancellation). */
    lines: jsonb('lines').$type<{ itemId: string; qty: number }[]>().notNull(),
    /** Where it came from in the pasted text (for the review screen). */
    sourceLine: integer('source_line').notNull(),
    sourceText: text('source_text').notNull().default(''),
    importedBy: uuid('imported_by')
      .notNull()
      .references(() => members.id),
    importedAt: timestamp('imported_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('jielong_imports_buy_household_uq').on(t.buyId, t.householdId),
    index('jielong_imports_household_idx').on(t.householdId),
    index('jielong_imports_imported_by_idx').on(t.importedBy),
    check('jielong_imports_source_line_check', sql`${t.sourceLine} >= 0`),
  ],
);
