/** Helpers for the repositories' hand-written SQL (shared so that each repository does not define them again). */
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../client.ts';

export type Row = Record<string, unknown>;

/** Ids as one uuid[] parameter (`= ANY(…)`). */
export const idArray = (ids: readonly string[]) => sql`${sql.param([...ids])}::uuid[]`;

/** The rows of a raw statement, either driver (PGlite and node-postgres both answer `{ rows }`). */
export async function rows<T = Row>(db: Executor, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

/**
 * The rows of a hot read as ONE JSON text value (json_agg), parsed here. PGlite's protocol parser allocates a
 * buffer per field on the server's thread, which the order path keeps busiest: a batch's ~80 callers × ~10
 * fields cost it more to decode than one string of the same rows. Values arrive as JSON types: timestamps as
 * ISO strings, json columns nested, numbers as numbers. The query's own ORDER BY is not kept.
 */
export async function jsonRows<T = Row>(db: Executor, query: SQL): Promise<T[]> {
  const [r] = await rows<{ j: string | null }>(db, sql`SELECT json_agg(q)::text AS j FROM (${query}) q`);
  return r?.j ? (JSON.parse(r.j) as T[]) : [];
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
