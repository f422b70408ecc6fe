/** Helpers for the repositories' hand-written SQL (shared so that each repository does not define them again). */
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../client.ts';

export type Row = Record<string, unknown>;

/** The rows of a raw statement, either driver (PGlite and node-postgres both answer `{ rows }`). */
export async function rows<T = Row>(db: Executor, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

export interface BuyItemRow {
  id: string;
  name: string;
  spec: string | null;
  unit: string | null;
  price_fen: number;
  allocated_qty: number;
}

/** A buy's items in their display order (position, then id), as money and the reports read them. */
export function buyItemRows(db: Executor, buyId: string): Promise<BuyItemRow[]> {
  return rows<BuyItemRow>(
    db,
    sql`SELECT id, name, spec, unit, price_fen, allocated_qty FROM buy_items WHERE buy_id = ${buyId} ORDER BY position, id`,
  );
}

/** An item as the buy's readers show it (name, spec, unit, price in fen). */
export function itemView(i: BuyItemRow) {
  return { id: i.id, name: i.name, spec: i.spec, unit: i.unit, priceFen: Number(i.price_fen) };
}
