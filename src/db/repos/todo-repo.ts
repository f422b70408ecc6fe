import { sql } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import {
  emptyTodoFacts,
  TODO_BUY_STATUSES,
  type TodoBuyStatus,
  type TodoCount,
  type TodoFacts,
} from '../../core/todo/model.ts';
import type { TodoRepo } from '../../core/todo/ports.ts';

interface Row {
  k: 'buy' | 'undelivered' | 'payments' | 'unpaid' | 'reports' | 'claims';
  buy_id: string | null;
  building_id: string | null;
  n: number;
  title: string | null;
  status: TodoBuyStatus | null;
  created_by: string | null;
  delivery_date: string | null;
}

/**
 * The to-do counts of a compound in one statement (a round trip, and one turn of the embedded database), each
 * part on an index: buys by compound and status, packages by buy and building, payments by buy, the ledger's
 * receivable by buy and account (each household's balance), reports by buy and status, claims by household.
 */
export function createTodoRepo(db: Executor): TodoRepo {
  const statuses = sql.join(
    TODO_BUY_STATUSES.map((s) => sql`${s}`),
    sql`, `,
  );
  return {
    async facts(communityId, ownHouseholdId) {
      const result = (await db.execute(sql`
        SELECT 'buy' AS k, b.id AS buy_id, NULL::uuid AS building_id, 1 AS n, b.title, b.status,
          b.created_by, b.delivery_date::text AS delivery_date, b.deadline
        FROM buys b
        WHERE b.community_id = ${communityId}
          AND (b.status IN (${statuses}) OR b.status = 'completed' AND (
            EXISTS (SELECT 1 FROM delivery_reports r WHERE r.buy_id = b.id AND r.status = 'open')
            OR EXISTS (SELECT 1 FROM payments pay WHERE pay.buy_id = b.id AND pay.status = 'pending')
            OR EXISTS (SELECT 1 FROM ledger_entries e WHERE e.buy_id = b.id AND e.account = 'receivable'
              AND e.household_id IS DISTINCT FROM ${ownHouseholdId}::uuid
              GROUP BY e.household_id HAVING SUM(e.amount_fen) > 0)))
        UNION ALL
        SELECT 'undelivered', p.buy_id, p.building_id, count(*)::int, NULL, NULL, NULL, NULL, NULL
        FROM packages p JOIN buys b ON b.id = p.buy_id
        WHERE b.community_id = ${communityId} AND b.status = 'arrived' AND p.status = 'sorted'
        GROUP BY p.buy_id, p.building_id
        UNION ALL
        SELECT 'payments', pay.buy_id, NULL, count(*)::int, NULL, NULL, NULL, NULL, NULL
        FROM payments pay JOIN buys b ON b.id = pay.buy_id
        WHERE b.community_id = ${communityId} AND pay.status = 'pending'
          AND pay.household_id IS DISTINCT FROM ${ownHouseholdId}::uuid
        GROUP BY pay.buy_id
        UNION ALL
        SELECT 'unpaid', d.buy_id, NULL, count(*)::int, NULL, NULL, NULL, NULL, NULL
        FROM (
          SELECT e.buy_id, e.household_id FROM ledger_entries e JOIN buys b ON b.id = e.buy_id
          WHERE b.community_id = ${communityId} AND b.status IN ('closed', 'confirmed', 'arrived', 'completed')
            AND e.account = 'receivable' AND e.household_id IS DISTINCT FROM ${ownHouseholdId}::uuid
          GROUP BY e.buy_id, e.household_id HAVING SUM(e.amount_fen) > 0
        ) d
        WHERE NOT EXISTS (SELECT 1 FROM payments pay
          WHERE pay.buy_id = d.buy_id AND pay.household_id = d.household_id AND pay.status = 'pending')
        GROUP BY d.buy_id
        UNION ALL
        SELECT 'reports', r.buy_id, NULL, count(*)::int, NULL, NULL, NULL, NULL, NULL
        FROM delivery_reports r JOIN buys b ON b.id = r.buy_id
        WHERE b.community_id = ${communityId} AND r.status = 'open'
        GROUP BY r.buy_id
        UNION ALL
        SELECT 'claims', NULL, h.building_id, count(*)::int, NULL, NULL, NULL, NULL, NULL
        FROM household_claims c JOIN households h ON h.id = c.household_id
        WHERE c.community_id = ${communityId} AND c.status = 'pending'
        GROUP BY h.building_id
        ORDER BY k, deadline, buy_id, building_id`)) as unknown as { rows: Row[] };
      const facts: TodoFacts = emptyTodoFacts();
      const lists = {
        undelivered: facts.undelivered,
        payments: facts.pendingPayments,
        unpaid: facts.unpaid,
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
          });
        } else {
          const count: TodoCount = { buyId: r.buy_id, buildingId: r.building_id, count: Number(r.n) };
          lists[r.k].push(count);
        }
      }
      return facts;
    },
  };
}
