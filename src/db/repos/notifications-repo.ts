import { randomUUID } from 'node:crypto';
import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import type {
  BuyFacts,
  ItemFacts,
  LeaderFacts,
  OrderFacts,
  WaitlistedLine,
} from '../../core/notifications/mapping.ts';
import type {
  FanOut,
  NotificationRecord,
  NotificationRow as RowToStore,
  NotificationType,
} from '../../core/notifications/model.ts';
import { claimKey, type NotificationsRepo } from '../../core/notifications/ports.ts';
import {
  actsForProxy,
  looksAfter,
  readMarker,
  type FeedViewer,
  type ProxyCandidate,
} from '../../core/notifications/policies.ts';
import { DEFAULT_QUIET_HOURS } from '../../core/distribution/quiet-hours.ts';
import { LookupBatcher } from './lookup-batcher.ts';
import { rows } from './raw-sql.ts';

/**
 * Each row's offset in ms, so that no two rows one household sees share a time: a household's rows count up
 * from 0, and a compound-wide row (no household: every household sees it) comes after every row before it,
 * and before every row after it. A rush's rows (one per household) are all 0. The offsets are counted back
 * from the call's time (`rowTime`), never forward from it.
 */
export function laterNotices(list: readonly { householdId: string | null }[]): number[] {
  const next = new Map<string, number>();
  let afterAll = 0; // above every offset given so far
  let afterWide = 0; // above the last compound-wide row's
  const offsets: number[] = [];
  for (const r of list) {
    const o = r.householdId === null ? afterAll : Math.max(next.get(r.householdId) ?? 0, afterWide);
    if (r.householdId === null) afterWide = o + 1;
    else next.set(r.householdId, o + 1);
    afterAll = Math.max(afterAll, o + 1);
    offsets.push(o);
  }
  return offsets;
}

/**
 * A row's created_at: the call's time `at` for the rows of the highest offset, and `r.o` milliseconds before
 * it for the others (`last`: the highest offset). Never later than `at`: the feed shows a row once its time
 * has come (a notice held for the quiet hours is stored with the time they end), and a row dated even a
 * millisecond after the batch's time was missing from a feed read the moment the batch committed (a phone
 * refreshing on notification.created; a test that failed now and then: order-journal.int.test.ts).
 */
const rowTime = (at: Date, last: number) =>
  sql`${at.toISOString()}::timestamptz - (${last}::int - r.o) * interval '1 millisecond'`;

/** The highest of the offsets (laterNotices). */
const lastOf = (offsets: readonly number[]) => {
  let last = 0;
  for (const o of offsets) if (o > last) last = o;
  return last;
};

/** A compound's 成团 row: the one kind another instance may have stored already (notifications_threshold_met_once_idx). */
const toldOnce = (r: RowToStore) => r.householdId === null && r.type === 'buy_threshold_met';
const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
const date = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));

interface NotificationRow {
  id: string;
  community_id: string;
  household_id: string | null;
  buy_id: string | null;
  type: string;
  data: unknown;
  created_at: unknown;
}

const toRecord = (r: NotificationRow): NotificationRecord => ({
  id: r.id,
  communityId: r.community_id,
  householdId: r.household_id,
  buyId: r.buy_id,
  type: r.type as NotificationType,
  data: json(r.data),
  createdAt: date(r.created_at),
});

/**
 * The viewer's feed: community-wide rows and their household's (two ranges of notifications_feed_idx), whose
 * time has come (a row held for the compound's quiet hours is stored with the time it may be shown).
 */
const inFeed = (v: FeedViewer) => {
  if (v.looksAfter.length > 0) {
    // A volunteer with proxy households: theirs too (a few households; rare).
    const ids = JSON.stringify([
      ...(v.householdId === null ? [] : [v.householdId]),
      ...v.looksAfter.map((p) => p.id),
    ]);
    return sql`n.community_id = ${v.communityId} AND (n.household_id IS NULL
      OR n.household_id IN (SELECT jsonb_array_elements_text(${ids}::jsonb)::uuid)) AND n.created_at <= now()`;
  }
  return v.householdId === null
    ? sql`n.community_id = ${v.communityId} AND n.household_id IS NULL AND n.created_at <= now()`
    : sql`n.community_id = ${v.communityId} AND (n.household_id IS NULL OR n.household_id = ${v.householdId}) AND n.created_at <= now()`;
};

