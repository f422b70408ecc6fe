/**
 * Storage for distribution: arrival records, packages, delivery reports, coordination, settings, and the
 * order_adjustments rows this context writes. Set-based statements; JSON parameters for bulk inserts.
 */
import { sql, type SQL } from 'drizzle-orm';
import { appendAuditEvents, readChainHead } from './audit-repo.ts';
import type { Db, Executor } from '../client.ts';
import type { OrderAdjustment } from '../../core/buys/adjustments.ts';
import type { BuyStatus, PickupMode } from '../../core/buys/buy.ts';
import type {
  DeliveryPlan,
  DeliveryPost,
  DeliveryReport,
  DistributionSettings,
  PackageRecord,
  ReportLine,
} from '../../core/distribution/model.ts';
import type { DistributionRepo, DistributionTx } from '../../core/distribution/ports.ts';
import type { ShortagePolicy } from '../../core/distribution/shortage-fns.ts';
import { DEFAULT_QUIET_HOURS } from '../../core/distribution/quiet-hours.ts';
import { DEFAULT_STALE_HOURS } from '../../core/distribution/model.ts';
import { rows, type Row } from './raw-sql.ts';
import { readHouseholdRef } from './household-ref.ts';
import { outboxOf } from './event-store.ts';

const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
const date = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));
const dateOrNull = (v: unknown): Date | null => (v === null || v === undefined ? null : date(v));
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const iso = (d: Date | null) => (d ? d.toISOString() : null);

const PACKAGE_SELECT = sql`SELECT p.id, p.buy_id, p.order_id, p.household_id, h.label, p.building_id, h.is_proxy,
    p.code, p.status, p.delivered_at, p.delivered_by, u.display_name AS delivered_by_name, p.confirmed_at, p.created_at
  FROM packages p JOIN households h ON h.id = p.household_id
  LEFT JOIN members m ON m.id = p.delivered_by LEFT JOIN users u ON u.id = m.user_id`;

const toPackage = (r: Row): PackageRecord => ({
  id: r.id as string,
  buyId: r.buy_id as string,
  orderId: r.order_id as string,
  householdId: r.household_id as string,
  householdLabel: r.label as string,
  buildingId: r.building_id as string,
  isProxy: r.is_proxy === true,
  code: r.code as string,
  status: r.status as PackageRecord['status'],
  deliveredAt: dateOrNull(r.delivered_at),
  deliveredBy: str(r.delivered_by),
  deliveredByName: str(r.delivered_by_name),
  confirmedAt: dateOrNull(r.confirmed_at),
  createdAt: date(r.created_at),
});

const REPORT_SELECT = sql`SELECT r.*, h.label, p.building_id FROM delivery_reports r
  JOIN households h ON h.id = r.household_id JOIN packages p ON p.id = r.package_id`;

const toReport = (r: Row): DeliveryReport => ({
  id: r.id as string,
  buyId: r.buy_id as string,
  packageId: r.package_id as string,
  householdId: r.household_id as string,
  householdLabel: r.label as string,
  buildingId: r.building_id as string,
  kind: r.kind as DeliveryReport['kind'],
  note: str(r.note),
  lines: json<ReportLine[]>(r.lines),
  photoKey: str(r.photo_key),
  status: r.status as DeliveryReport['status'],
  resolutionReason: str(r.resolution_reason),
  createdAt: date(r.created_at),
  resolvedAt: dateOrNull(r.resolved_at),
});

const toAdjustment = (r: Row): OrderAdjustment => ({
  id: r.id as string,
  buyId: r.buy_id as string,
  orderId: r.order_id as string,
  householdId: r.household_id as string,
  itemId: r.item_id as string,
  kind: r.kind as OrderAdjustment['kind'],
  qtyDelta: Number(r.qty_delta),
  amountFenDelta: Number(r.amount_fen_delta),
  refId: str(r.ref_id),
  reason: str(r.reason),
  createdBy: str(r.created_by),
  createdAt: date(r.created_at).toISOString(),
});

