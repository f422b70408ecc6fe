import { sql } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { idArray, rows } from './raw-sql.ts';
import type { PackageStatus } from '../../core/distribution/model.ts';
import type { PickupMode } from '../../core/buys/buy.ts';
import {
  emptyTodoFacts,
  type HouseholdTodoFacts,
  type ProxyRef,
  TODO_BUY_STATUSES,
  type TodoBuyStatus,
  type TodoCount,
  type TodoFacts,
} from '../../core/todo/model.ts';
import type { TodoRepo } from '../../core/todo/ports.ts';

interface Row {
  k:
    | 'buy'
    | 'undelivered'
    | 'payments'
    | 'unpaid'
    | 'refund_due'
    | 'reports'
    | 'claims'
    | 'settings'
    | 'households'
    | 'members'
    | 'invites';
  buy_id: string | null;
  building_id: string | null;
  n: number;
  title: string | null;
  status: TodoBuyStatus | null;
  created_by: string | null;
  delivery_date: string | null;
  arrived_at: string | Date | null;
}

interface HouseholdRow {
  k: 'money' | 'refund' | 'package';
  household_id: string;
  buy_id: string;
  title: string;
  fen: string | number;
  pending_fen: string | number;
  code: string | null;
  package_status: PackageStatus | null;
  pickup_mode: PickupMode | null;
  confirmed: boolean;
  reported: boolean;
  disputed: boolean;
}

/**
 * The to-do counts of a compound in one statement (a round trip, and one turn of the embedded database), each
 * part on an index: buys by compound and status, packages by buy and building, payments by buy, the ledger's
 * receivable by buy and account (each household's balance), reports by buy and status, claims by household;
 * and, for an admin, how far the compound is set up (a household, a second member, an invite usable at
 * `setupAt`: each an EXISTS or a count to 2 on the compound's index).
 */