/**
 * How far before the marker's time a row can be that had not committed when the marker was set. A row's time
 * is its batch's, taken just before the batch is written: a batch in flight for longer than this when a
 * member marks the feed read would have its rows under the marker counted read (docs/notifications.md).
 */
export const LATE_COMMIT_WINDOW = "interval '10 minutes'";

/**
 * Whether the row counts as committed when the viewer's marker was set: it had (pg_visible_in_snapshot), or
 * it is older than the look back, or it predates the snapshots (no writer, no snapshot). The unread count
 * reads the same rule.
 */
const committedByMark = (v: FeedViewer) =>
  v.readSnapshot === null
    ? sql`true`
    : sql`(coalesce(pg_visible_in_snapshot(n.written_by, ${v.readSnapshot}::pg_snapshot), true)
        OR n.created_at <= ${readMarker(v).toISOString()}::timestamptz - ${sql.raw(LATE_COMMIT_WINDOW)})`;

/**
 * The viewer's feed as its ranges of notifications_feed_idx, one condition each: the compound-wide rows, and
 * their household's. A query over both that must count or scan (rather than take the newest few) runs one
 * branch per range: `household_id IS NULL OR household_id = $h` as a prepared statement's generic plan walked
 * the compound's whole part of the index (every household's rows: ~4 ms a count after a rush of 4,500 notices
 * on the embedded database; bench/bells.ts).
 */
const feedRanges = (v: FeedViewer): SQL[] => {
  const wide = sql`n.community_id = ${v.communityId} AND n.household_id IS NULL AND n.created_at <= now()`;
  const households = [...(v.householdId === null ? [] : [v.householdId]), ...v.looksAfter.map((p) => p.id)];
  return [
    wide,
    ...households.map(
      (h) => sql`n.community_id = ${v.communityId} AND n.household_id = ${h} AND n.created_at <= now()`,
    ),
  ];
};

/** Which orders of the buy a fan-out reaches. */
function audienceFilter(f: FanOut): SQL {
  const a = f.audience;
  switch (a.kind) {
    case 'live':
      return sql`o.status <> 'cancelled'`;
    case 'allocated':
      return sql`o.status = 'active'`;
    case 'released':
      return sql`o.status = 'cancelled' AND o.cancel_reason = ${a.reason}`;
    case 'holders':
      return sql`o.status <> 'cancelled' AND EXISTS (
        SELECT 1 FROM order_lines l WHERE l.order_id = o.id
          AND l.item_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(a.itemIds)}::jsonb)::uuid))`;
  }
}

/**
 * Members' feed viewers by `${communityId} ${userId}`, in one statement for the lookups that arrive together
 * (LookupBatcher, as the buy stream's viewers): when a server restarts, every phone of the compound reopens
 * its bell within seconds, and each opening reads its viewer. One statement each cost the embedded database
 * its turn per phone, and the server ~7 KB of RSS per open bell (docs/benchmarks.md, thirty-seventh session).
 * Nothing is cached: a lookup is answered by a statement that starts after it was asked.
 */
