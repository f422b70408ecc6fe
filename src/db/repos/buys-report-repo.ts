/**
 * Read-only queries behind the leader's reports. A handful of set-based statements per report (header,
 * items, buildings, orders, lines), never one per household, in one read-only REPEATABLE READ transaction
 * so the orders and their lines come from the same snapshot.
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

interface OrderRow {
  id: string;
  seq: number;
  household_id: string;
  status: 'active' | 'waitlisted';
  label: string;
  building_id: string;
  is_proxy: boolean;
  proxy_contact_name: string | null;
  proxy_contact_phone: string | null;
  by_volunteer: boolean;
}

interface LineRow {
  order_id: string;
  item_id: string;
  qty: number;
  allocated_qty: number;
  waitlisted_qty: number;
}

function buildingFilter(buildingIds: readonly string[] | null): SQL {
  if (buildingIds === null) return sql``;
  if (buildingIds.length === 0) return sql`AND false`;
  return sql`AND h.building_id IN (${sql.join(
    buildingIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  )})`;
}

async function loadOrders(tx: Executor, buyId: string, buildingIds: readonly string[] | null) {
  const where = buildingFilter(buildingIds);
  // "Placed by a volunteer": whoever created the order holds no verified claim on that household.
  const orderRows = await rows<OrderRow>(
    tx,
    sql`SELECT o.id, o.seq, o.household_id, o.status, h.label, h.building_id, h.is_proxy,
          h.proxy_contact_name, h.proxy_contact_phone,
          (o.placed_by IS NOT NULL AND NOT EXISTS (
            SELECT 1 FROM household_claims c
            WHERE c.member_id = o.placed_by AND c.household_id = o.household_id AND c.status = 'verified'
          )) AS by_volunteer
        FROM orders o JOIN households h ON h.id = o.household_id
        WHERE o.buy_id = ${buyId} AND o.status <> 'cancelled' ${where}
        ORDER BY o.seq`,
  );
  const lineRows = await rows<LineRow>(
    tx,
    sql`SELECT l.order_id, l.item_id, l.qty, l.allocated_qty, l.waitlisted_qty
        FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN households h ON h.id = o.household_id
        WHERE o.buy_id = ${buyId} AND o.status <> 'cancelled' ${where}`,
  );
  const byId = new Map<string, ReportOrder>();
  for (const r of orderRows)
    byId.set(r.id, {
      orderId: r.id,
      seq: Number(r.seq),
      householdId: r.household_id,
      householdLabel: r.label,
      buildingId: r.building_id,
      status: r.status,
      placedByVolunteer: r.by_volunteer === true,
      isProxy: r.is_proxy === true,
      proxyContact:
        r.is_proxy === true && r.proxy_contact_name !== null
          ? { name: r.proxy_contact_name, phone: r.proxy_contact_phone }
          : null,
      lines: [],
    });
  for (const l of lineRows)
    byId.get(l.order_id)?.lines.push({
      itemId: l.item_id,
      qty: Number(l.qty),
      allocatedQty: Number(l.allocated_qty),
      waitlistedQty: Number(l.waitlisted_qty),
    });
  return [...byId.values()];
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
