import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import {
  createPendingResident,
  createTestCommunity,
  createVerifiedResident,
} from '../../../test/support/community.ts';
import type { NotificationRow } from '../../core/notifications/model.ts';
import { createNotificationsRepo } from './notifications-repo.ts';
import { rows } from './raw-sql.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

interface StoredRow {
  community_id: string;
  household_id: string | null;
  buy_id: string | null;
  type: string;
  data: unknown;
  created_at: Date | string;
}

/** The stored rows of these households, by household. */
const stored = (households: string[]) =>
  rows<StoredRow>(
    t.container.db,
    sql`SELECT community_id, household_id, buy_id, type, data, created_at FROM notifications
      WHERE household_id IN (SELECT jsonb_array_elements_text(${JSON.stringify(households)}::jsonb)::uuid)
      ORDER BY household_id`,
  );

/** The database, counting the statements run through it. */
function countingStatements(db: TestApp['container']['db']) {
  let statements = 0;
  const counted = new Proxy(db, {
    get(target, key, receiver) {
      if (key !== 'execute') return Reflect.get(target, key, receiver);
      return (...args: unknown[]) => {
        statements++;
        return (target.execute as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { db: counted, statements: () => statements };
}

describe('insertRows', () => {
  const community = randomUUID();
  const buy = randomUUID();
  const row = (
    householdId: string,
    type: NotificationRow['type'],
    buyId: string | null,
  ): NotificationRow => ({
    communityId: community,
    householdId,
    buyId,
    type,
    // Quotes and a backslash: the row's JSON is read back by the database, not pasted into SQL.
    data: { buyTitle: '鸡蛋 "团购"', householdLabel: '3-502', items: [{ itemName: '土鸡蛋\\30枚', qty: 2 }] },
  });
  const rush = (h: string) => row(h, 'order_waitlisted', buy);
  const mixed = (h: string, i: number) =>
    row(h, i % 2 ? 'order_promoted' : 'order_waitlisted', i % 3 ? buy : null);

  it.each([
    ['rows that share their compound, buy and type (a rush)', rush],
    ['rows of different types and buys', mixed],
  ])('stores %s as given, at the time given', async (_name, make) => {
    const households = Array.from({ length: 5 }, () => randomUUID()).sort();
    const list = households.map((h, i) => make(h, i));
    const at = new Date('2026-12-01T10:00:00.000Z');
    await createNotificationsRepo(t.container.db).insertRows(list, at);
    const got = await stored(households);
    expect(
      got.map((r) => ({
        communityId: r.community_id,
        householdId: r.household_id,
        buyId: r.buy_id,
        type: r.type,
        data: typeof r.data === 'string' ? JSON.parse(r.data) : r.data,
      })),
    ).toEqual(list);
    for (const r of got) expect(new Date(r.created_at).toISOString()).toBe(at.toISOString());
  });

  it('returns a compound’s 成团 row already stored (another instance’s), and stores the rest; nothing else is returned', async () => {
    const repo = createNotificationsRepo(t.container.db);
    const [metBuy, otherBuy] = [randomUUID(), randomUUID()];
    const met = (buyId: string): NotificationRow => ({
      communityId: community,
      householdId: null,
      buyId,
      type: 'buy_threshold_met',
      data: { buyTitle: '鸡蛋团购' },
    });
    const at = new Date('2026-12-01T12:00:00.000Z');
    expect(await repo.insertRows([met(metBuy)], at)).toEqual([]);
    const h = randomUUID();
    const again = met(metBuy);
    const list = [rush(h), again, met(otherBuy)];
    expect(await repo.insertRows(list, at)).toEqual([again]);
    expect(await repo.insertRows([rush(randomUUID())], at)).toEqual([]);
    const told = await rows<{ buy_id: string }>(
      t.container.db,
      sql`SELECT buy_id FROM notifications WHERE buy_id IN (${metBuy}, ${otherBuy}) AND household_id IS NULL`,
    );
    expect(told.map((r) => r.buy_id).sort()).toEqual([metBuy, otherBuy].sort());
    expect((await stored([h])).map((r) => r.type)).toEqual(['order_waitlisted']);
  });

  it("stores a household's rows of one call a millisecond apart each, so the read marker tells them apart", async () => {
    const [a, b] = [randomUUID(), randomUUID()].sort() as [string, string];
    const list = [rush(a), row(a, 'order_promoted', buy), rush(b)];
    const at = new Date('2026-12-01T11:00:00.000Z');
    await createNotificationsRepo(t.container.db).insertRows(list, at);
    const got = await rows<{ household_id: string; type: string; created_at: Date | string }>(
      t.container.db,
      sql`SELECT household_id, type, created_at FROM notifications WHERE household_id IN (${a}, ${b})
        ORDER BY household_id, created_at`,
    );
    // Counted back from the call's time: none is dated after it.
    expect(got.map((r) => [r.household_id, r.type, new Date(r.created_at).toISOString()])).toEqual([
      [a, 'order_waitlisted', '2026-12-01T10:59:59.999Z'],
      [a, 'order_promoted', '2026-12-01T11:00:00.000Z'],
      [b, 'order_waitlisted', '2026-12-01T10:59:59.999Z'],
    ]);
  });

  it("dates no row after the call's time, so a feed read the moment the rows commit shows them all", async () => {
    // The compound-wide row first (a buy opened) puts the household's row a millisecond after it: until the
    // thirty-fifth session that millisecond was after the call's time, and a feed read within it left the row
    // out (about one read in four, done straight after the call; so twenty of them).
    const repo = createNotificationsRepo(t.container.db);
    const feeds: string[][] = [];
    let last: { community: string; at: Date } | null = null;
    for (let n = 0; n < 20; n++) {
      const [community2, household] = [randomUUID(), randomUUID()];
      const wide: NotificationRow = {
        communityId: community2,
        householdId: null,
        buyId: buy,
        type: 'buy_opened',
        data: { buyTitle: '鸡蛋', deadline: null },
      };
      const mine: NotificationRow = { ...row(household, 'order_promoted', buy), communityId: community2 };
      const at = new Date();
      await repo.insertRows([wide, mine], at);
      const viewer = {
        memberId: randomUUID(),
        communityId: community2,
        householdId: household,
        looksAfter: [],
      };
      const feed = await repo.feed(
        { ...viewer, joinedAt: at, lastReadAt: null, readSnapshot: null },
        null,
        20,
      );
      feeds.push(feed.items.map((i) => i.type));
      last = { community: community2, at };
    }
    expect(feeds).toEqual(Array.from({ length: 20 }, () => ['order_promoted', 'buy_opened']));
    const times = await rows<{ created_at: Date | string }>(
      t.container.db,
      sql`SELECT created_at FROM notifications WHERE community_id = ${last!.community} ORDER BY created_at`,
    );
    expect(times.map((r) => new Date(r.created_at).getTime())).toEqual([
      last!.at.getTime() - 1,
      last!.at.getTime(),
    ]);
  });
});

// Two writers at once, on PostgreSQL (the embedded database has one connection: nothing commits while a feed
// is read, so nothing can come in late there).
describe.runIf(process.env.LINLI_TEST_DB === 'postgres')(
  'rows that commit after the read marker was set',
  () => {
    it('are unread and counted under the marker, within the look back; the count keeps its cap', async () => {
      const repo = createNotificationsRepo(t.container.db);
      const community = randomUUID();
      const insert = `INSERT INTO notifications (id, community_id, household_id, buy_id, type, data, created_at)
      VALUES (gen_random_uuid(), $1, NULL, NULL, 'buy_opened', '{}'::jsonb, date_trunc('milliseconds', now() - $2::interval))`;
      const pool = t.handle.pool!;
      const slow = await pool.connect();
      try {
        await slow.query('BEGIN');
        for (const ago of ['3 seconds', '2 seconds', '1500 milliseconds', '11 minutes'])
          await slow.query(insert, [community, ago]);
        for (const ago of ['1 second', '500 milliseconds']) await pool.query(insert, [community, ago]);
        const [mark] = (
          await pool.query<{ at: Date; snapshot: string }>(
            `SELECT max(created_at) AS at, pg_current_snapshot()::text AS snapshot FROM notifications WHERE community_id = $1`,
            [community],
          )
        ).rows;
        const viewer = {
          memberId: randomUUID(),
          communityId: community,
          householdId: null,
          joinedAt: new Date(0),
          lastReadAt: mark!.at,
          readSnapshot: mark!.snapshot,
          looksAfter: [],
        };
        expect(await repo.unreadCount(viewer, 100)).toBe(0);
        await slow.query('COMMIT');

        expect(await repo.unreadCount(viewer, 100)).toBe(3);
        expect(await repo.unreadCount(viewer, 2)).toBe(2);
        // The bells' count, many viewers in one statement, reads the same rule.
        const unmarked = { ...viewer, readSnapshot: null };
        expect(await repo.unreadCounts([viewer, unmarked, viewer], 100)).toEqual([3, 0, 3]);
        expect(await repo.unreadCounts([viewer], 2)).toEqual([2]);
        const page = await repo.feed(viewer, null, 10);
        expect(page.items.map((i) => i.committedByMark)).toEqual([true, true, false, false, false, true]);
        // The row dated before the look back counts read (docs/notifications.md, "Read markers"); without a
        // snapshot (a marker set before they were kept) every row under the marker does.
        expect(await repo.unreadCount({ ...viewer, readSnapshot: null }, 100)).toBe(0);
        expect(
          (await repo.feed({ ...viewer, readSnapshot: null }, null, 10)).items.every(
            (i) => i.committedByMark,
          ),
        ).toBe(true);
      } finally {
        await slow.query('ROLLBACK').catch(() => {});
        slow.release();
      }
    });
  },
);

describe('viewer', () => {
  it('answers the lookups asked together in one statement, each with its own member, household and marker', async () => {
    const c = t.container;
    const [one, two] = [await createTestCommunity(c), await createTestCommunity(c)];
    const resident = await createVerifiedResident(c, one.community.id, '1-101');
    const pending = await createPendingResident(c, one.community.id, '1-102');
    const elsewhere = await createVerifiedResident(c, two.community.id, '1-102');
    const repo = createNotificationsRepo(c.db);
    await repo.markRead(resident.memberId, new Date('2026-12-01T10:00:00.000Z'));
    const counting = countingStatements(c.db);
    const batched = createNotificationsRepo(counting.db);
    const got = await Promise.all([
      batched.viewer(one.community.id, resident.userId),
      batched.viewer(one.community.id, pending.userId),
      batched.viewer(two.community.id, elsewhere.userId),
      batched.viewer(one.community.id, elsewhere.userId), // a member of the other compound only
      batched.viewer(one.community.id, resident.userId),
    ]);
    expect(counting.statements()).toBe(1);
    expect(got.map((v) => v && [v.memberId, v.communityId, v.householdId])).toEqual([
      [resident.memberId, one.community.id, resident.household.id],
      [pending.memberId, one.community.id, null],
      [elsewhere.memberId, two.community.id, elsewhere.household.id],
      null,
      [resident.memberId, one.community.id, resident.household.id],
    ]);
    expect(got[0]!.lastReadAt?.toISOString()).toBe('2026-12-01T10:00:00.000Z');
    expect(got[0]!.readSnapshot).toEqual(expect.any(String));
    expect(got[1]!.lastReadAt).toBeNull();
  });
});

describe('unreadCounts', () => {
  it("counts each viewer's unread as unreadCount does, all of them in one statement", async () => {
    const c = t.container;
    const [one, two] = [await createTestCommunity(c, { roomsPerFloor: 3 }), await createTestCommunity(c)];
    const a = await createVerifiedResident(c, one.community.id, '1-101');
    const b = await createVerifiedResident(c, one.community.id, '1-102');
    const pending = await createPendingResident(c, one.community.id, '1-103');
    const elsewhere = await createVerifiedResident(c, two.community.id, '1-101');
    const insert = (community: string, household: string | null, ago: string) =>
      rows(
        c.db,
        sql`INSERT INTO notifications (id, community_id, household_id, buy_id, type, data, created_at)
          VALUES (gen_random_uuid(), ${community}, ${household}, NULL, 'buy_opened', '{}'::jsonb,
            date_trunc('milliseconds', now() - ${ago}::interval))`,
      );
    for (const ago of ['5 minutes', '3 minutes', '1 minute', '10 seconds']) {
      await insert(one.community.id, null, ago);
      await insert(one.community.id, a.household.id, ago);
    }
    await insert(one.community.id, b.household.id, '2 minutes');
    await insert(two.community.id, null, '1 minute');
    // One held for the quiet hours (dated ahead): not in anyone's feed yet.
    await insert(one.community.id, null, '-1 hour');
    const repo = createNotificationsRepo(c.db);
    // Markers at different times (each with its snapshot): a two minutes ago, pending four, b and the
    // member elsewhere an hour ago.
    const ago = (ms: number) => new Date(Date.now() - ms);
    await repo.markRead(a.memberId, ago(120_000));
    await repo.markRead(pending.memberId, ago(240_000));
    await repo.markRead(b.memberId, ago(3_600_000));
    await repo.markRead(elsewhere.memberId, ago(3_600_000));
    const viewers = [];
    for (const [community, m] of [
      [one, a],
      [one, b],
      [one, pending],
      [two, elsewhere],
    ] as const)
      viewers.push((await repo.viewer(community.community.id, m.userId))!);
    const each = await Promise.all(viewers.map((v) => repo.unreadCount(v, 100)));
    expect(each).toEqual([4, 5, 3, 1]);

    const counting = countingStatements(c.db);
    const batched = createNotificationsRepo(counting.db);
    expect(await batched.unreadCounts(viewers, 100)).toEqual(each);
    expect(counting.statements()).toBe(1);
    expect(await batched.unreadCounts(viewers, 3)).toEqual([3, 3, 3, 1]);
    expect(await batched.unreadCounts([], 100)).toEqual([]);
  });
});