const buildingFilter = (ids: readonly string[] | null | undefined): SQL =>
  ids === null || ids === undefined
    ? sql``
    : sql`AND p.building_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb)::uuid)`;

async function adjustmentsWhere(db: Executor, where: SQL): Promise<OrderAdjustment[]> {
  const list = await rows(db, sql`SELECT * FROM order_adjustments WHERE ${where} ORDER BY created_at, id`);
  return list.map(toAdjustment);
}

function createTx(tx: Executor, notifyFrom: string | null): DistributionTx {
  return {
    ...outboxOf(tx, notifyFrom),

    async lockBuy(buyId) {
      const [r] = await rows(
        tx,
        sql`SELECT id, community_id, status, created_by FROM buys WHERE id = ${buyId} FOR UPDATE`,
      );
      if (!r) return null;
      return {
        id: r.id as string,
        communityId: r.community_id as string,
        status: r.status as BuyStatus,
        createdBy: r.created_by as string,
      };
    },

    async arrivalInputs(buyId) {
      const items = await rows(
        tx,
        sql`SELECT id, name, price_fen FROM buy_items WHERE buy_id = ${buyId} ORDER BY position, id`,
      );
      const [o] = await rows<{ j: string }>(
        tx,
        sql`SELECT COALESCE(json_agg(x ORDER BY (x->>'seq')::int), '[]')::text AS j FROM (
            SELECT json_build_object('orderId', o.id, 'seq', o.seq, 'householdId', o.household_id,
              'householdLabel', h.label, 'buildingId', h.building_id,
              'lines', json_agg(json_build_object('itemId', l.item_id, 'allocatedQty', l.allocated_qty))) AS x
            FROM orders o JOIN households h ON h.id = o.household_id
            JOIN order_lines l ON l.order_id = o.id AND l.allocated_qty > 0
            WHERE o.buy_id = ${buyId} AND o.status = 'active'
            GROUP BY o.id, h.id) t`,
      );
      return {
        items: items.map((i) => ({
          itemId: i.id as string,
          name: i.name as string,
          priceFen: Number(i.price_fen),
        })),
        orders: JSON.parse(o?.j ?? '[]'),
      };
    },

    async hasArrival(buyId) {
      return (await rows(tx, sql`SELECT 1 FROM arrivals WHERE buy_id = ${buyId}`)).length > 0;
    },

    async insertArrival(a) {
      await tx.execute(sql`INSERT INTO arrivals (id, buy_id, policy, received, recorded_by, created_at)
        VALUES (${a.id}, ${a.buyId}, ${a.policy}, ${JSON.stringify(a.received)}::jsonb, ${a.recordedBy}, ${a.createdAt.toISOString()}::timestamptz)`);
    },

    async insertAdjustments(list, at) {
      if (list.length === 0) return;
      await tx.execute(sql`
        INSERT INTO order_adjustments (id, buy_id, order_id, household_id, item_id, kind, qty_delta, amount_fen_delta,
          ref_id, reason, created_by, created_at)
        SELECT r.id, r."buyId", r."orderId", r."householdId", r."itemId", r.kind, r."qtyDelta", r."amountFenDelta",
          r."refId", r.reason, r."createdBy", ${at.toISOString()}::timestamptz
        FROM jsonb_to_recordset(${JSON.stringify(list)}::jsonb) AS r(id uuid, "buyId" uuid, "orderId" uuid,
          "householdId" uuid, "itemId" uuid, kind text, "qtyDelta" int, "amountFenDelta" bigint, "refId" uuid,
          reason text, "createdBy" uuid)`);
    },

    async insertPackages(list, at) {
      if (list.length === 0) return;
      await tx.execute(sql`
        INSERT INTO packages (id, buy_id, order_id, household_id, building_id, code, created_at)
        SELECT r.id, r."buyId", r."orderId", r."householdId", r."buildingId", r.code, ${at.toISOString()}::timestamptz
        FROM jsonb_to_recordset(${JSON.stringify(list)}::jsonb) AS r(id uuid, "buyId" uuid, "orderId" uuid,
          "householdId" uuid, "buildingId" uuid, code text)`);
    },

    async setBuyArrived(buyId, at) {
      await tx.execute(sql`UPDATE buys SET status = 'arrived', updated_at = ${at.toISOString()}::timestamptz,
        version = version + 1 WHERE id = ${buyId}`);
    },

    adjustmentsOf: (orderId) => adjustmentsWhere(tx, sql`order_id = ${orderId}`),

    async lockReport(reportId) {
      const [r] = await rows(
        tx,
        sql`SELECT r.*, h.label, p.building_id FROM delivery_reports r
          JOIN households h ON h.id = r.household_id JOIN packages p ON p.id = r.package_id
          WHERE r.id = ${reportId} FOR UPDATE OF r`,
      );
      return r ? toReport(r) : null;
    },

    async resolveReport(reportId, status, reason, memberId, at) {
      await tx.execute(sql`UPDATE delivery_reports SET status = ${status}, resolution_reason = ${reason},
        resolved_by = ${memberId}, resolved_at = ${at.toISOString()}::timestamptz WHERE id = ${reportId}`);
    },

    async insertPost(p, memberId) {
      await tx.execute(sql`INSERT INTO delivery_posts (id, buy_id, kind, message, urgent, created_by, created_at)
        VALUES (${p.id}, ${p.buyId}, ${p.kind}, ${p.message}, ${p.urgent}, ${memberId}, ${p.createdAt.toISOString()}::timestamptz)`);
    },

    async markDelivered(packageId, status, memberId, at) {
      const updated = await rows(
        tx,
        sql`UPDATE packages SET status = ${status}, delivered_at = ${at.toISOString()}::timestamptz, delivered_by = ${memberId}
          WHERE id = ${packageId} AND status = 'sorted' RETURNING id`,
      );
      if (updated.length === 0) return null;
      const [r] = await rows(tx, sql`${PACKAGE_SELECT} WHERE p.id = ${packageId}`);
      return r ? toPackage(r) : null;
    },

    async unmarkDelivered(packageId) {
      const updated = await rows(
        tx,
        sql`UPDATE packages SET status = 'sorted', delivered_at = NULL, delivered_by = NULL
          WHERE id = ${packageId} AND status <> 'sorted' AND confirmed_at IS NULL RETURNING id`,
      );
      if (updated.length === 0) return null;
      const [r] = await rows(tx, sql`${PACKAGE_SELECT} WHERE p.id = ${packageId}`);
      return r ? toPackage(r) : null;
    },

    async confirmDelivered(packageId, memberId, at) {
      const updated = await rows(
        tx,
        sql`UPDATE packages SET confirmed_at = ${at.toISOString()}::timestamptz, confirmed_by = ${memberId}
          WHERE id = ${packageId} AND status <> 'sorted' AND confirmed_at IS NULL RETURNING id`,
      );
      return updated.length > 0;
    },

    async appendAudit(buyId, drafts) {
      await appendAuditEvents(tx, buyId, await readChainHead(tx, buyId), drafts);
    },
  };
}

