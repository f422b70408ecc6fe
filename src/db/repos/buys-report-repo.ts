/**
 * Read-only queries behind the leader's reports: a few set-based statements per report (header, items,
 * buildings, then the orders and their lines, or their sums), never one per household, in one read-only
 * REPEATABLE READ transaction so everything comes from the same snapshot.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Db, Executor } from '../client.ts';
import type { BuyStatus, PickupMode } from '../../core/buys/buy.ts';
import type { BuysReportRepo } from '../../core/buys/summary-ports.ts';
import type { ReportData, ReportLine, ReportOrder } from '../../core/buys/summary-fns.ts';
import type { TotalsData } from '../../core/buys/totals-fns.ts';
import { rows, buyItemRows, itemView } from './raw-sql.ts';

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

function buildingFilter(buildingIds: readonly string[] | null): SQL {
  if (buildingIds === null) return sql``;
  if (buildingIds.length === 0) return sql`AND false`;
  return sql`AND h.building_id IN (${sql.join(
    buildingIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  )})`;
}

/**
 * The live orders in seq order: their fixed-form fields as ONE text (seven space-separated fields an order: id,
 * seq, household, status, building, is proxy 0/1, placed by a volunteer 0/1; nothing in them needs escaping),
 * their households' labels as one array, and the few proxy households' contacts as JSON (all null when there is
 * no live order).
 */
interface OrderColumns {
  t: string;
  label: string[];
  contacts: string | null;
}
type NoOrders = Record<keyof OrderColumns, null>;
const ORDER_FIELDS = 7;

/**
 * Every live order with its household and lines. Drivers (PGlite above all) spend most of the time on
 * per-row, per-value conversion, so 10,000 orders come back as ONE row and their 20,000 lines as one text of
 * uuids and integers (when first written, with the orders as ten arrays: ~45 ms on PGlite, against ~80 ms for
 * one JSON value of nested arrays and ~170 ms for plain rows). The orders' statement with one text instead of
 * ten arrays: 37 / 60 ms (min / median) against 86 / 103 on PGlite's thread, 10,000 orders
 * (docs/benchmarks.md, twenty-seventh session).
 */
async function loadOrders(tx: Executor, buyId: string, buildingIds: readonly string[] | null) {
  // "Placed by a volunteer": whoever created the order holds no verified claim on that household. A join,
  // not NOT EXISTS: with PGlite's stale statistics the subquery became 10,000 index probes (~30 ms). A member
  // has at most one live claim per compound, so the join adds no rows. Every field of the text is NOT NULL
  // (concat_ws would skip a null and shift the fields after it).
  const [c] = await rows<OrderColumns | NoOrders>(
    tx,
    sql`SELECT string_agg(concat_ws(' ', o.id, o.seq, o.household_id, o.status, h.building_id, h.is_proxy::int,
            (o.placed_by IS NOT NULL AND c.member_id IS NULL)::int), ' ' ORDER BY o.seq) AS t,
          array_agg(h.label ORDER BY o.seq) AS label,
          (json_agg(json_build_object('id', o.id, 'name', h.proxy_contact_name, 'phone', h.proxy_contact_phone))
            FILTER (WHERE h.is_proxy))::text AS contacts
        FROM orders o JOIN households h ON h.id = o.household_id
        LEFT JOIN household_claims c
          ON c.member_id = o.placed_by AND c.household_id = o.household_id AND c.status = 'verified'
        WHERE o.buy_id = ${buyId} AND o.status <> 'cancelled' ${buildingFilter(buildingIds)}`,
  );
  // Five space-separated fields per line: order id, item id, qty, allocated, waitlisted.
  const [l] = await rows<{ t: string | null }>(
    tx,
    sql`SELECT string_agg(concat_ws(' ', l.order_id, l.item_id, l.qty, l.allocated_qty, l.waitlisted_qty), ' ') AS t
        FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN households h ON h.id = o.household_id
        WHERE o.buy_id = ${buyId} AND o.status <> 'cancelled' ${buildingFilter(buildingIds)}`,
  );
  const lines = new Map<string, ReportLine[]>();
  const f = l?.t ? l.t.split(' ') : [];
  for (let i = 0; i + 4 < f.length; i += 5) {
    const orderId = f[i]!;
    const line = { itemId: f[i + 1]!, qty: +f[i + 2]!, allocatedQty: +f[i + 3]!, waitlistedQty: +f[i + 4]! };
    const list = lines.get(orderId);
    if (list) list.push(line);
    else lines.set(orderId, [line]);
  }
  if (!c || c.t === null) return [];
  const contacts = new Map<string, { name: string | null; phone: string | null }>();
  if (c.contacts !== null)
    for (const x of JSON.parse(c.contacts) as { id: string; name: string | null; phone: string | null }[])
      contacts.set(x.id, x);
  const o = c.t.split(' ');
  const out: ReportOrder[] = [];
  for (let i = 0, n = 0; i + ORDER_FIELDS - 1 < o.length; i += ORDER_FIELDS, n++) {
    const id = o[i]!;
    const isProxy = o[i + 5] === '1';
    const contact = isProxy ? contacts.get(id) : undefined;
    out.push({
      orderId: id,
      seq: +o[i + 1]!,
      householdId: o[i + 2]!,
      householdLabel: c.label[n]!,
      buildingId: o[i + 4]!,
      status: o[i + 3] as ReportOrder['status'],
      placedByVolunteer: o[i + 6] === '1',
      isProxy,
      proxyContact: contact && contact.name !== null ? { name: contact.name, phone: contact.phone } : null,
      lines: lines.get(id) ?? [],
    });
  }
  return out;
}