function viewerLookups(db: Executor) {
  return new LookupBatcher<FeedViewer>(async (keys) => {
    const pairs = keys.map((k) => {
      const [communityId, userId] = k.split(' ');
      return { k, community_id: communityId, user_id: userId };
    });
    const found = await rows(
      db,
      sql`SELECT p.k, m.id, m.created_at, m.is_admin, r.last_read_at,
          r.read_snapshot::text AS read_snapshot,
          (SELECT c.household_id FROM household_claims c
            WHERE c.member_id = m.id AND c.community_id = m.community_id AND c.status = 'verified' LIMIT 1) AS household_id,
          (SELECT json_agg(v.building_id) FROM volunteer_buildings v WHERE v.member_id = m.id) AS volunteer_buildings,
          (SELECT json_agg(json_build_object('id', h.id, 'label', h.label, 'buildingId', h.building_id,
              'managedBy', h.proxy_managed_by, 'communityId', h.community_id))
            FROM (
              SELECT h.* FROM households h WHERE h.proxy_managed_by = m.id AND h.is_proxy
              UNION
              SELECT h.* FROM volunteer_buildings v JOIN households h ON h.building_id = v.building_id
                WHERE v.member_id = m.id AND h.is_proxy
            ) h
            WHERE h.community_id = m.community_id
          ) AS proxies
        FROM jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) AS p(k text, community_id uuid, user_id uuid)
        JOIN members m ON m.community_id = p.community_id AND m.user_id = p.user_id
        LEFT JOIN notification_reads r ON r.member_id = m.id`,
    );
    return new Map(
      found.map((r) => {
        const communityId = (r.k as string).split(' ')[0]!; // as asked, as the other reads of the feed name it
        const watcher = {
          memberId: r.id as string,
          communityId,
          isAdmin: r.is_admin === true,
          volunteerBuildingIds: json<string[] | null>(r.volunteer_buildings) ?? [],
        };
        const proxies = json<ProxyCandidate[] | null>(r.proxies) ?? [];
        return [
          r.k as string,
          {
            memberId: watcher.memberId,
            communityId,
            householdId: (r.household_id as string | null) ?? null,
            joinedAt: date(r.created_at),
            lastReadAt: r.last_read_at === null || r.last_read_at === undefined ? null : date(r.last_read_at),
            readSnapshot: (r.read_snapshot as string | null | undefined) ?? null,
            looksAfter: proxies
              .filter((h) => looksAfter(watcher, h))
              .map((h) => ({ id: h.id, label: h.label, actsFor: actsForProxy(watcher, h) }))
              .sort((x, y) => x.label.localeCompare(y.label, 'zh-CN', { numeric: true })),
          },
        ];
      }),
    );
  });
}

