import { asc, count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { hashSecret, randomSecret } from '../core/shared/secrets.ts';
import { accessTokens, users } from '../db/schema/auth.ts';
import { households } from '../db/schema/community.ts';
import { packages } from '../db/schema/distribution.ts';
import { notifications } from '../db/schema/notifications.ts';
import { seedDemo } from './demo.ts';
import { seedDemoBuys, type DemoBuysSummary } from './demo-buys.ts';

type Buy = { id: string; title: string; status: string; totals: { orders: number; waitlistedQty: number } };

let t: TestApp;
let summary: DemoBuysSummary;
let admin: { authorization: string };
let buys: Buy[];
let communityId: string;
let neighbourId: string;
const get = async <T>(url: string) => {
  const res = await t.app.inject({ method: 'GET', url, headers: admin });
  expect(res.statusCode, url).toBe(200);
  return res.json() as T;
};
const VEGETABLES = '时令蔬菜水果团';
/** The demo's buy in this state (the open one: the vegetables; the 联合团购 is open too). */
const byStatus = (status: string) =>
  buys.find((b) => b.status === status && (status !== 'open' || b.title.startsWith(VEGETABLES)))!;
/** A demo login's bearer header, with a token of the test's own. */
async function tokenFor(phone: string) {
  const [u] = await t.container.db.select().from(users).where(eq(users.phone, phone));
  const secret = `lin_${randomSecret()}`;
  await t.container.db
    .insert(accessTokens)
    .values({ id: t.container.ids.id(), userId: u!.id, name: 'test', tokenHash: hashSecret(secret) });
  return { authorization: `Bearer ${secret}` };
}

beforeAll(async () => {
  t = await createTestApp();
  const demo = await seedDemo(t.container.db, t.container);
  communityId = demo.communityId;
  neighbourId = demo.neighbour.communityId;
  summary = await seedDemoBuys(t.app, t.container.db, t.container, communityId, neighbourId);
  // The committee admin looks at what the demo made, with a token of the test's own.
  admin = await tokenFor('13800000001');
  buys = (await get<{ buys: Buy[] }>(`/api/communities/${demo.communityId}/buys`)).buys;
}, 60_000);
afterAll(() => t.close());

describe('the demo compound’s group buys', () => {
  it('are two open (one a 联合团购), one arrived and one completed, as the summary says', () => {
    expect(buys.map((b) => b.status).sort()).toEqual(['arrived', 'completed', 'open', 'open']);
    expect(summary.buys.map((b) => b.status)).toEqual(['open', 'open', 'arrived', 'completed']);
    for (const s of summary.buys)
      expect(buys.find((b) => b.title.startsWith(s.title))?.totals.orders).toBe(s.orders);
  });

  it('leave the open buy short of its threshold, its eggs sold out with a waitlist, two proxy orders', async () => {
    const open = byStatus('open');
    expect(open.totals.waitlistedQty).toBeGreaterThan(0);
    const full = await get<{ minAmountFen: number; totals: { amountFen: number } }>(`/api/buys/${open.id}`);
    expect(full.totals.amountFen).toBeLessThan(full.minAmountFen);
    const { orders } = await get<{ orders: { householdId: string }[] }>(`/api/buys/${open.id}/orders`);
    const proxies = await get<{ proxies: { householdId: string }[] }>(
      `/api/communities/${communityId}/proxies`,
    );
    const proxyIds = new Set(proxies.proxies.map((p) => p.householdId));
    expect(orders.filter((o) => proxyIds.has(o.householdId))).toHaveLength(2);
  });

  it('pool the rice with 和平苑 next door: both compounds ordered, together short of the mill’s ¥20,000', async () => {
    type Listed = Buy & {
      pool: { compounds: number; minAmountFen: number; totals: { amountFen: number } } | null;
    };
    const pooled = (buys as Listed[]).filter((b) => b.pool !== null);
    expect(pooled.map((b) => b.title)).toEqual(['五常大米 · 花生油（联合团购）']);
    const pool = pooled[0]!.pool!;
    expect([pool.compounds, pool.minAmountFen]).toEqual([2, 2_000_000]);
    expect(pool.totals.amountFen).toBeGreaterThan(0);
    expect(pool.totals.amountFen).toBeLessThan(pool.minAmountFen);
    // 赵敏's compound lists its own buy of the same pool, with the same progress; all 12 households in it.
    const zhao = await tokenFor('13800000006');
    const res = await t.app.inject({
      method: 'GET',
      url: `/api/communities/${neighbourId}/buys`,
      headers: zhao,
    });
    const theirs = (res.json() as { buys: Listed[] }).buys;
    expect(theirs.map((b) => [b.status, b.totals.orders, b.pool?.compounds])).toEqual([['open', 12, 2]]);
    expect(theirs[0]!.pool!.totals).toEqual(pool.totals);
    expect(summary.buys[1]).toMatchObject({ status: 'open', orders: pooled[0]!.totals.orders });
  });

  it('leave 2-503 (the resident login) out of the open buy, first on the arrived one', async () => {
    type List = { entries: { seq: number; householdLabel: string }[] };
    const open = await get<List>(`/api/buys/${byStatus('open').id}/list`);
    expect(open.entries.some((e) => e.householdLabel === '2-503')).toBe(false);
    const arrived = await get<List>(`/api/buys/${byStatus('arrived').id}/list`);
    expect(arrived.entries[0]).toMatchObject({ seq: 1, householdLabel: '2-503' });
  });

  it('deliver part of the arrived buy and all of the completed one', async () => {
    const delivered = async (buyId: string) => {
      const rows = await t.container.db.select().from(packages).where(eq(packages.buyId, buyId));
      return [rows.filter((p) => p.deliveredAt !== null).length, rows.length];
    };
    const [some, of] = await delivered(byStatus('arrived').id);
    expect(some).toBeGreaterThan(0);
    expect(some).toBeLessThan(of!);
    const [all, total] = await delivered(byStatus('completed').id);
    expect(all).toBe(total);
  });

  it("give every login with a role something on its 待办, and the resident their household's", async () => {
    type Task = {
      kind: string;
      allBuildings?: boolean;
      count?: number;
      buyId?: string;
      dueFen?: number;
      forHousehold?: { label: string };
    };
    const todo = async (phone: string) => {
      await t.container.ledgerSyncer.flush();
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/communities/${communityId}/todo`,
        headers: await tokenFor(phone),
      });
      expect(res.statusCode).toBe(200);
      return (res.json() as { tasks: Task[] }).tasks;
    };
    const arrived = byStatus('arrived').id;
    // 张伟 runs the arrived buy: a broken box reported, doors to reach, payments to decide, households to chase.
    expect((await todo('13800000005')).map((x) => [x.kind, x.buyId, x.allBuildings ?? null])).toEqual([
      ['reports', arrived, null],
      ['deliver', arrived, true],
      ['payments', arrived, null],
      ['unpaid', arrived, null],
    ]);
    // 王芳 has 1-203 (on the register of those in need, nothing received) first, then building 1's top floor.
    expect((await todo('13800000003')).map((x) => [x.kind, x.count, x.allBuildings ?? null])).toEqual([
      ['in_need', 1, null],
      ['deliver', 1, false],
    ]);
    // The committee has the register's left-out households (1-203 and 9-103; 1-501's package waits at the gate,
    // 2-101 joined the open buy), 9-103's help request that nobody has taken for two and a half hours (1-203's was
    // taken), the pending claims, and the open buy's supplier, registered by 李娜 and not yet verified; 李娜's
    // buys need nothing now (one open, one finished).
    expect((await todo('13800000001')).map((x) => [x.kind, x.count])).toEqual([
      ['in_need', 2],
      ['help_waiting', 1],
      ['claims', 8],
      ['suppliers', 1],
    ]);
    expect(await todo('13800000002')).toEqual([]);
    // 向国强 (building 2) has 2-503's door to reach, a claim to verify, and 2-101's egg box, at her door, to pay for
    // and sign for.
    expect(
      (await todo('13800000102')).map((x) => [x.kind, x.count ?? null, x.forHousehold?.label ?? null]),
    ).toEqual([
      ['deliver', 1, null],
      ['claims', 1, null],
      ['pay', null, '2-101'],
      ['receipt', null, '2-101'],
    ]);
    // 刘洋 (2-503) owes on the arrived buy, whose package waits for him at building 2.
    expect((await todo('13800000004')).map((x) => [x.kind, x.buyId])).toEqual([
      ['pay', arrived],
      ['pickup', arrived],
    ]);
  });

  it('show 放心买 with the register of suppliers: two verified 保供 companies, one waiting, one not in it', async () => {
    type Trust = {
      supplier: { name: string; registered: { baogong: boolean; verifiedAt: string | null } | null };
    };
    const registered = async (buy: { id: string }) => {
      const { supplier } = await get<Trust>(`/api/buys/${buy.id}/trust`);
      const r = supplier.registered;
      return [supplier.name, r === null ? null : { baogong: r.baogong, verified: r.verifiedAt !== null }];
    };
    const rice = buys.find((b) => b.status === 'open' && !b.title.startsWith(VEGETABLES))!;
    expect(
      await Promise.all([byStatus('completed'), byStatus('arrived'), byStatus('open'), rice].map(registered)),
    ).toEqual([
      ['沪东医药（保供企业）', { baogong: true, verified: true }],
      ['光明乳业浦东配送站', { baogong: true, verified: true }],
      ['崇明绿港农场', { baogong: false, verified: false }],
      ['五常稻花香米业', null],
    ]);
  });

  it('settle the completed buy: everything collected, the supplier paid, nothing left over', async () => {
    const ledger = await get<{ final: boolean; totals: Record<string, number | boolean> }>(
      `/api/buys/${byStatus('completed').id}/money/ledger`,
    );
    expect(ledger.final).toBe(true);
    expect(ledger.totals).toMatchObject({ outstandingFen: 0, leftFen: 0, settled: true });
  });

  it('tell 2-503 of the arrived buy in the order things happened: opened, closed, arrived', async () => {
    const [home] = await t.container.db.select().from(households).where(eq(households.label, '2-503'));
    const rows = await t.container.db
      .select({ type: notifications.type, householdId: notifications.householdId })
      .from(notifications)
      .where(eq(notifications.buyId, byStatus('arrived').id))
      .orderBy(asc(notifications.createdAt), asc(notifications.id));
    const seen = rows.filter((r) => r.householdId === null || r.householdId === home!.id).map((r) => r.type);
    expect(seen).toEqual(['buy_opened', 'buy_closed', 'buy_arrived']);
  });

  it('leave none of the tokens its people acted with', async () => {
    const [left] = await t.container.db
      .select({ n: count() })
      .from(accessTokens)
      .where(eq(accessTokens.name, 'demo'));
    expect(left?.n).toBe(0);
  });
});
