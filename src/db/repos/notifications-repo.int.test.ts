import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
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

  it("stores a household's later rows of one call a millisecond apart each, so the read marker tells them apart", async () => {
    const [a, b] = [randomUUID(), randomUUID()].sort() as [string, string];
    const list = [rush(a), row(a, 'order_promoted', buy), rush(b)];
    const at = new Date('2026-12-01T11:00:00.000Z');
    await createNotificationsRepo(t.container.db).insertRows(list, at);
    const got = await rows<{ household_id: string; type: string; created_at: Date | string }>(
      t.container.db,
      sql`SELECT household_id, type, created_at FROM notifications WHERE household_id IN (${a}, ${b})
        ORDER BY household_id, created_at`,
    );
    expect(got.map((r) => [r.household_id, r.type, new Date(r.created_at).toISOString()])).toEqual([
      [a, 'order_waitlisted', '2026-12-01T11:00:00.000Z'],
      [a, 'order_promoted', '2026-12-01T11:00:00.001Z'],
      [b, 'order_waitlisted', '2026-12-01T11:00:00.000Z'],
    ]);
  });
});
