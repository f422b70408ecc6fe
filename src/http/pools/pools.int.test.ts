import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buyBody, createBuyScene, createOpenBuy, type BuyScene } from '../../../test/support/buys.ts';
import { call } from '../../../test/support/distribution.ts';
import { addRole } from '../../../test/support/community.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { closeDueBuys } from '../../core/buys/close-due-buys.ts';
import { closeDuePools } from '../../core/buys/close-due-pools.ts';
import { tellPoolsMet } from '../../core/pools/tell-pools-met.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

type Who = { token: string };
const ok = async (method: string, url: string, who: Who, payload?: unknown, status = 200) => {
  const res = await call(t.app, method, url, who, payload);
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(status);
  return res.json();
};
const refused = async (
  method: string,
  url: string,
  who: Who | undefined,
  payload: unknown,
  status: number,
) => {
  const res = await call(t.app, method, url, who, payload);
  expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(status);
  return res.json().error?.code as string;
};
const items = [
  { name: '土鸡蛋', spec: '30 枚', unit: '盒', priceFen: 4000, perHouseholdMax: 5 },
  { name: '牛奶', unit: '箱', priceFen: 6000 },
];
/** A host compound's open buy with a minimum of `min` boxes, and another compound to join it. */
async function twoCompounds(min: number) {
  const a = await createBuyScene(t.container);
  const b = await createBuyScene(t.container);
  const host = await createOpenBuy(t.app, a.leader, a.community.id, { ...buyBody(items), minTotalQty: min });
  return { a, b, host };
}
const order = (buyId: string, who: Who, itemId: string, qty: number) =>
  ok('PUT', `/api/buys/${buyId}/orders/mine`, who, { lines: [{ itemId, qty }] }, 201);
/** Moves the pool's deadline (and its buys') into the past, as time would. */
async function pastDeadline(buyIds: string[]) {
  await t.container.db.execute(
    sql`UPDATE buys SET deadline = now() - interval '1 second' WHERE id IN (${sql.join(
      buyIds.map((id) => sql`${id}::uuid`),
      sql`, `,
    )})`,
  );
  await t.container.db.execute(
    sql`UPDATE pools SET deadline = now() - interval '1 second'
      WHERE id IN (SELECT pool_id FROM pool_members WHERE buy_id = ${buyIds[0]!}::uuid)`,
  );
}
async function openPool(s: BuyScene, buyId: string) {
  const { pool } = await ok(
    'POST',
    `/api/buys/${buyId}/pool`,
    s.leader,
    { gate: '南门', contact: '李老师 13800000002' },
    201,
  );
  return pool as { code: string; id: string };
}

/** `other`'s leader joins their compound to the pool at the gate 北门: the compound's new draft. */
/** Not held for the night: none of these compounds' hours are quiet. */
async function noQuietHours(...scenes: BuyScene[]) {
  for (const s of scenes)
    await ok('PUT', `/api/communities/${s.community.id}/distribution-settings`, s.admin, {
      quietStart: '00:00',
      quietEnd: '00:00',
    });
}
/** The deadline job's look at the pools not told (as each instance does it every 2 s). */
const tell = () => tellPoolsMet({ pools: t.container.poolsDeps.pools, buys: t.container.buysDeps });
/** The 成团 notices of one buy in its compound's feed, as a resident reads it. */
async function metNotices(s: BuyScene, buyId: string) {
  await t.container.notifier.flush();
  const { notifications } = await ok(
    'GET',
    `/api/communities/${s.community.id}/notifications`,
    s.residents[1]!,
  );
  return (notifications as { type: string; buyId: string; data: Record<string, unknown> }[]).filter(
    (n) => n.type === 'buy_threshold_met' && n.buyId === buyId,
  );
}
const joinAs = (other: BuyScene, code: string, contact = '周 13900000001') =>
  ok(
    'POST',
    `/api/pools/${code}/members`,
    other.leader,
    { communityId: other.community.id, gate: '北门', contact },
    201,
  ) as Promise<{ buyId: string; communityId: string }>;