export function createTodoRepo(db: Executor): TodoRepo {
  const statuses = sql.join(
    TODO_BUY_STATUSES.map((s) => sql`${s}`),
    sql`, `,
  );
  return {
    async facts(communityId, ownHouseholdId, setupAt) {
      // The compound's setup, for its admins only: three small reads, though ~0.7 ms of a leader's 5 on PGlite.
      const setup =
        setupAt === null
          ? sql``
          : sql`
        UNION ALL
        SELECT 'households', NULL, NULL,
          (EXISTS (SELECT 1 FROM households h WHERE h.community_id = ${communityId}))::int,
          NULL, NULL, NULL, NULL, NULL, NULL
        UNION ALL
        SELECT 'members', NULL, NULL,
          (SELECT count(*)::int FROM (SELECT 1 FROM members m WHERE m.community_id = ${communityId} LIMIT 2) two),
          NULL, NULL, NULL, NULL, NULL, NULL
        UNION ALL
        SELECT 'invites', NULL, NULL, (EXISTS (SELECT 1 FROM invites i
          WHERE i.community_id = ${communityId} AND i.revoked_at IS NULL
            AND (i.expires_at IS NULL OR i.expires_at > ${setupAt.toISOString()}::timestamptz)
            AND (i.max_uses IS NULL OR i.uses < i.max_uses)))::int,
          NULL, NULL, NULL, NULL, NULL, NULL`;
      const result = (await db.execute(sql`
        WITH balances AS (
          SELECT e.buy_id, e.household_id, b.status, SUM(e.amount_fen) AS balance
          FROM ledger_entries e JOIN buys b ON b.id = e.buy_id
          WHERE b.community_id = ${communityId}
            AND b.status IN ('closed', 'confirmed', 'arrived', 'completed', 'failed', 'cancelled')
            AND e.account = 'receivable' AND e.household_id IS DISTINCT FROM ${ownHouseholdId}::uuid
          GROUP BY e.buy_id, e.household_id, b.status HAVING SUM(e.amount_fen) <> 0
        )
        SELECT 'buy' AS k, b.id AS buy_id, NULL::uuid AS building_id,
          (EXISTS (SELECT 1 FROM buy_payment_qr q WHERE q.buy_id = b.id OR q.updated_by = b.created_by))::int AS n,
          b.title, b.status,
          b.created_by, b.delivery_date::text AS delivery_date, b.deadline,
          (SELECT a.created_at FROM arrivals a WHERE a.buy_id = b.id) AS arrived_at
        FROM buys b
        WHERE b.community_id = ${communityId}
          AND (b.status IN (${statuses}) OR b.status = 'completed' AND (
            EXISTS (SELECT 1 FROM delivery_reports r WHERE r.buy_id = b.id AND r.status = 'open')
            OR EXISTS (SELECT 1 FROM payments pay WHERE pay.buy_id = b.id AND pay.status = 'pending')
            OR EXISTS (SELECT 1 FROM ledger_entries e WHERE e.buy_id = b.id AND e.account = 'receivable'
              AND e.household_id IS DISTINCT FROM ${ownHouseholdId}::uuid
              GROUP BY e.household_id HAVING SUM(e.amount_fen) > 0))
            OR b.status IN ('completed', 'failed', 'cancelled') AND EXISTS (SELECT 1 FROM ledger_entries e
              WHERE e.buy_id = b.id AND e.account = 'receivable'
                AND e.household_id IS DISTINCT FROM ${ownHouseholdId}::uuid
              GROUP BY e.household_id HAVING SUM(e.amount_fen) < 0))
        UNION ALL
        SELECT 'undelivered', p.buy_id, p.building_id, count(*)::int, NULL, NULL, NULL, NULL, NULL, NULL
        FROM packages p JOIN buys b ON b.id = p.buy_id
        WHERE b.community_id = ${communityId} AND b.status = 'arrived' AND p.status = 'sorted'
        GROUP BY p.buy_id, p.building_id
        UNION ALL
        SELECT 'payments', pay.buy_id, NULL, count(*)::int, NULL, NULL, NULL, NULL, NULL, NULL
        FROM payments pay JOIN buys b ON b.id = pay.buy_id
        WHERE b.community_id = ${communityId} AND pay.status = 'pending'
          AND pay.household_id IS DISTINCT FROM ${ownHouseholdId}::uuid
        GROUP BY pay.buy_id
        UNION ALL
        SELECT 'unpaid', d.buy_id, NULL, count(*)::int, NULL, NULL, NULL, NULL, NULL, NULL
        FROM balances d
        WHERE d.balance > 0 AND d.status NOT IN ('failed', 'cancelled') AND NOT EXISTS (SELECT 1 FROM payments pay
          WHERE pay.buy_id = d.buy_id AND pay.household_id = d.household_id AND pay.status = 'pending')
        GROUP BY d.buy_id
        UNION ALL
        SELECT 'refund_due', d.buy_id, NULL, count(*)::int, NULL, NULL, NULL, NULL, NULL, NULL
        FROM balances d WHERE d.balance < 0
        GROUP BY d.buy_id
        UNION ALL
        SELECT 'reports', r.buy_id, NULL, count(*)::int, NULL, NULL, NULL, NULL, NULL, NULL
        FROM delivery_reports r JOIN buys b ON b.id = r.buy_id
        WHERE b.community_id = ${communityId} AND r.status = 'open'
        GROUP BY r.buy_id
        UNION ALL
        SELECT 'claims', NULL, h.building_id, count(*)::int, NULL, NULL, NULL, NULL, NULL, NULL
        FROM household_claims c JOIN households h ON h.id = c.household_id
        WHERE c.community_id = ${communityId} AND c.status = 'pending'
        GROUP BY h.building_id
        UNION ALL
        SELECT 'settings', NULL, NULL, s.stale_hours, NULL, NULL, NULL, NULL, NULL, NULL
        FROM distribution_settings s WHERE s.community_id = ${communityId}
        ${setup}
        ORDER BY k, deadline, buy_id, building_id`)) as unknown as { rows: Row[] };
      const facts: TodoFacts = emptyTodoFacts();
      const lists = {
        undelivered: facts.undelivered,
        payments: facts.pendingPayments,
        unpaid: facts.unpaid,
        refund_due: facts.refundsDue,
        reports: facts.openReports,
        claims: facts.pendingClaims,
      };
      for (const r of result.rows) {
        if (r.k === 'buy') {
          facts.buys.push({
            id: r.buy_id ?? '',
            title: r.title ?? '',
            status: r.status ?? 'draft',
            createdBy: r.created_by ?? '',
            deliveryDate: r.delivery_date,
            arrivedAt: r.arrived_at === null ? null : new Date(r.arrived_at),
            // n: the buy has a QR code to pay with, its own or one its leader uploaded (the repo's paymentQr).
            hasQr: Number(r.n) > 0,
          });
        } else if (r.k === 'settings') {
          facts.staleHours = Number(r.n);
        } else if (r.k === 'households') {
          facts.compound.households = Number(r.n) > 0;
        } else if (r.k === 'members') {
          facts.compound.members = Number(r.n);
        } else if (r.k === 'invites') {
          facts.compound.liveInvite = Number(r.n) > 0;
        } else {
          const count: TodoCount = { buyId: r.buy_id, buildingId: r.building_id, count: Number(r.n) };
          lists[r.k].push(count);
        }
      }
      return facts;
    },

    async householdFacts(communityId, householdId) {
      return (await factsOf(db, communityId, [householdId])).get(householdId) ?? emptyHouseholdFacts();
    },

    // The proxy households first (by building, on its index; a few per building), then their facts in one read.
    async proxyFacts(communityId, buildingIds) {
      if (buildingIds.length === 0) return [];
      const proxies = await rows<ProxyRef>(
        db,
        sql`SELECT h.id, h.label FROM households h
          WHERE h.building_id = ANY(${idArray(buildingIds)}) AND h.community_id = ${communityId} AND h.is_proxy
          ORDER BY h.label`,
      );
      if (proxies.length === 0) return [];
      const facts = await factsOf(
        db,
        communityId,
        proxies.map((h) => h.id),
      );
      return proxies.flatMap((household) => {
        const f = facts.get(household.id);
        return f ? [{ household, facts: f }] : [];
      });
    },
  };
}

