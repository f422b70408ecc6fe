import type { PgTable, TableConfig } from 'drizzle-orm/pg-core';
import type { Executor } from '../db/client.ts';

/**
 * Inserts rows in chunks: one multi-row INSERT per chunk keeps round trips few while staying far below
 * PostgreSQL's 65,535 bind parameters per statement.
 */
export async function insertInChunks<T extends PgTable<TableConfig>>(
  db: Executor,
  table: T,
  rows: T['$inferInsert'][],
  chunkSize = 1000,
): Promise<void> {
  for (let i = 0; i < rows.length; i += chunkSize) {
    await db.insert(table).values(rows.slice(i, i + chunkSize));
  }
}