/** The buy's header, its items and the compound's buildings (the part every report shares). */
async function loadFrame(tx: Executor, buyId: string): Promise<Omit<ReportData, 'orders'> | null> {
  const [h] = await rows<HeaderRow>(
    tx,
    sql`SELECT b.id, b.community_id, c.name AS community_name, c.address AS community_address, b.title,
          b.status, b.supplier_name, b.supplier_contact, b.delivery_date::text AS delivery_date, b.pickup_mode, b.leader_fee_fen,
          b.created_by
        FROM buys b JOIN communities c ON c.id = b.community_id WHERE b.id = ${buyId}`,
  );
  if (!h) return null;
  const items = await buyItemRows(tx, buyId);
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
    items: items.map(itemView),
    buildings: buildings.map((b) => ({ id: b.id, name: b.name, sortKey: Number(b.sort_key) })),
  };
}

interface TotalsRow {
  building_id: string;
  item_id: string | null;
  /** 1 on the per-building rows of the grouping sets, 0 on the per-building-and-item rows. */
  per_building: number;
  ordered: string | number | null;
  allocated: string | number | null;
  waitlisted: string | number | null;
  orders: string | number;
  allocated_orders: string | number;
}

/**
 * The live lines summed per building and item, and the live orders counted per building (those with
 * something allocated apart), in one pass: ~300 rows for 10,000 orders instead of the orders themselves.
 * Lines of items that are not the buy's own are left out, as buildSummary leaves them out.
 */
async function loadSums(tx: Executor, buyId: string): Promise<Pick<TotalsData, 'orders' | 'cells'>> {
  const found = await rows<TotalsRow>(
    tx,
    sql`SELECT h.building_id, l.item_id, GROUPING(l.item_id) AS per_building,
          sum(l.qty) AS ordered, sum(l.allocated_qty) AS allocated, sum(l.waitlisted_qty) AS waitlisted,
          count(DISTINCT o.id) AS orders,
          count(DISTINCT o.id) FILTER (WHERE l.allocated_qty > 0) AS allocated_orders
        FROM orders o JOIN households h ON h.id = o.household_id
        LEFT JOIN (order_lines l JOIN buy_items i ON i.id = l.item_id AND i.buy_id = ${buyId})
          ON l.order_id = o.id
        WHERE o.buy_id = ${buyId} AND o.status <> 'cancelled'
        GROUP BY GROUPING SETS ((h.building_id, l.item_id), (h.building_id))`,
  );
  const sums: Pick<TotalsData, 'orders' | 'cells'> = { orders: [], cells: [] };
  for (const r of found) {
    if (Number(r.per_building) === 1)
      sums.orders.push({
        buildingId: r.building_id,
        orders: Number(r.orders),
        allocatedOrders: Number(r.allocated_orders),
      });
    else if (r.item_id !== null)
      sums.cells.push({
        buildingId: r.building_id,
        itemId: r.item_id,
        orderedQty: Number(r.ordered),
        allocatedQty: Number(r.allocated),
        waitlistedQty: Number(r.waitlisted),
      });
  }
  return sums;
}

const SNAPSHOT = { isolationLevel: 'repeatable read', accessMode: 'read only' } as const;

export function createBuysReportRepo(db: Db): BuysReportRepo {
  return {
    loadReport(buyId, buildingIds) {
      return db.transaction(async (tx): Promise<ReportData | null> => {
        const frame = await loadFrame(tx, buyId);
        return frame && { ...frame, orders: await loadOrders(tx, buyId, buildingIds) };
      }, SNAPSHOT);
    },
    loadTotals(buyId) {
      return db.transaction(async (tx): Promise<TotalsData | null> => {
        const frame = await loadFrame(tx, buyId);
        return frame && { ...frame, ...(await loadSums(tx, buyId)) };
      }, SNAPSHOT);
    },
  };
}