const emptyHouseholdFacts = (): HouseholdTodoFacts => ({ money: [], refunds: [], packages: [] });

/**
 * The household facts of each of these households in one read (`householdFacts`, `proxyFacts`), keyed by household;
 * one with none is not in the map. Its ledger entries through their household index first (a materialised CTE):
 * joined to the compound's buys, the planner took the buy's (buy, account) index and filtered out every other
 * household's entries (7,000 rows at 5,000 households, 1 ms of the query's 1.3), since a freshly filled table's
 * statistics said either index would find one row.
 */
async function factsOf(
  db: Executor,
  communityId: string,
  householdIds: string[],
): Promise<Map<string, HouseholdTodoFacts>> {
  const ids = idArray(householdIds);
  const found = await rows<HouseholdRow>(
    db,
    sql`
      WITH owed AS MATERIALIZED (
        SELECT e.household_id, e.buy_id, SUM(e.amount_fen) AS fen FROM ledger_entries e
        WHERE e.household_id = ANY(${ids}) AND e.account = 'receivable'
        GROUP BY e.household_id, e.buy_id HAVING SUM(e.amount_fen) > 0
      )
      SELECT 'money' AS k, o.household_id, o.buy_id, b.title, o.fen::bigint AS fen,
        (SELECT COALESCE(SUM(pay.amount_fen), 0) FROM payments pay
          WHERE pay.buy_id = o.buy_id AND pay.household_id = o.household_id AND pay.status = 'pending'
        )::bigint AS pending_fen,
        NULL::text AS code, NULL::text AS package_status, NULL::text AS pickup_mode, false AS confirmed,
        false AS reported,
        coalesce((SELECT pay.status = 'disputed' FROM payments pay
          WHERE pay.buy_id = o.buy_id AND pay.household_id = o.household_id
          ORDER BY pay.marked_at DESC LIMIT 1), false) AS disputed,
        b.deadline
      FROM owed o JOIN buys b ON b.id = o.buy_id
      WHERE b.community_id = ${communityId}
      UNION ALL
      SELECT 'refund', r.household_id, r.buy_id, b.title, SUM(r.amount_fen)::bigint, 0, NULL, NULL, NULL, false,
        false, false, b.deadline
      FROM refunds r JOIN buys b ON b.id = r.buy_id
      WHERE r.household_id = ANY(${ids}) AND b.community_id = ${communityId} AND r.status = 'sent'
      GROUP BY r.household_id, r.buy_id, b.title, b.deadline
      UNION ALL
      SELECT 'package', p.household_id, p.buy_id, b.title, 0, 0, p.code, p.status, b.pickup_mode,
        p.confirmed_at IS NOT NULL, EXISTS (SELECT 1 FROM delivery_reports r WHERE r.package_id = p.id), false,
        b.deadline
      FROM packages p JOIN buys b ON b.id = p.buy_id
      WHERE p.household_id = ANY(${ids}) AND b.community_id = ${communityId} AND b.status = 'arrived'
      ORDER BY deadline, buy_id`,
  );
  const byHousehold = new Map<string, HouseholdTodoFacts>();
  for (const r of found) {
    let facts = byHousehold.get(r.household_id);
    if (!facts) byHousehold.set(r.household_id, (facts = emptyHouseholdFacts()));
    if (r.k === 'money')
      facts.money.push({
        buyId: r.buy_id,
        title: r.title,
        balanceFen: Number(r.fen),
        pendingFen: Number(r.pending_fen),
        disputed: r.disputed,
      });
    else if (r.k === 'refund')
      facts.refunds.push({ buyId: r.buy_id, title: r.title, amountFen: Number(r.fen) });
    else
      facts.packages.push({
        buyId: r.buy_id,
        title: r.title,
        status: r.package_status ?? 'sorted',
        code: r.code ?? '',
        pickupMode: r.pickup_mode ?? 'building',
        confirmed: r.confirmed,
        reported: r.reported,
      });
  }
  return byHousehold;
}