/** `notifyFrom`: this instance's name in the NOTIFYs of the events its transactions store (PostgreSQL). */
export function createDistributionRepo(db: Db, notifyFrom: string | null = null): DistributionRepo {
  return {
    transaction: (fn) => db.transaction((tx) => fn(createTx(tx, notifyFrom))),

    async settings(communityId): Promise<DistributionSettings> {
      const [r] = await rows(
        db,
        sql`SELECT * FROM distribution_settings WHERE community_id = ${communityId}`,
      );
      if (!r)
        return {
          communityId,
          quietStart: DEFAULT_QUIET_HOURS.start,
          quietEnd: DEFAULT_QUIET_HOURS.end,
          timeZone: DEFAULT_QUIET_HOURS.timeZone,
          staleHours: DEFAULT_STALE_HOURS,
        };
      return {
        communityId,
        quietStart: r.quiet_start as string,
        quietEnd: r.quiet_end as string,
        timeZone: r.time_zone as string,
        staleHours: Number(r.stale_hours),
      };
    },

    async saveSettings(s, at) {
      await db.execute(sql`INSERT INTO distribution_settings (community_id, quiet_start, quiet_end, time_zone, stale_hours, updated_at)
        VALUES (${s.communityId}, ${s.quietStart}, ${s.quietEnd}, ${s.timeZone}, ${s.staleHours}, ${at.toISOString()}::timestamptz)
        ON CONFLICT (community_id) DO UPDATE SET quiet_start = EXCLUDED.quiet_start, quiet_end = EXCLUDED.quiet_end,
          time_zone = EXCLUDED.time_zone, stale_hours = EXCLUDED.stale_hours, updated_at = EXCLUDED.updated_at`);
    },

    async findPlan(buyId): Promise<DeliveryPlan | null> {
      const [r] = await rows(db, sql`SELECT * FROM delivery_plans WHERE buy_id = ${buyId}`);
      if (!r) return null;
      return {
        buyId,
        windowStart: dateOrNull(r.window_start),
        windowEnd: dateOrNull(r.window_end),
        driverName: str(r.driver_name),
        driverPhone: str(r.driver_phone),
        plate: str(r.plate),
        passNotes: str(r.pass_notes),
        gate: str(r.gate),
        updatedAt: date(r.updated_at),
      };
    },

    async savePlan(p, memberId) {
      await db.execute(sql`INSERT INTO delivery_plans (buy_id, window_start, window_end, driver_name, driver_phone, plate,
          pass_notes, gate, updated_by, updated_at)
        VALUES (${p.buyId}, ${iso(p.windowStart)}::timestamptz, ${iso(p.windowEnd)}::timestamptz, ${p.driverName},
          ${p.driverPhone}, ${p.plate}, ${p.passNotes}, ${p.gate}, ${memberId}, ${p.updatedAt.toISOString()}::timestamptz)
        ON CONFLICT (buy_id) DO UPDATE SET window_start = EXCLUDED.window_start, window_end = EXCLUDED.window_end,
          driver_name = EXCLUDED.driver_name, driver_phone = EXCLUDED.driver_phone, plate = EXCLUDED.plate,
          pass_notes = EXCLUDED.pass_notes, gate = EXCLUDED.gate, updated_by = EXCLUDED.updated_by,
          updated_at = EXCLUDED.updated_at`);
    },

    async listPosts(buyId): Promise<DeliveryPost[]> {
      const list = await rows(
        db,
        sql`SELECT * FROM delivery_posts WHERE buy_id = ${buyId} ORDER BY created_at DESC, id DESC LIMIT 50`,
      );
      return list.map((r) => ({
        id: r.id as string,
        buyId,
        kind: r.kind as DeliveryPost['kind'],
        message: str(r.message),
        urgent: r.urgent === true,
        createdAt: date(r.created_at),
      }));
    },

    async findArrival(buyId) {
      const [r] = await rows(db, sql`SELECT * FROM arrivals WHERE buy_id = ${buyId}`);
      if (!r) return null;
      return {
        id: r.id as string,
        buyId,
        policy: r.policy as ShortagePolicy,
        received: json(r.received),
        recordedBy: str(r.recorded_by) ?? '',
        createdAt: date(r.created_at),
      };
    },

    async listPackages(buyId, buildingIds) {
      const list = await rows(
        db,
        sql`${PACKAGE_SELECT} WHERE p.buy_id = ${buyId} ${buildingFilter(buildingIds)}`,
      );
      return list.map(toPackage);
    },

    async findPackage(buyId, packageId) {
      const [r] = await rows(db, sql`${PACKAGE_SELECT} WHERE p.buy_id = ${buyId} AND p.id = ${packageId}`);
      return r ? toPackage(r) : null;
    },

    async findPackageByCode(buyId, code) {
      const [r] = await rows(db, sql`${PACKAGE_SELECT} WHERE p.buy_id = ${buyId} AND p.code = ${code}`);
      return r ? toPackage(r) : null;
    },

    async codeInOtherBuy(communityId, buyId, code) {
      const found = await rows(
        db,
        sql`SELECT 1 FROM packages p JOIN buys b ON b.id = p.buy_id
          WHERE p.code = ${code} AND p.buy_id <> ${buyId} AND b.community_id = ${communityId} LIMIT 1`,
      );
      return found.length > 0;
    },

    async packageOfHousehold(buyId, householdId) {
      const [r] = await rows(
        db,
        sql`${PACKAGE_SELECT} WHERE p.buy_id = ${buyId} AND p.household_id = ${householdId}`,
      );
      return r ? toPackage(r) : null;
    },

    householdRef: (householdId) => readHouseholdRef(db, householdId),

    async pickupModeOf(buyId) {
      const [r] = await rows<{ pickup_mode: PickupMode }>(
        db,
        sql`SELECT pickup_mode FROM buys WHERE id = ${buyId}`,
      );
      return r?.pickup_mode ?? null;
    },

    async confirmPackage(packageId, memberId, at) {
      const updated = await rows(
        db,
        sql`UPDATE packages SET confirmed_at = ${at.toISOString()}::timestamptz, confirmed_by = ${memberId}
          WHERE id = ${packageId} AND confirmed_at IS NULL RETURNING id`,
      );
      return updated.length > 0;
    },

    async insertReport(r, memberId) {
      await db.execute(sql`INSERT INTO delivery_reports (id, buy_id, package_id, household_id, kind, note, lines, status,
          created_by, created_at)
        VALUES (${r.id}, ${r.buyId}, ${r.packageId}, ${r.householdId}, ${r.kind}, ${r.note}, ${JSON.stringify(r.lines)}::jsonb,
          'open', ${memberId}, ${r.createdAt.toISOString()}::timestamptz)`);
    },

    async setReportPhoto(reportId, key) {
      await db.execute(sql`UPDATE delivery_reports SET photo_key = ${key} WHERE id = ${reportId}`);
    },

    async findReport(reportId) {
      const [r] = await rows(db, sql`${REPORT_SELECT} WHERE r.id = ${reportId}`);
      return r ? toReport(r) : null;
    },

    async listReports(buyId, filter) {
      const household = filter.householdId ? sql`AND r.household_id = ${filter.householdId}` : sql``;
      const list = await rows(
        db,
        sql`${REPORT_SELECT} WHERE r.buy_id = ${buyId} ${household} ${buildingFilter(filter.buildingIds)}
          ORDER BY r.created_at DESC, r.id DESC`,
      );
      return list.map(toReport);
    },

    adjustments: (buyId, orderIds) =>
      adjustmentsWhere(
        db,
        orderIds === null
          ? sql`buy_id = ${buyId}`
          : sql`buy_id = ${buyId} AND order_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(orderIds)}::jsonb)::uuid)`,
      ),

    async householdOrder(buyId, householdId) {
      const list = await rows(
        db,
        sql`SELECT o.id, o.seq, l.item_id, i.name, i.unit, i.price_fen, l.qty, l.allocated_qty
          FROM orders o JOIN order_lines l ON l.order_id = o.id JOIN buy_items i ON i.id = l.item_id
          WHERE o.buy_id = ${buyId} AND o.household_id = ${householdId} AND o.status <> 'cancelled'
          ORDER BY i.position, i.id`,
      );
      const first = list[0];
      if (!first) return null;
      return {
        orderId: first.id as string,
        seq: Number(first.seq),
        lines: list.map((r) => ({
          itemId: r.item_id as string,
          name: r.name as string,
          unit: str(r.unit),
          priceFen: Number(r.price_fen),
          qty: Number(r.qty),
          allocatedQty: Number(r.allocated_qty),
        })),
      };
    },
  };
}
