/** 物资覆盖's read: one row per household (src/core/community/coverage.ts). */
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import type { CoverageRepo, HouseholdContact } from '../../core/community/coverage.ts';
import type { CoverageRow } from '../../core/community/coverage-fns.ts';
import type { HouseholdNeed } from '../../core/community/needs-fns.ts';
import { jsonRows, rows } from './raw-sql.ts';

interface Row {
  id: string;
  label: string;
  room: string;
  building_id: string;
  building_name: string;
  sort_key: number;
  is_proxy: boolean;
  members: number | string;
  last_received_at: string | Date | null;
  coming: boolean;
  needs: HouseholdNeed[] | null;
  needs_note: string | null;
}

/** Buys whose goods may still reach a household that holds some (not failed, cancelled or completed). */
const GOING_ON = sql`('open', 'closed', 'confirmed', 'arrived')`;

/**
 * Every household of the compound (in scope): grouped reads of the compound's claims, packages and orders, joined
 * to its households, the same answers as a lookup per household in fewer steps (docs/coverage.md has both timed).
 * A package's delivered_at is set when it is delivered or picked up; goods brought outside any buy (送过物资,
 * household_supplies) count as received when they were recorded. An order that holds goods (active) in a buy
 * that goes on, whose package has not reached the household, is goods on their way: an open buy's allocation, or
 * a package waiting at the gate.
 */
const compoundQuery = (communityId: string, inScope: SQL) => sql`
  WITH got AS (
    SELECT r.household_id, max(r.at) AS at FROM (
      SELECT p.household_id, p.delivered_at AS at
      FROM buys y JOIN packages p ON p.buy_id = y.id
      WHERE y.community_id = ${communityId} AND p.delivered_at IS NOT NULL
      UNION ALL
      SELECT s.household_id, s.given_at FROM household_supplies s WHERE s.community_id = ${communityId}
    ) r
    GROUP BY r.household_id
  ), coming AS (
    SELECT DISTINCT o.household_id
    FROM buys y JOIN orders o ON o.buy_id = y.id LEFT JOIN packages p ON p.order_id = o.id
    WHERE y.community_id = ${communityId} AND y.status IN ${GOING_ON} AND o.status = 'active'
      AND p.delivered_at IS NULL
  ), verified AS (
    SELECT c.household_id, count(*) AS n FROM household_claims c
    WHERE c.community_id = ${communityId} AND c.status = 'verified'
    GROUP BY c.household_id
  )
  SELECT h.id, h.label, h.room, h.building_id, b.name AS building_name, b.sort_key, h.is_proxy,
    coalesce(v.n, 0) AS members, got.at AS last_received_at, (coming.household_id IS NOT NULL) AS coming,
    n.needs, n.note AS needs_note
  FROM households h JOIN buildings b ON b.id = h.building_id
    LEFT JOIN verified v ON v.household_id = h.id
    LEFT JOIN got ON got.household_id = h.id
    LEFT JOIN coming ON coming.household_id = h.id
    LEFT JOIN household_needs n ON n.household_id = h.id
  WHERE h.community_id = ${communityId} ${inScope}`;

/**
 * Only the households on the register of those in need (the home's 待办 asks every minute): a lookup per household
 * on its own indexes (claims, packages, orders by household), the same rule as compoundQuery's. Grouping the
 * compound's packages and orders first, narrowed to the register, cost the admin's to-do 17 ms more with 100
 * households on it (5,000 in the compound, the embedded database: docs/benchmarks.md).
 */
const registerQuery = (communityId: string, inScope: SQL) => sql`
  SELECT h.id, h.label, h.room, h.building_id, b.name AS building_name, b.sort_key, h.is_proxy,
    (SELECT count(*) FROM household_claims c WHERE c.household_id = h.id AND c.status = 'verified') AS members,
    greatest(
      (SELECT max(p.delivered_at) FROM packages p WHERE p.household_id = h.id),
      (SELECT max(s.given_at) FROM household_supplies s WHERE s.household_id = h.id)
    ) AS last_received_at,
    EXISTS (SELECT 1 FROM orders o JOIN buys y ON y.id = o.buy_id
      WHERE o.household_id = h.id AND o.status = 'active' AND y.status IN ${GOING_ON}
        AND NOT EXISTS (SELECT 1 FROM packages p WHERE p.order_id = o.id AND p.delivered_at IS NOT NULL)
    ) AS coming,
    n.needs, n.note AS needs_note
  FROM household_needs n JOIN households h ON h.id = n.household_id JOIN buildings b ON b.id = h.building_id
  WHERE n.community_id = ${communityId} ${inScope}`;

export function createCoverageRepo(db: Executor): CoverageRepo {
  return {
    async coverageRows(communityId, scope, onlyInNeed = false) {
      if (scope !== 'all' && scope.length === 0) return [];
      const inScope =
        scope === 'all'
          ? sql``
          : sql`AND h.building_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(scope)}::jsonb)::uuid)`;
      const found = await jsonRows<Row>(
        db,
        onlyInNeed ? registerQuery(communityId, inScope) : compoundQuery(communityId, inScope),
      );
      return found.map((r): CoverageRow => ({
        householdId: r.id,
        label: r.label,
        room: r.room,
        buildingId: r.building_id,
        buildingName: r.building_name,
        buildingSort: Number(r.sort_key),
        isProxy: r.is_proxy,
        members: Number(r.members),
        lastReceivedAt:
          r.last_received_at === null
            ? null
            : r.last_received_at instanceof Date
              ? r.last_received_at
              : new Date(r.last_received_at),
        coming: r.coming,
        needs: r.needs ?? [],
        needsNote: r.needs_note,
      }));
    },

    async contacts(householdIds) {
      const ids = JSON.stringify(householdIds);
      const found = await rows<{ household_id: string; name: string; phone: string | null; proxy: boolean }>(
        db,
        sql`SELECT c.household_id, u.display_name AS name, u.phone, false AS proxy, 0 AS k, c.created_at AS at
            FROM household_claims c JOIN members m ON m.id = c.member_id JOIN users u ON u.id = m.user_id
            WHERE c.status = 'verified' AND c.household_id IN (SELECT jsonb_array_elements_text(${ids}::jsonb)::uuid)
          UNION ALL
          SELECT h.id, h.proxy_contact_name, h.proxy_contact_phone, true, 1, h.created_at
            FROM households h
            WHERE h.is_proxy AND h.proxy_contact_name IS NOT NULL
              AND h.id IN (SELECT jsonb_array_elements_text(${ids}::jsonb)::uuid)
          ORDER BY k, at`,
      );
      const out = new Map<string, HouseholdContact[]>();
      for (const r of found) {
        const list = out.get(r.household_id) ?? [];
        list.push({ name: r.name, phone: r.phone, proxy: r.proxy });
        out.set(r.household_id, list);
      }
      return out;
    },
  };
}
