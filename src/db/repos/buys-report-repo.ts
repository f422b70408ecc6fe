/**
 * Read-only queries behind the leader's reports: four set-based statements per report (header, items,
 * buildings, orders with their lines), never one per household, in one read-only REPEATABLE READ
 * transaction so everything comes from the same snapshot.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db, Executor } from '../client.ts';
import type { BuyStatus, PickupMode } from '../../core/buys/buy.ts';
import type { BuysReportRepo } from '../../core/buys/summary-ports.ts';
import type { ReportData, ReportOrder } from '../../core/buys/summary-fns.ts';

type Row = Record<string, unknown>;

async function rows<T = Row>(db: Executor, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

interface HeaderRow {
  id: string;
  community_id: string;
  community_name: string;
  community_address: string | null;
  title: string;
  status: BuyStatus;
  supplier_name: string | null;
  supplier_contact: string | null;
  delivery_date: string | null;
  pickup_mode: PickupMode;
  leader_fee_fen: number;
  created_by: string;
}

/**
 * One order as the JSON array the orders query builds: id, seq, household id, status, label, building id,
 * is proxy, proxy contact name, proxy contact phone, placed by a volunteer, lines ([item id, qty, allocated,
 * waitlisted] each, or null when none).
 */
type OrderTuple = [
  string,
  number,
  string,
  'active' | 'waitlisted',
  string,
  string,
  boolean,
  string | null,
  string | null,
  boolean,
  [string, number, number, number][] | null,
];

function buildingFilter(buildingIds: readonly string[] | null): SQL {
  if (buildingIds === null) return sql``;
  if (buildingIds.length === 0) return sql`AND false`;
  return sql`AND h.building_id IN (${sql.join(
    buildingIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  )})`;
}

/**
 * Every live order with its household and lines, as ONE row holding a JSON array: drivers (PGlite above all)
 * spend most of the time on per-row, per-value conversion, so 10,000 orders and their lines come back
 * several times faster as one text value parsed once than as 30,000 rows.
 */
async function loadOrders(tx: Executor, buyId: string, buildingIds: readonly string[] | null) {
  // "Placed by a volunteer": whoever created the order holds no verified claim on that household.
  const [row] = await rows<{ j: string }>(
    tx,
    sql`SELECT COALESCE(json_agg(x ORDER BY seq), '[]')::text AS j FROM (
          SELECT o.seq, json_build_array(o.id, o.seq, o.household_id, o.status, h.label, h.building_id, h.is_proxy,
            h.proxy_contact_name, h.proxy_contact_phone,
            (o.placed_by IS NOT NULL AND NOT EXISTS (
              SELECT 1 FROM household_claims c
              WHERE c.member_id = o.placed_by AND c.household_id = o.household_id AND c.status = 'verified')),
            json_agg(json_build_array(l.item_id, l.qty, l.allocated_qty, l.waitlisted_qty))
              FILTER (WHERE l.item_id IS NOT NULL)) AS x
          FROM orders o JOIN households h ON h.id = o.household_id
          LEFT JOIN order_lines l ON l.order_id = o.id
          WHERE o.buy_id = ${buyId} AND o.status <> 'cancelled' ${buildingFilter(buildingIds)}
          GROUP BY o.id, h.id) t`,
  );
  const tuples = JSON.parse(row?.j ?? '[]') as OrderTuple[];
  return tuples.map(
    ([
      id,
      seq,
      householdId,
      status,
      label,
      buildingId,
      isProxy,
      contactName,
      contactPhone,
      byVolunteer,
      lines,
    ]) => ({
      orderId: id,
      seq,
      householdId,
      householdLabel: label,
      buildingId,
      status,
      placedByVolunteer: byVolunteer,
      isProxy,
      proxyContact: isProxy && contactName !== null ? { name: contactName, phone: contactPhone } : null,
      lines: (lines ?? []).map(([itemId, qty, allocatedQty, waitlistedQty]) => ({
        itemId,
        qty,
        allocatedQty,
        waitlistedQty,
      })),
    }),
  ) satisfies ReportOrder[];
}

export function createBuysReportRepo(db: Db): BuysReportRepo {
  return {
    loadReport(buyId, buildingIds) {
      return db.transaction(
        async (tx): Promise<ReportData | null> => {
          const [h] = await rows<HeaderRow>(
            tx,
            sql`SELECT b.id, b.community_id, c.name AS community_name, c.address AS community_address, b.title,
                  b.status, b.supplier_name, b.supplier_contact, b.delivery_date::text AS delivery_date, b.pickup_mode, b.leader_fee_fen,
                  b.created_by
                FROM buys b JOIN communities c ON c.id = b.community_id WHERE b.id = ${buyId}`,
          );
          if (!h) return null;
          const items = await rows<{
            id: string;
            name: string;
            spec: string | null;
            unit: string | null;
            price_fen: number;
          }>(
            tx,
            sql`SELECT id, name, spec, unit, price_fen FROM buy_items WHERE buy_id = ${buyId} ORDER BY position, id`,
          );
          const buildings = await rows<{ id: string; name: string; sort_key: number }>(
            tx,
            sql`SELECT id, name, sort_key FROM buildings WHERE community_id = ${h.community_id}`,
          );
          return {
            buy: {
              id: h.id,
              communityId: h.community_id,
              communityName: h.community_name,
              communityAddress: h.community_address,
              title: h.title,
              status: h.status,
              supplierName: h.supplier_name,
              supplierContact: h.supplier_contact,
              deliveryDate: h.delivery_date,
              pickupMode: h.pickup_mode,
              leaderFeeFen: Number(h.leader_fee_fen),
              createdBy: h.created_by,
            },
            items: items.map((i) => ({
              id: i.id,
              name: i.name,
              spec: i.spec,
              unit: i.unit,
              priceFen: Number(i.price_fen),
            })),
            buildings: buildings.map((b) => ({ id: b.id, name: b.name, sortKey: Number(b.sort_key) })),
            orders: await loadOrders(tx, buyId, buildingIds),
          };
        },
        { isolationLevel: 'repeatable read', accessMode: 'read only' },
      );
    },
  };
}