export function createNotificationsRepo(db: Executor): NotificationsRepo {
  const viewers = viewerLookups(db);
  return {
    async buyFacts(buyId): Promise<BuyFacts | null> {
      const [r] = await rows(db, sql`SELECT id, community_id, title, deadline FROM buys WHERE id = ${buyId}`);
      if (!r) return null;
      return {
        id: r.id as string,
        communityId: r.community_id as string,
        title: r.title as string,
        deadline: date(r.deadline).toISOString(),
      };
    },

    async ordersFacts(orderIds): Promise<Map<string, OrderFacts>> {
      const found = new Map<string, OrderFacts>();
      if (orderIds.length === 0) return found;
      const list = await rows(
        db,
        sql`SELECT o.id, o.household_id, h.label, o.status, l.item_id, i.name AS item_name, l.qty, l.waitlisted_qty
          FROM orders o
          JOIN households h ON h.id = o.household_id
          LEFT JOIN order_lines l ON l.order_id = o.id
          LEFT JOIN buy_items i ON i.id = l.item_id
          WHERE o.id IN (SELECT jsonb_array_elements_text(${JSON.stringify(orderIds)}::jsonb)::uuid)`,
      );
      for (const r of list) {
        const id = r.id as string;
        let order = found.get(id);
        if (!order) {
          order = {
            id,
            householdId: r.household_id as string,
            householdLabel: r.label as string,
            status: r.status as OrderFacts['status'],
            lines: [],
          };
          found.set(id, order);
        }
        if (r.item_id !== null)
          order.lines.push({
            itemId: r.item_id as string,
            itemName: r.item_name as string,
            qty: Number(r.qty),
            waitlistedQty: Number(r.waitlisted_qty),
          });
      }
      return found;
    },

    async itemFacts(buyId, itemIds): Promise<ItemFacts[]> {
      if (itemIds.length === 0) return [];
      const list = await rows(
        db,
        sql`SELECT id, name, unit, price_fen FROM buy_items
          WHERE buy_id = ${buyId}
            AND id IN (SELECT jsonb_array_elements_text(${JSON.stringify(itemIds)}::jsonb)::uuid)
          ORDER BY position`,
      );
      return list.map((r) => ({
        id: r.id as string,
        name: r.name as string,
        unit: (r.unit as string | null) ?? null,
        priceFen: Number(r.price_fen),
      }));
    },

    async verifiedClaims(pairs) {
      if (pairs.length === 0) return new Set<string>();
      const list = await rows(
        db,
        sql`SELECT c.member_id, c.household_id FROM household_claims c
          JOIN jsonb_to_recordset(${JSON.stringify(pairs.map((p) => ({ m: p.memberId, h: p.householdId })))}::jsonb)
            AS p(m uuid, h uuid) ON c.member_id = p.m AND c.household_id = p.h
          WHERE c.status = 'verified'`,
      );
      return new Set(list.map((r) => claimKey(r.member_id as string, r.household_id as string)));
    },

    // A range of notifications_feed_idx (the household's rows, newest first).
    async lastWaitlisted(communityId, householdId, orderId): Promise<WaitlistedLine[] | null> {
      const [r] = await rows(
        db,
        sql`SELECT type, data FROM notifications
          WHERE community_id = ${communityId} AND household_id = ${householdId} AND type IN ('order_waitlisted', 'order_promoted')
            AND data->>'orderId' = ${orderId}
          ORDER BY created_at DESC, id DESC LIMIT 1`,
      );
      if (!r || r.type !== 'order_waitlisted') return null;
      return json<{ items?: WaitlistedLine[] }>(r.data).items ?? null;
    },

    async leaderOf(buyId): Promise<LeaderFacts | null> {
      const [r] = await rows(
        db,
        sql`SELECT b.created_by, b.live_orders, b.amount_fen, h.id AS household_id, h.label
          FROM buys b
          LEFT JOIN household_claims c ON c.member_id = b.created_by AND c.status = 'verified'
          LEFT JOIN households h ON h.id = c.household_id AND h.community_id = b.community_id
          WHERE b.id = ${buyId} AND b.created_by IS NOT NULL
          ORDER BY h.id IS NULL
          LIMIT 1`,
      );
      if (!r) return null;
      return {
        memberId: r.created_by as string,
        household: r.household_id ? { id: r.household_id as string, label: r.label as string } : null,
        liveOrders: Number(r.live_orders),
        amountFen: Number(r.amount_fen),
      };
    },

    // A range of notifications_feed_idx (the compound's own rows: one per buy opened, and so on).
    async toldBefore(communityId, buyId, type) {
      const found = await rows(
        db,
        sql`SELECT 1 FROM notifications
          WHERE community_id = ${communityId} AND household_id IS NULL AND buy_id = ${buyId} AND type = ${type}
          LIMIT 1`,
      );
      return found.length > 0;
    },

    async quietHours(communityId) {
      const [r] = await rows(
        db,
        sql`SELECT quiet_start, quiet_end, time_zone FROM distribution_settings WHERE community_id = ${communityId}`,
      );
      if (!r) return DEFAULT_QUIET_HOURS;
      return { start: r.quiet_start as string, end: r.quiet_end as string, timeZone: r.time_zone as string };
    },

    // A compound's 成团 row already stored (another instance's notifier told it a moment before: the two looked
    // at once) is not stored again (ON CONFLICT DO NOTHING, on notifications_threshold_met_once_idx; the ids are
    // new, so no other row can conflict), and is returned, so that nobody's bell rings for it. Only a list
    // holding such a row says ON CONFLICT and asks which were stored: a rush's lists never do, and the clause
    // costs every row (speculative insertion: 4,000 rows 10–15 % slower on both databases; docs/benchmarks.md).
    // A household's second notice in one call is stored a millisecond after its first, and so on (`o`): the
    // notifier's batches can gather a whole rush, and the feed's read marker is a time, so two notices of one
    // household must not share one. Every other row gets `at` itself.
    async insertRows(list, at) {
      if (list.length === 0) return [];
      const o = laterNotices(list);
      // Ids made here: gen_random_uuid() costs the embedded database ~12 µs a row (a rush tells ~4,000
      // households they wait), crypto.randomUUID() a fraction of one.
      const first = list[0]!;
      // (Loops rather than callbacks made per call: "V8 and short-lived closures", docs/benchmarks.md.)
      let alike = true;
      let once = false;
      for (const r of list) {
        if (r.communityId !== first.communityId || r.buyId !== first.buyId || r.type !== first.type)
          alike = false;
        if (toldOnce(r)) once = true;
      }
      if (alike && !once) {
        // A rush's rows (one buy's waitlist notices) share their compound, buy and type: those are sent once and
        // each row as three short fields, ~18 % less of the embedded database's time per row.
        const rows: { i: string; h: string | null; d: unknown; o: number }[] = [];
        for (let n = 0; n < list.length; n++)
          rows.push({ i: randomUUID(), h: list[n]!.householdId, d: list[n]!.data, o: o[n]! });
        const rowsJson = JSON.stringify(rows);
        await db.execute(sql`
          INSERT INTO notifications (id, community_id, household_id, buy_id, type, data, created_at)
          SELECT r.i, ${first.communityId}::uuid, r.h, ${first.buyId}::uuid, ${first.type}, r.d, ${rowTime(at, lastOf(o))}
          FROM json_to_recordset(${rowsJson}::json) AS r(i uuid, h uuid, d jsonb, o int)`);
        return [];
      }
      const payload = list.map((r, n) => ({
        id: randomUUID(),
        o: o[n],
        community_id: r.communityId,
        household_id: r.householdId,
        buy_id: r.buyId,
        type: r.type,
        data: r.data,
      }));
      const insert = sql`
        INSERT INTO notifications (id, community_id, household_id, buy_id, type, data, created_at)
        SELECT r.id, r.community_id, r.household_id, r.buy_id, r.type, r.data, ${rowTime(at, lastOf(o))}
        FROM jsonb_to_recordset(${JSON.stringify(payload)}::jsonb)
          AS r(id uuid, community_id uuid, household_id uuid, buy_id uuid, type text, data jsonb, o int)`;
      if (!once) {
        await db.execute(insert);
        return [];
      }
      const stored = await rows<{ id: string }>(
        db,
        sql`WITH ins AS (${insert} ON CONFLICT DO NOTHING RETURNING id, household_id, type)
          SELECT id FROM ins WHERE household_id IS NULL AND type = 'buy_threshold_met'`,
      );
      const kept = new Set(stored.map((r) => r.id));
      return list.filter((r, n) => toldOnce(r) && !kept.has(payload[n]!.id));
    },

    async fanOut(f, at) {
      // One row per household (DISTINCT ON: a household that cancelled and rejoined has two orders).
      const inserted = await rows<{ household_id: string }>(
        db,
        sql`INSERT INTO notifications (id, community_id, household_id, buy_id, type, data, created_at)
          SELECT gen_random_uuid(), ${f.communityId}, x.household_id, ${f.buyId}, ${f.type},
            ${JSON.stringify(f.data)}::jsonb || jsonb_build_object('householdLabel', x.label, 'orderStatus', x.status),
            ${at.toISOString()}::timestamptz
          FROM (
            SELECT DISTINCT ON (o.household_id) o.household_id, h.label, o.status
            FROM orders o JOIN households h ON h.id = o.household_id
            WHERE o.buy_id = ${f.buyId} AND ${audienceFilter(f)}
            ORDER BY o.household_id, o.seq DESC
          ) x
          RETURNING household_id`,
      );
      return inserted.map((r) => r.household_id);
    },

    // A range of notifications_feed_idx: the household's rows with a time still to come.
    async withdrawHeld(w, now) {
      const deleted = await rows(
        db,
        sql`DELETE FROM notifications
          WHERE community_id = ${w.communityId} AND household_id = ${w.householdId}
            AND created_at > ${now.toISOString()}::timestamptz AND buy_id = ${w.buyId} AND type = ${w.type}
          RETURNING id`,
      );
      return deleted.length;
    },

    async viewer(communityId, userId): Promise<FeedViewer | null> {
      return viewers.get(`${communityId} ${userId}`, new Date());
    },

    async findVisible(viewer, id) {
      const [r] = await rows<NotificationRow>(
        db,
        sql`SELECT n.* FROM notifications n WHERE n.id = ${id} AND ${inFeed(viewer)}`,
      );
      return r ? toRecord(r) : null;
    },

    async feed(viewer, before, limit) {
      const older = before
        ? sql`AND (n.created_at, n.id) < (${before.createdAt.toISOString()}::timestamptz, ${before.id}::uuid)`
        : sql``;
      const list = await rows<NotificationRow & { committed_by_mark: boolean }>(
        db,
        sql`SELECT n.id, n.community_id, n.household_id, n.buy_id, n.type, n.data, n.created_at,
            ${committedByMark(viewer)} AS committed_by_mark
          FROM notifications n WHERE ${inFeed(viewer)} ${older}
          ORDER BY n.created_at DESC, n.id DESC LIMIT ${limit + 1}`,
      );
      const items = list
        .slice(0, limit)
        .map((r) => ({ ...toRecord(r), committedByMark: r.committed_by_mark }));
      return { items, hasMore: list.length > limit };
    },

    async unreadCount(viewer, cap) {
      const marker = sql`${readMarker(viewer).toISOString()}::timestamptz`;
      // Per range of the index: rows after the marker's time, and (with a snapshot) rows under it that
      // committed since it was set, a short look back (a row is dated just before its batch commits).
      const branches: SQL[] = [];
      for (const range of feedRanges(viewer)) {
        branches.push(
          sql`(SELECT 1 FROM notifications n WHERE ${range} AND n.created_at > ${marker} LIMIT ${cap})`,
        );
        if (viewer.readSnapshot !== null)
          branches.push(sql`(SELECT 1 FROM notifications n
            WHERE ${range} AND n.created_at <= ${marker}
              AND n.created_at > ${marker} - ${sql.raw(LATE_COMMIT_WINDOW)} AND NOT ${committedByMark(viewer)}
            LIMIT ${cap})`);
      }
      const [r] = await rows(
        db,
        sql`SELECT least(count(*), ${cap}) AS n FROM (${sql.join(branches, sql` UNION ALL `)}) x`,
      );
      return Number(r?.n ?? 0);
    },

    async unreadCounts(viewers, cap) {
      if (viewers.length === 0) return [];
      // unreadCount's branches for every viewer in one statement (the bells that open together): per viewer
      // (i), the compound's rows and their household's (none without one), each after the marker's time and,
      // with a snapshot, under it within the look back but not committed by the mark.
      const late = sql.raw(LATE_COMMIT_WINDOW);
      const ranges = [sql`n.household_id IS NULL`, sql`n.household_id = p.h`];
      // The proxy households a volunteer looks after (feedRanges' others), only when one of them has some.
      if (viewers.some((v) => v.looksAfter.length > 0))
        ranges.push(sql`n.household_id IN (SELECT jsonb_array_elements_text(p.x)::uuid)`);
      const branches = ranges.flatMap((range) => [
        sql`(SELECT 1 FROM notifications n WHERE n.community_id = p.c AND ${range} AND n.created_at <= now()
            AND n.created_at > p.m LIMIT ${cap})`,
        sql`(SELECT 1 FROM notifications n WHERE p.s IS NOT NULL AND n.community_id = p.c AND ${range}
            AND n.created_at <= now() AND n.created_at <= p.m AND n.created_at > p.m - ${late}
            AND NOT (coalesce(pg_visible_in_snapshot(n.written_by, p.s::pg_snapshot), true)
              OR n.created_at <= p.m - ${late})
            LIMIT ${cap})`,
      ]);
      const asked = viewers.map((v, i) => ({
        i,
        c: v.communityId,
        h: v.householdId,
        x: v.looksAfter.map((p) => p.id),
        m: readMarker(v).toISOString(),
        s: v.readSnapshot,
      }));
      const found = await rows(
        db,
        sql`SELECT p.i, least((SELECT count(*) FROM (${sql.join(branches, sql` UNION ALL `)}) x), ${cap}) AS n
          FROM jsonb_to_recordset(${JSON.stringify(asked)}::jsonb)
            AS p(i int, c uuid, h uuid, x jsonb, m timestamptz, s text)`,
      );
      const counts = new Array<number>(viewers.length).fill(0);
      for (const r of found) counts[Number(r.i)] = Number(r.n);
      return counts;
    },

    async newestAt(viewer) {
      const [r] = await rows(
        db,
        sql`SELECT max(x.at) AS at FROM (${sql.join(
          feedRanges(viewer).map(
            (range) => sql`(SELECT max(n.created_at) AS at FROM notifications n WHERE ${range})`,
          ),
          sql` UNION ALL `,
        )}) x`,
      );
      return r?.at === null || r?.at === undefined ? null : date(r.at);
    },

    async markRead(memberId, upTo) {
      // A snapshot taken later sees every transaction an earlier one saw committed: replacing it never
      // un-reads a row.
      const [r] = await rows(
        db,
        sql`INSERT INTO notification_reads (member_id, last_read_at, read_snapshot)
          VALUES (${memberId}, ${upTo.toISOString()}::timestamptz, pg_current_snapshot())
          ON CONFLICT (member_id) DO UPDATE
            SET last_read_at = GREATEST(notification_reads.last_read_at, EXCLUDED.last_read_at),
              read_snapshot = EXCLUDED.read_snapshot
          RETURNING last_read_at, read_snapshot::text AS read_snapshot`,
      );
      return { lastReadAt: date(r!.last_read_at), readSnapshot: r!.read_snapshot as string };
    },
  };
}