describe('联合团购: compounds order together to reach a minimum', () => {
  it('a compound joining tells the host leader’s household, and nobody else', async () => {
    const a = await createBuyScene(t.container);
    const b = await createBuyScene(t.container);
    const lead = a.residents[0]!;
    await addRole(t.container, lead, { leader: true });
    await noQuietHours(a);
    const host = await createOpenBuy(t.app, lead, a.community.id, { ...buyBody(items), minTotalQty: 6 });
    const { pool } = await ok(
      'POST',
      `/api/buys/${host.id}/pool`,
      lead,
      { gate: '南门', contact: '李 1' },
      201,
    );
    // Stored with the join's commit (published with its id), so a crash just after it cannot lose the notice.
    const heard: [string, number | undefined][] = [];
    const stop = t.container.events.subscribe((e, id) => {
      if (e.type === 'pool.joined') heard.push([e.type, id]);
    });
    await joinAs(b, pool.code);
    stop();
    expect(heard).toEqual([['pool.joined', expect.any(Number)]]);
    await t.container.notifier.flush();
    const feed = async (who: Who) =>
      (await ok('GET', `/api/communities/${a.community.id}/notifications`, who)).notifications as {
        type: string;
        buyId: string;
        data: Record<string, unknown>;
      }[];
    expect((await feed(lead))[0]).toMatchObject({
      type: 'pool_joined',
      buyId: host.id,
      data: {
        buyTitle: '鸡蛋团购',
        householdLabel: lead.household.label,
        compoundName: b.community.name,
        gate: '北门',
      },
    });
    expect((await feed(a.residents[1]!)).map((n) => n.type)).not.toContain('pool_joined');
  });

  it('reaching its minimum together before the deadline tells every compound whose buy is open, once', async () => {
    const { a, b, host } = await twoCompounds(6);
    await noQuietHours(a, b);
    const pool = await openPool(a, host.id);
    const joined = await joinAs(b, pool.code, '周 1');
    // Five of six, with the other compound's buy still a draft that nobody can join.
    await order(host.id, a.residents[0]!, host.items[0]!.id, 5);
    expect(await tell()).toBe(0);
    await ok('POST', `/api/buys/${joined.buyId}/publish`, b.leader);
    const draft = await ok('GET', `/api/buys/${joined.buyId}`, b.leader);
    await order(joined.buyId, b.residents[0]!, draft.items[0].id, 1);
    // Two instances' jobs at the same moment: each compound told once.
    expect((await Promise.all([tell(), tell()])).reduce((x, y) => x + y)).toBe(2);
    for (const [s, buyId] of [
      [a, host.id],
      [b, joined.buyId],
    ] as const)
      expect(await metNotices(s, buyId)).toEqual([
        expect.objectContaining({
          data: { buyTitle: '鸡蛋团购', deadline: expect.any(String), compounds: 2 },
        }),
      ]);
    // Back under and over again: nobody is told twice.
    expect(
      (await call(t.app, 'DELETE', `/api/buys/${joined.buyId}/orders/mine`, b.residents[0]!)).statusCode,
    ).toBe(200);
    await order(joined.buyId, b.residents[1]!, draft.items[0].id, 2);
    expect(await tell()).toBe(0);
    expect(await metNotices(b, joined.buyId)).toHaveLength(1);
    // The buy pages hear it (their pool card shows the totals then).
    const stored = await t.container.eventStore.buyEventsAfter(host.id, 0, 1_000);
    expect(stored.map((x) => x.event).filter((e) => e.type === 'buy.threshold_met')).toEqual([
      expect.objectContaining({
        communityId: a.community.id,
        pool: { compounds: 2, qty: 6, amountFen: 24_000 },
      }),
    ]);
  });

  it('a compound whose buy opens after the others were told is told then, once', async () => {
    const { a, b, host } = await twoCompounds(6);
    await noQuietHours(a, b);
    const pool = await openPool(a, host.id);
    const joined = await joinAs(b, pool.code);
    const compoundsTold = async (s: BuyScene, buyId: string) =>
      (await metNotices(s, buyId)).map((n) => n.data.compounds);
    // The host's compound alone reaches the minimum while the other's buy is a draft: only the host's is told.
    await order(host.id, a.residents[0]!, host.items[0]!.id, 3);
    await order(host.id, a.residents[1]!, host.items[0]!.id, 3);
    expect(await tell()).toBe(1);
    expect(await tell()).toBe(0);
    expect(await compoundsTold(a, host.id)).toEqual([2]);
    expect(await compoundsTold(b, joined.buyId)).toEqual([]);
    // Its leader publishes: told at the job's next look (two instances' at once: once), the host not again.
    await ok('POST', `/api/buys/${joined.buyId}/publish`, b.leader);
    expect((await Promise.all([tell(), tell()])).reduce((x, y) => x + y)).toBe(1);
    expect(await tell()).toBe(0);
    expect(await compoundsTold(b, joined.buyId)).toEqual([2]);
    expect(await compoundsTold(a, host.id)).toEqual([2]);
    const stored = await t.container.eventStore.buyEventsAfter(joined.buyId, 0, 1_000);
    expect(stored.map((x) => x.event).filter((e) => e.type === 'buy.threshold_met')).toEqual([
      expect.objectContaining({
        communityId: b.community.id,
        pool: { compounds: 2, qty: 6, amountFen: 24_000 },
      }),
    ]);
  });

  it('reaches its minimum across two compounds: both buys go ahead together, and the supplier gets one sheet by gate', async () => {
    const { a, b, host } = await twoCompounds(6);
    // A buy in no pool is listed with `pool: null`.
    expect(
      (await ok('GET', `/api/communities/${a.community.id}/buys`, a.residents[0]!)).buys[0].pool,
    ).toBeNull();
    const pool = await openPool(a, host.id);
    expect(pool.code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);

    // The other compound's leader looks it up (typed any way) and joins: a draft of their own.
    const typed = `${pool.code.slice(0, 4).toLowerCase()}-${pool.code.slice(4)} `;
    const preview = await ok('GET', `/api/pools/${encodeURIComponent(typed)}`, b.leader);
    expect(preview).toMatchObject({
      code: pool.code,
      hostCommunityName: a.community.name,
      title: '鸡蛋团购',
      minTotalQty: 6,
      gates: 1,
      open: true,
      totals: { qty: 0, amountFen: 0 },
      communities: [{ id: b.community.id, name: b.community.name, joined: false }],
    });
    expect(preview.items.map((i: { name: string }) => i.name)).toEqual(['土鸡蛋', '牛奶']);
    const joined = await joinAs(b, pool.code);
    expect(joined.communityId).toBe(b.community.id);
    const draft = await ok('GET', `/api/buys/${joined.buyId}`, b.leader);
    expect(draft).toMatchObject({ status: 'draft', communityId: b.community.id, minTotalQty: null });
    // The host's buy keeps no minimum of its own: the pool's counts (the 团购 list would show this compound alone).
    const hostNow = await ok('GET', `/api/buys/${host.id}`, a.leader);
    expect([hostNow.minTotalQty, hostNow.minAmountFen]).toEqual([null, null]);
    expect(draft.deadline).toBe(hostNow.deadline);
    expect(draft.items.map((i: { name: string; stock: number | null }) => [i.name, i.stock])).toEqual([
      ['土鸡蛋', null],
      ['牛奶', null],
    ]);
    expect((await ok('GET', `/api/pools/${pool.code}`, b.leader)).communities[0].joined).toBe(true);
    await ok('POST', `/api/buys/${joined.buyId}/publish`, b.leader);

    // Three boxes here, three there: six together.
    await order(host.id, a.residents[0]!, host.items[0]!.id, 2);
    await order(host.id, a.residents[1]!, host.items[0]!.id, 1);
    await order(joined.buyId, b.residents[0]!, draft.items[0].id, 3);
    await order(joined.buyId, b.residents[1]!, draft.items[1].id, 1);

    // A resident sees the compounds and totals; no code, no contact.
    const seen = (await ok('GET', `/api/buys/${joined.buyId}/pool`, b.residents[0]!)).pool;
    expect(seen).toMatchObject({
      code: null,
      isHost: false,
      hostCommunityName: a.community.name,
      minTotalQty: 6,
      totals: { qty: 7, amountFen: 6 * 4000 + 6000 },
      met: true,
      canManage: false,
      outcome: null,
    });
    expect(seen.gates).toEqual([
      {
        communityName: a.community.name,
        gate: '南门',
        status: 'open',
        qty: 3,
        amountFen: 12000,
        host: true,
        mine: false,
        contact: null,
      },
      {
        communityName: b.community.name,
        gate: '北门',
        status: 'open',
        qty: 4,
        amountFen: 18000,
        host: false,
        mine: true,
        contact: null,
      },
    ]);
    expect(seen.items).toEqual([
      { name: '土鸡蛋', spec: '30 枚', unit: '盒', qty: 6, byGate: [3, 3] },
      { name: '牛奶', spec: null, unit: '箱', qty: 1, byGate: [0, 1] },
    ]);
    // Each compound's 团购 list says its buy is pooled, with the pool's progress; nothing of the code or contacts.
    const listed = async (communityId: string, as: Parameters<typeof ok>[2]) =>
      (await ok('GET', `/api/communities/${communityId}/buys`, as)).buys.map(
        (x: { id: string; pool: unknown }) => [x.id, x.pool],
      );
    const summary = { compounds: 2, minTotalQty: 6, minAmountFen: null, totals: seen.totals, met: true };
    expect(await listed(b.community.id, b.residents[0]!)).toEqual([[joined.buyId, summary]]);
    expect(await listed(a.community.id, a.residents[0]!)).toEqual([[host.id, summary]]);
    // A second pool of the host's compound: each listed buy has its own.
    const other = await createOpenBuy(t.app, a.leader, a.community.id, { ...buyBody(items), minTotalQty: 2 });
    await openPool(a, other.id);
    const both = new Map(await listed(a.community.id, a.residents[0]!));
    expect([both.get(host.id), both.get(other.id)]).toEqual([
      summary,
      { compounds: 1, minTotalQty: 2, minAmountFen: null, totals: { qty: 0, amountFen: 0 }, met: false },
    ]);
    // Its leader sees the code and both contacts.
    const managed = (await ok('GET', `/api/buys/${host.id}/pool`, a.leader)).pool;
    expect([managed.code, managed.isHost, managed.canManage]).toEqual([pool.code, true, true]);
    expect(managed.gates.map((g: { contact: string }) => g.contact)).toEqual([
      '李老师 13800000002',
      '周 13900000001',
    ]);

    // Neither compound closes early, nor moves the deadline or the minimum: they are the pool's.
    expect(await refused('POST', `/api/buys/${joined.buyId}/close`, b.leader, undefined, 409)).toBe(
      'pooled_buy_closes_at_deadline',
    );
    const later = new Date(Date.now() + 7200_000).toISOString();
    expect(await refused('PATCH', `/api/buys/${host.id}`, a.leader, { deadline: later }, 409)).toBe(
      'pooled_buy_fields',
    );
    expect(await refused('PATCH', `/api/buys/${joined.buyId}`, b.leader, { minTotalQty: 2 }, 409)).toBe(
      'pooled_buy_fields',
    );
    // Other edits are the compound's own (its fee), and the deadline sent back as a form has it (to the minute)
    // is no change: the pool's stays, to the second.
    const toTheMinute = new Date(Math.floor(Date.parse(draft.deadline) / 60_000) * 60_000).toISOString();
    const edited = await ok('PATCH', `/api/buys/${joined.buyId}`, b.leader, {
      leaderFeeFen: 100,
      deadline: toTheMinute,
    });
    expect([edited.leaderFeeFen, edited.deadline]).toEqual([100, draft.deadline]);

    // At the deadline the pool closes both, once, whatever the instances.
    await pastDeadline([host.id, joined.buyId]);
    expect(await closeDueBuys(t.container.buysDeps)).toBe(0);
    const closed = await Promise.all([
      closeDuePools(t.container.buysDeps),
      closeDuePools(t.container.buysDeps),
    ]);
    expect(closed[0] + closed[1]).toBe(1);
    expect((await ok('GET', `/api/buys/${host.id}`, a.leader)).status).toBe('closed');
    expect((await ok('GET', `/api/buys/${joined.buyId}`, b.leader)).status).toBe('closed');
    expect((await ok('GET', `/api/buys/${host.id}/pool`, a.residents[0]!)).pool.outcome).toBe('closed');

    // The supplier's sheet: the goods by gate, then a sheet per gate with its contact.
    const res = await call(t.app, 'GET', `/api/buys/${host.id}/pool/manifest.xlsx`, b.leader);
    expect(res.statusCode).toBe(403);
    const sheet = await call(t.app, 'GET', `/api/buys/${joined.buyId}/pool/manifest.xlsx`, b.leader);
    expect(sheet.statusCode).toBe(200);
    expect(sheet.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(sheet.rawPayload as unknown as ArrayBuffer);
    const text = (n: number) => {
      const out: string[] = [];
      wb.worksheets[n]!.eachRow((row) =>
        out.push(
          (row.values as unknown[])
            .slice(1)
            .map((v) => String(v ?? ''))
            .join('|'),
        ),
      );
      return out;
    };
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      '汇总',
      `${a.community.name}南门`.slice(0, 31),
      `${b.community.name}北门`.slice(0, 31),
    ]);
    expect(text(0)).toContain(
      `商品|单位|单价（元）|${a.community.name} 南门|${b.community.name} 北门|合计|金额（元）`,
    );
    expect(text(0)).toContain('土鸡蛋（30 枚）|盒|40|3|3|6|240');
    expect(text(0)).toContain('合计|||3|4|7|300');
    expect(text(2)).toContain('联系人|周 13900000001');
    expect(text(2)).toContain('牛奶|箱|1');
    expect(
      await refused('GET', `/api/buys/${joined.buyId}/pool/manifest.xlsx`, b.residents[0]!, undefined, 403),
    ).toBe('not_buy_manager');
  });

  it('short of its minimum, every compound’s buy fails and lets its orders go', async () => {
    const { a, b, host } = await twoCompounds(10);
    const pool = await openPool(a, host.id);
    const joined = await joinAs(b, pool.code, '周');
    await ok('POST', `/api/buys/${joined.buyId}/publish`, b.leader);
    const theirs = await ok('GET', `/api/buys/${joined.buyId}`, b.leader);
    await order(host.id, a.residents[0]!, host.items[0]!.id, 4);
    await order(joined.buyId, b.residents[0]!, theirs.items[0].id, 5);
    // Each compound alone has no minimum of its own, but together they are one box short.
    expect((await ok('GET', `/api/buys/${host.id}/pool`, a.leader)).pool).toMatchObject({
      totals: { qty: 9 },
      met: false,
    });
    await pastDeadline([host.id, joined.buyId]);
    expect(await closeDuePools(t.container.buysDeps)).toBe(1);
    for (const [id, who] of [
      [host.id, a.residents[0]!],
      [joined.buyId, b.residents[0]!],
    ] as const) {
      expect((await ok('GET', `/api/buys/${id}`, who)).status).toBe('failed');
      // Released: the household has no live order left.
      expect(await ok('GET', `/api/buys/${id}/orders/mine`, who)).toEqual({ order: null });
    }
    // Each household is told, in its own compound, as for any buy that fails.
    for (const [s, who] of [
      [a, a.residents[0]!],
      [b, b.residents[0]!],
    ] as const) {
      const told = async () =>
        (
          (await ok('GET', `/api/communities/${s.community.id}/notifications`, who)) as {
            notifications: { type: string }[];
          }
        ).notifications.map((n) => n.type);
      for (let i = 0; i < 50 && !(await told()).includes('buy_failed'); i++)
        await new Promise((r) => setTimeout(r, 100));
      expect(await told()).toContain('buy_failed');
    }
    expect((await ok('GET', `/api/buys/${host.id}/pool`, a.leader)).pool).toMatchObject({
      outcome: 'failed',
      totals: { qty: 0, amountFen: 0 },
    });
  });

  it('refuses what cannot be: no minimum, twice, others’ buys, a resident, a compound twice, a closed pool, bad input', async () => {
    const { a, b, host } = await twoCompounds(6);
    // A pool needs a minimum: the buy's own, or one given.
    const bare = await createOpenBuy(t.app, a.leader, a.community.id, buyBody(items));
    expect(
      await refused('POST', `/api/buys/${bare.id}/pool`, a.leader, { gate: '南门', contact: '李' }, 422),
    ).toBe('pool_needs_minimum');
    const given = (
      await ok(
        'POST',
        `/api/buys/${bare.id}/pool`,
        a.leader,
        { gate: '南门', contact: '李', minAmountFen: 50_000 },
        201,
      )
    ).pool;
    expect([given.minTotalQty, given.minAmountFen]).toEqual([null, 50_000]);

    const pool = await openPool(a, host.id);
    expect(
      await refused('POST', `/api/buys/${host.id}/pool`, a.leader, { gate: '西门', contact: '李' }, 409),
    ).toBe('already_pooled');
    // Only who runs the buy opens a pool; the other compound's leader does not even see it.
    expect(
      await refused(
        'POST',
        `/api/buys/${host.id}/pool`,
        a.residents[0]!,
        { gate: '南门', contact: '李' },
        403,
      ),
    ).toBe('not_buy_manager');
    expect(await refused('GET', `/api/buys/${host.id}/pool`, b.leader, undefined, 403)).toBe('not_a_member');
    // Joining is for a leader or admin of the compound joined.
    const gate = (communityId: string) => ({ communityId, gate: '北门', contact: '周' });
    /** The refusal's code of joining `communityId` to the pool as `who`. */
    const joinRefused = (who: Who, communityId: string, status: number) =>
      refused('POST', `/api/pools/${pool.code}/members`, who, gate(communityId), status);
    for (const [who, communityId, status, code] of [
      [b.residents[0]!, b.community.id, 403, 'not_a_leader'],
      [b.leader, a.community.id, 403, 'not_a_member'],
    ] as const)
      expect(await joinRefused(who, communityId, status)).toBe(code);
    await ok('POST', `/api/pools/${pool.code}/members`, b.leader, gate(b.community.id), 201);
    expect(await joinRefused(b.admin, b.community.id, 409)).toBe('already_in_pool');
    // The host's own compound is in already.
    expect(await joinRefused(a.admin, a.community.id, 409)).toBe('already_in_pool');
    // Codes that are none.
    for (const code of ['ZZZZZZZZ', 'xx', '00000000', '%E4%B8%AD'])
      expect(await refused('GET', `/api/pools/${code}`, b.leader, undefined, 404)).toBe('pool_not_found');
    expect(await refused('GET', `/api/pools/${pool.code}`, undefined, undefined, 401)).toBeTruthy();
    // Bad bodies.
    for (const body of [
      {},
      { gate: '', contact: '周' },
      { gate: '北门', contact: 'x'.repeat(61) },
      { gate: 'x'.repeat(41), contact: '周' },
      { gate: '北门', contact: '周', minTotalQty: 0 },
      { gate: '北门', contact: '周', minAmountFen: -1 },
      { gate: 3, contact: '周' },
    ])
      expect(await refused('POST', `/api/buys/${host.id}/pool`, a.leader, body, 400)).toBe(
        'validation_failed',
      );
    for (const body of [
      {},
      { communityId: 'nope', gate: '北门', contact: '周' },
      { communityId: b.community.id },
    ])
      expect(await refused('POST', `/api/pools/${pool.code}/members`, b.leader, body, 400)).toBe(
        'validation_failed',
      );
    // Once the host cancels, nobody joins; a closed buy cannot be pooled.
    const c = await createBuyScene(t.container);
    await ok('POST', `/api/buys/${host.id}/cancel`, a.leader, { reason: '供应商缺货' });
    expect((await ok('GET', `/api/pools/${pool.code}`, c.leader)).open).toBe(false);
    expect(await joinRefused(c.leader, c.community.id, 409)).toBe('pool_closed');
    const other = await createOpenBuy(t.app, a.leader, a.community.id, { ...buyBody(items), minTotalQty: 1 });
    await order(other.id, a.residents[0]!, other.items[0]!.id, 1);
    await ok('POST', `/api/buys/${other.id}/close`, a.leader);
    expect(
      await refused('POST', `/api/buys/${other.id}/pool`, a.leader, { gate: '南门', contact: '李' }, 409),
    ).toBe('pool_not_open');
  });
});
