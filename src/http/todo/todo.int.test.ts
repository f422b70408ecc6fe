import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buyBody, createOpenBuy } from '../../../test/support/buys.ts';
import {
  createPendingResident,
  createTestCommunity,
  createVerifiedResident,
} from '../../../test/support/community.ts';
import {
  call,
  createConfirmedBuy,
  createProxyScene,
  openAndConfirm,
} from '../../../test/support/distribution.ts';
import { png } from '../../../test/support/money.ts';
import { bearer, createTestUser } from '../../../test/support/users.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';

let t: TestApp;
let s: Awaited<ReturnType<typeof createConfirmedBuy>>;
let draftId: string;
let closed: { id: string };
let codes: Record<string, string>;
let paymentId: string;

type Who = { token: string };
const todo = async (who: Who | undefined, communityId = s.community.id) => {
  // The ledger's charges follow a close or an arrival a moment later (LedgerSyncer): what "unpaid" counts.
  await t.container.ledgerSyncer.flush();
  const res = await call(t.app, 'GET', `/api/communities/${communityId}/todo`, who);
  expect(res.statusCode, res.body).toBe(200);
  return res.json().tasks as Record<string, unknown>[];
};
const ok = async <R extends { statusCode: number; body: string }>(p: Promise<R>, status = 200) => {
  const res = await p;
  expect(res.statusCode, res.body).toBe(status);
  return res;
};

beforeAll(async () => {
  t = await createTestApp();
  s = await createConfirmedBuy(t.container, t.app);
  const draft = await ok(
    call(t.app, 'POST', `/api/communities/${s.community.id}/buys`, s.leader, {
      ...buyBody(),
      title: '草稿团',
    }),
    201,
  );
  draftId = draft.json().id;
  closed = await openAndConfirm(t.app, s.leader, s.community.id, s.residents, false);
});
afterAll(async () => {
  await t.close();
});

describe('GET /api/communities/{id}/todo', () => {
  it("gives the leader their buys' next steps, most urgent kind first", async () => {
    expect(await todo(s.leader)).toEqual([
      { kind: 'confirm', buyId: closed.id, title: '鸡蛋牛奶团购' },
      { kind: 'arrival', buyId: s.buy.id, title: '鸡蛋牛奶团购', deliveryDate: null },
      // Charged once the list closed: the four households owe on both buys, with no QR code to pay with.
      { kind: 'payment_qr', buyId: s.buy.id, title: '鸡蛋牛奶团购' },
      { kind: 'payment_qr', buyId: closed.id, title: '鸡蛋牛奶团购' },
      { kind: 'unpaid', count: 4, buyId: s.buy.id, title: '鸡蛋牛奶团购' },
      { kind: 'unpaid', count: 4, buyId: closed.id, title: '鸡蛋牛奶团购' },
      { kind: 'publish', buyId: draftId, title: '草稿团' },
    ]);
    // The leader's 收款码, uploaded on one buy, is the other's too (its leader's latest): neither asks again.
    const qr = await t.app.inject({
      method: 'PUT',
      url: `/api/buys/${s.buy.id}/money/qr`,
      headers: { ...bearer(s.leader), 'content-type': 'image/png' },
      body: png,
    });
    expect(qr.statusCode, qr.body).toBe(200);
    expect((await todo(s.leader)).map((x) => x.kind)).toEqual([
      'confirm',
      'arrival',
      'unpaid',
      'unpaid',
      'publish',
    ]);
  });

  it("gives a resident their household's payments once a list closes, and volunteers nothing before the goods arrive", async () => {
    // The ledger charged each household at the close, on both buys.
    const mine = await todo(s.residents.a);
    expect(mine.map((x) => [x.kind, x.buyId])).toEqual([
      ['pay', s.buy.id],
      ['pay', closed.id],
    ]);
    expect(mine[0]).toEqual({
      kind: 'pay',
      dueFen: expect.any(Number),
      disputed: false,
      buyId: s.buy.id,
      title: '鸡蛋牛奶团购',
    });
    expect(mine[0]!.dueFen).toBeGreaterThan(0);
    expect(await todo(s.volunteer1)).toEqual([]);
    // The admin may step in on any buy, but their list is not every leader's work.
    expect(await todo(s.admin)).toEqual([]);
  });

  it('counts pending claims for the admins and the volunteers of their building', async () => {
    const claimant = await createPendingResident(t.container, s.community.id, '2-102');
    expect(await todo(s.admin)).toEqual([{ kind: 'claims', count: 1 }]);
    expect(await todo(s.volunteer2)).toEqual([{ kind: 'claims', count: 1 }]);
    expect(await todo(s.volunteer1)).toEqual([]);
    expect(await todo(claimant)).toEqual([]);
  });

  it('after arrival: packages per building, payments and reports for the leader', async () => {
    await ok(
      call(t.app, 'POST', `/api/buys/${s.buy.id}/arrival`, s.leader, {
        policy: 'seq',
        received: [{ itemId: s.buy.egg, receivedQty: 100 }],
      }),
    );
    const list = (await call(t.app, 'GET', `/api/buys/${s.buy.id}/packages`, s.leader)).json();
    codes = Object.fromEntries(
      list.buildings.flatMap((b: { households: { label: string; code: string }[] }) =>
        b.households.map((h) => [h.label, h.code]),
      ),
    );
    expect((await todo(s.leader)).slice(0, 2)).toEqual([
      {
        kind: 'deliver',
        count: 4,
        allBuildings: true,
        overdueHours: null,
        buyId: s.buy.id,
        title: '鸡蛋牛奶团购',
      },
      { kind: 'confirm', buyId: closed.id, title: '鸡蛋牛奶团购' },
    ]);
    expect(await todo(s.volunteer1)).toEqual([
      {
        kind: 'deliver',
        count: 3,
        allBuildings: false,
        overdueHours: null,
        buyId: s.buy.id,
        title: '鸡蛋牛奶团购',
      },
    ]);
    // The household's own: still to pay on both buys, and its package waiting with its pickup code.
    expect((await todo(s.residents.a)).map((x) => [x.kind, x.buyId, x.code ?? null])).toEqual([
      ['pay', s.buy.id, null],
      ['pay', closed.id, null],
      ['pickup', s.buy.id, codes['1-101']],
    ]);
    // How the package is had is the buy's 取货方式 (楼下自取 unless the leader chose another), as 我的包裹 says.
    const pickup = async () => (await todo(s.residents.a)).find((x) => x.kind === 'pickup');
    const mine = async () =>
      (await ok(call(t.app, 'GET', `/api/buys/${s.buy.id}/packages/mine`, s.residents.a))).json().pickupMode;
    expect(await pickup()).toMatchObject({ pickupMode: 'building' });
    expect(await mine()).toBe('building');
    await t.container.db.execute(sql`UPDATE buys SET pickup_mode = 'door' WHERE id = ${s.buy.id}`);
    expect(await pickup()).toMatchObject({ pickupMode: 'door' });
    expect(await mine()).toBe('door');
    await t.container.db.execute(sql`UPDATE buys SET pickup_mode = 'building' WHERE id = ${s.buy.id}`);

    await ok(
      call(t.app, 'POST', `/api/buys/${s.buy.id}/packages/deliver`, s.volunteer1, {
        code: codes['1-101'],
        method: 'door',
      }),
    );
    const paid = await ok(
      call(t.app, 'POST', `/api/buys/${s.buy.id}/money/payments`, s.residents.a, { method: 'wechat' }),
      201,
    );
    paymentId = paid.json().payment.id;
    await ok(
      call(t.app, 'POST', `/api/buys/${s.buy.id}/packages/mine/reports`, s.residents.a, {
        kind: 'missing',
        lines: [{ itemId: s.buy.egg, qty: 1 }],
      }),
      201,
    );
    expect(await todo(s.leader)).toEqual([
      { kind: 'reports', count: 1, buyId: s.buy.id, title: '鸡蛋牛奶团购' },
      {
        kind: 'deliver',
        count: 3,
        allBuildings: true,
        overdueHours: null,
        buyId: s.buy.id,
        title: '鸡蛋牛奶团购',
      },
      { kind: 'confirm', buyId: closed.id, title: '鸡蛋牛奶团购' },
      { kind: 'payments', count: 1, buyId: s.buy.id, title: '鸡蛋牛奶团购' },
      // 1-101 marked paid (waiting for the leader): three still to pay.
      { kind: 'unpaid', count: 3, buyId: s.buy.id, title: '鸡蛋牛奶团购' },
      { kind: 'unpaid', count: 4, buyId: closed.id, title: '鸡蛋牛奶团购' },
      { kind: 'publish', buyId: draftId, title: '草稿团' },
    ]);
    // Reports and payments are the leader's; the volunteer sees their building's packages.
    expect(await todo(s.volunteer1)).toEqual([
      {
        kind: 'deliver',
        count: 2,
        allBuildings: false,
        overdueHours: null,
        buyId: s.buy.id,
        title: '鸡蛋牛奶团购',
      },
    ]);
    // Seven hours after the arrival (the compound's default is 6), the doors left are overdue, as on the board.
    await t.container.db.execute(
      sql`UPDATE arrivals SET created_at = now() - interval '7 hours' WHERE buy_id = ${s.buy.id}`,
    );
    expect((await todo(s.volunteer1)).map((x) => x.overdueHours)).toEqual([6]);
    await ok(
      call(t.app, 'PUT', `/api/communities/${s.community.id}/distribution-settings`, s.admin, {
        quietStart: '22:00',
        quietEnd: '07:00',
        timeZone: 'Asia/Shanghai',
        staleHours: 8,
      }),
    );
    expect((await todo(s.leader)).find((x) => x.kind === 'deliver')?.overdueHours).toBeNull();
    await t.container.db.execute(sql`UPDATE arrivals SET created_at = now() WHERE buy_id = ${s.buy.id}`);
    // 1-101's payment waits for the leader and its package is delivered but reported: only the other buy to pay.
    expect((await todo(s.residents.a)).map((x) => [x.kind, x.buyId])).toEqual([['pay', closed.id]]);
  });

  it("does not count the member's own household's payment (nobody confirms their own)", async () => {
    const a = s.household('1-101');
    const facts = await t.container.todoDeps.repo.facts(s.community.id, a.id, new Date());
    expect(facts.pendingPayments).toEqual([]);
    const all = await t.container.todoDeps.repo.facts(s.community.id, null, new Date());
    expect(all.pendingPayments).toEqual([{ buyId: s.buy.id, buildingId: null, count: 1 }]);
  });

  it('says finish once everything is delivered, decided and resolved', async () => {
    for (const label of ['1-102', '1-201', '2-101'])
      await ok(
        call(t.app, 'POST', `/api/buys/${s.buy.id}/packages/deliver`, s.leader, {
          code: codes[label],
          method: 'door',
        }),
      );
    await ok(call(t.app, 'POST', `/api/payments/${paymentId}/confirm`, s.leader));
    expect((await todo(s.leader)).filter((x) => x.buyId === s.buy.id).map((x) => x.kind)).toEqual([
      'reports',
      'unpaid',
    ]);
    // 1-102's package is at its door: confirming receipt is its household's to do, until it does.
    const delivered = (who: Who) => todo(who).then((l) => l.filter((x) => x.buyId === s.buy.id));
    expect(await delivered(s.residents.b)).toEqual([
      { kind: 'pay', dueFen: expect.any(Number), disputed: false, buyId: s.buy.id, title: '鸡蛋牛奶团购' },
      { kind: 'receipt', buyId: s.buy.id, title: '鸡蛋牛奶团购' },
    ]);
    await ok(call(t.app, 'POST', `/api/buys/${s.buy.id}/packages/mine/confirm`, s.residents.b));
    expect((await delivered(s.residents.b)).map((x) => x.kind)).toEqual(['pay']);
    for (const r of [s.residents.b, s.residents.c, s.residents.d]) {
      const paid = await ok(
        call(t.app, 'POST', `/api/buys/${s.buy.id}/money/payments`, r, { method: 'cash' }),
        201,
      );
      await ok(call(t.app, 'POST', `/api/payments/${paid.json().payment.id}/confirm`, s.leader));
    }
    const reports = (await call(t.app, 'GET', `/api/buys/${s.buy.id}/reports`, s.leader)).json();
    await ok(
      call(t.app, 'POST', `/api/delivery-reports/${reports.reports[0].id}/resolve`, s.leader, {
        resolution: 'redelivered',
      }),
    );
    expect((await todo(s.leader)).filter((x) => x.buyId === s.buy.id)).toEqual([
      { kind: 'finish', buyId: s.buy.id, title: '鸡蛋牛奶团购' },
    ]);
    // Paid and confirmed: nothing left on this buy for 1-102 (the other buy it still owes on).
    expect(await delivered(s.residents.b)).toEqual([]);
    expect((await todo(s.residents.b)).map((x) => [x.kind, x.buyId])).toEqual([['pay', closed.id]]);
    expect(await todo(s.volunteer1)).toEqual([]);
    await ok(call(t.app, 'POST', `/api/buys/${s.buy.id}/complete`, s.leader));
    expect((await todo(s.leader)).filter((x) => x.buyId === s.buy.id)).toEqual([]);
  });

  it('keeps a completed buy on the list while a report on it is open', async () => {
    await ok(
      call(t.app, 'POST', `/api/buys/${s.buy.id}/packages/mine/reports`, s.residents.b, {
        kind: 'damaged',
        lines: [{ itemId: s.buy.milk, qty: 1 }],
      }),
      201,
    );
    expect((await todo(s.leader)).filter((x) => x.buyId === s.buy.id)).toEqual([
      { kind: 'reports', count: 1, buyId: s.buy.id, title: '鸡蛋牛奶团购' },
    ]);
  });

  it('asks a household to acknowledge a refund the leader sent it, until it does', async () => {
    const reports = (await call(t.app, 'GET', `/api/buys/${s.buy.id}/reports`, s.leader)).json();
    const open = reports.reports.find((r: { status: string }) => r.status === 'open');
    await ok(
      call(t.app, 'POST', `/api/delivery-reports/${open.id}/resolve`, s.leader, { resolution: 'refunded' }),
    );
    // 1-102 is owed the damaged milk back: the leader's, on the completed buy, until a refund is sent.
    const leaders = async () => (await todo(s.leader)).filter((x) => x.buyId === s.buy.id);
    expect(await leaders()).toEqual([
      { kind: 'refund_due', count: 1, buyId: s.buy.id, title: '鸡蛋牛奶团购' },
    ]);
    const sent = await ok(
      call(t.app, 'POST', `/api/buys/${s.buy.id}/money/refunds`, s.leader, {
        householdId: s.household('1-102').id,
        method: 'cash',
      }),
      201,
    );
    const ofBuy = async () => (await todo(s.residents.b)).filter((x) => x.buyId === s.buy.id);
    expect(await ofBuy()).toEqual([
      { kind: 'refund', amountFen: sent.json().refund.amountFen, buyId: s.buy.id, title: '鸡蛋牛奶团购' },
    ]);
    expect(sent.json().refund.amountFen).toBeGreaterThan(0);
    expect(await leaders()).toEqual([]);
    await ok(call(t.app, 'POST', `/api/refunds/${sent.json().refund.id}/acknowledge`, s.residents.b));
    expect(await ofBuy()).toEqual([]);
  });

  it("says when the leader disputed the household's payment", async () => {
    const marked = await ok(
      call(t.app, 'POST', `/api/buys/${closed.id}/money/payments`, s.residents.c, { method: 'wechat' }),
      201,
    );
    const onClosed = async () => (await todo(s.residents.c)).filter((x) => x.buyId === closed.id);
    // Marked paid, waiting for the leader: nothing to do.
    expect(await onClosed()).toEqual([]);
    await ok(
      call(t.app, 'POST', `/api/payments/${marked.json().payment.id}/dispute`, s.leader, {
        reason: '没收到这笔转账',
      }),
    );
    expect(await onClosed()).toEqual([
      { kind: 'pay', dueFen: expect.any(Number), disputed: true, buyId: closed.id, title: '鸡蛋牛奶团购' },
    ]);
  });

  it('asks the leader to refund the households that paid for a buy it then cancelled', async () => {
    const again = await openAndConfirm(t.app, s.leader, s.community.id, s.residents, false);
    await t.container.ledgerSyncer.flush();
    const paid = await ok(
      call(t.app, 'POST', `/api/buys/${again.id}/money/payments`, s.residents.d, { method: 'cash' }),
      201,
    );
    await ok(call(t.app, 'POST', `/api/payments/${paid.json().payment.id}/confirm`, s.leader));
    await ok(call(t.app, 'POST', `/api/buys/${again.id}/cancel`, s.leader, { reason: '供应商缺货' }));
    expect((await todo(s.leader)).filter((x) => x.buyId === again.id)).toEqual([
      { kind: 'refund_due', count: 1, buyId: again.id, title: '鸡蛋牛奶团购' },
    ]);
  });

  it("tells the admins and the building's volunteers of households in need that have received nothing", async () => {
    // 2-102 has no order and no package: on the register, it is left out.
    await ok(
      call(t.app, 'PUT', `/api/households/${s.household('2-102').id}/needs`, s.admin, { needs: ['infant'] }),
    );
    const inNeed = (list: Record<string, unknown>[]) => list.filter((x) => x.kind === 'in_need');
    expect(inNeed(await todo(s.admin))).toEqual([{ kind: 'in_need', count: 1, days: 3 }]);
    expect(inNeed(await todo(s.volunteer2))).toEqual([{ kind: 'in_need', count: 1, days: 3 }]);
    expect(inNeed(await todo(s.volunteer1))).toEqual([]);
    expect(inNeed(await todo(s.leader))).toEqual([]);
    // 1-101 received its package today (above): on the register, it is covered.
    await ok(
      call(t.app, 'PUT', `/api/households/${s.household('1-101').id}/needs`, s.admin, {
        needs: ['mobility'],
      }),
    );
    expect(inNeed(await todo(s.volunteer1))).toEqual([]);
    expect(inNeed(await todo(s.admin))).toEqual([{ kind: 'in_need', count: 1, days: 3 }]);
    // First in the volunteer's list: a household without its goods comes before the doors to knock on.
    expect((await todo(s.volunteer2))[0]).toEqual({ kind: 'in_need', count: 1, days: 3 });
    for (const label of ['2-102', '1-101'])
      await ok(call(t.app, 'PUT', `/api/households/${s.household(label).id}/needs`, s.admin, { needs: [] }));
    expect(inNeed(await todo(s.admin))).toEqual([]);
  });

  it("tells the admins and the building's volunteers of help requests nobody has taken for an hour", async () => {
    const waiting = (list: Record<string, unknown>[]) => list.filter((x) => x.kind === 'help_waiting');
    const posted = await ok(
      call(t.app, 'POST', `/api/communities/${s.community.id}/posts`, s.residents.d, {
        kind: 'need',
        title: '求一袋米',
      }),
      201,
    );
    const id = posted.json().id as string;
    // Just posted: not yet.
    expect(waiting(await todo(s.admin))).toEqual([]);
    await t.container.db.execute(
      sql`UPDATE street_posts SET created_at = now() - interval '61 minutes' WHERE id = ${id}`,
    );
    const task = [{ kind: 'help_waiting', count: 1, hours: 1 }];
    expect(waiting(await todo(s.admin))).toEqual(task);
    // 2-101 is in building 2: its volunteer's, not building 1's; not the leader's, not a resident's.
    expect(waiting(await todo(s.volunteer2))).toEqual(task);
    expect(waiting(await todo(s.volunteer1))).toEqual([]);
    expect(waiting(await todo(s.leader))).toEqual([]);
    expect(waiting(await todo(s.residents.a))).toEqual([]);
    // Taken: off the list.
    await ok(call(t.app, 'POST', `/api/posts/${id}/take`, s.residents.a));
    expect(waiting(await todo(s.admin))).toEqual([]);
    await ok(call(t.app, 'POST', `/api/posts/${id}/close`, s.residents.d));
  });

  it("walks a new compound's admin through its rooms and its first invite", async () => {
    const founder = await createTestUser(t.container, '王芳');
    const created = await ok(call(t.app, 'POST', '/api/communities', founder, { name: '幸福里' }), 201);
    const id = created.json().community.id as string;
    expect(await todo(founder, id)).toEqual([{ kind: 'setup_rooms' }]);
    await ok(
      call(t.app, 'POST', `/api/communities/${id}/buildings/generate`, founder, {
        buildingFrom: 1,
        buildingTo: 2,
        floors: 2,
        roomsPerFloor: 2,
      }),
      201,
    );
    expect(await todo(founder, id)).toEqual([{ kind: 'invite' }]);
    const invite = async (body: object) =>
      (await ok(call(t.app, 'POST', `/api/communities/${id}/invites`, founder, body), 201)).json().invite as {
        id: string;
        code: string;
      };
    const first = await invite({ expiresInDays: 7 });
    expect(await todo(founder, id)).toEqual([]);
    // Revoked, or expired: nothing to join by, so the task is back.
    await ok(call(t.app, 'DELETE', `/api/invites/${first.id}`, founder), 204);
    expect(await todo(founder, id)).toEqual([{ kind: 'invite' }]);
    const second = await invite({ expiresInDays: 1, maxUses: 1 });
    await t.container.db.execute(
      sql`UPDATE invites SET expires_at = now() - interval '1 minute' WHERE id = ${second.id}`,
    );
    expect(await todo(founder, id)).toEqual([{ kind: 'invite' }]);
    // A neighbour joins by a third, which that one use uses up: in, so nothing more is asked.
    const third = await invite({ maxUses: 1 });
    await ok(
      call(t.app, 'POST', `/api/invite-codes/${third.code}/accept`, await createTestUser(t.container)),
    );
    expect(await todo(founder, id)).toEqual([]);
  });

  it('asks the admins to verify the registered supplier of a buy under way, until one does', async () => {
    const suppliers = (list: Record<string, unknown>[]) => list.filter((x) => x.kind === 'suppliers');
    const cid = s.community.id;
    const entry = await ok(
      call(t.app, 'POST', `/api/communities/${cid}/suppliers`, s.leader, {
        name: '绿港农场',
        baogong: false,
      }),
      201,
    );
    // Registered, and no buy under way names it: nothing yet (a draft does not count either).
    expect(suppliers(await todo(s.admin))).toEqual([]);
    await ok(
      call(t.app, 'POST', `/api/communities/${cid}/buys`, s.leader, {
        ...buyBody(),
        supplierName: '绿港农场',
      }),
      201,
    );
    expect(suppliers(await todo(s.admin))).toEqual([]);
    // An open buy names it, spaced differently: the admin's, not the leader's, a volunteer's or a resident's.
    const open = await createOpenBuy(t.app, s.leader, cid, { ...buyBody(), supplierName: ' 绿港 农场' });
    expect(suppliers(await todo(s.admin))).toEqual([{ kind: 'suppliers', count: 1 }]);
    for (const who of [s.leader, s.volunteer1, s.residents.a]) expect(suppliers(await todo(who))).toEqual([]);
    // Verified: off the list.
    await ok(call(t.app, 'PATCH', `/api/suppliers/${entry.json().id}`, s.admin, { verified: true }));
    expect(suppliers(await todo(s.admin))).toEqual([]);
    // Taken back, then the buy cancelled: no longer under way, nothing to verify for it.
    await ok(call(t.app, 'PATCH', `/api/suppliers/${entry.json().id}`, s.admin, { verified: false }));
    expect(suppliers(await todo(s.admin))).toEqual([{ kind: 'suppliers', count: 1 }]);
    await ok(call(t.app, 'POST', `/api/buys/${open.id}/cancel`, s.leader, { reason: '农场停供' }));
    expect(suppliers(await todo(s.admin))).toEqual([]);
  });

  it('refuses strangers, anonymous callers and malformed ids, never with a 500', async () => {
    const other = await createTestCommunity(t.container, { name: '别的小区' });
    const stranger = await createVerifiedResident(t.container, other.community.id, '1-101');
    const refused = await call(t.app, 'GET', `/api/communities/${s.community.id}/todo`, stranger);
    expect([refused.statusCode, refused.json().error.code]).toEqual([403, 'not_a_member']);
    const noUser = await createTestUser(t.container);
    expect((await call(t.app, 'GET', `/api/communities/${s.community.id}/todo`, noUser)).statusCode).toBe(
      403,
    );
    expect((await call(t.app, 'GET', `/api/communities/${s.community.id}/todo`)).statusCode).toBe(401);
    const bad = await call(t.app, 'GET', '/api/communities/not-a-uuid/todo', s.leader);
    expect(bad.statusCode).toBe(400);
    const long = await call(t.app, 'GET', `/api/communities/${'9'.repeat(5000)}/todo`, s.leader);
    expect(long.statusCode).toBeLessThan(500);
    const post = await call(t.app, 'POST', `/api/communities/${s.community.id}/todo`, s.leader, {});
    expect(post.statusCode).toBe(404);
  });
});

describe("a building volunteer's tasks for the proxy households of their building (代付, 代签收, 代收退款)", () => {
  it('lists each one named, until the volunteer has done it; not for another building’s volunteer', async () => {
    const { tc, leader, v1, v2, proxy } = await createProxyScene(t.container, t.app, '1-102');
    const buy = await createOpenBuy(t.app, leader, tc.community.id, {
      ...buyBody([{ name: '鸡蛋', priceFen: 2500, stock: 10, perHouseholdMax: 5 }]),
      title: '周奶奶的鸡蛋',
    });
    const egg = buy.items[0]!.id;
    const forProxy = async (who: Who) =>
      (await todo(who, tc.community.id)).filter((x) => x.forHousehold !== undefined);
    const named = { buyId: buy.id, title: '周奶奶的鸡蛋', forHousehold: { id: proxy.id, label: '1-102' } };
    await ok(
      call(t.app, 'PUT', `/api/buys/${buy.id}/orders/households/${proxy.id}`, v1, {
        lines: [{ itemId: egg, qty: 2 }],
      }),
      201,
    );
    expect(await forProxy(v1)).toEqual([]); // nothing owed while the list is open
    await ok(call(t.app, 'POST', `/api/buys/${buy.id}/close`, leader));

    // 代付: what it owes, until the volunteer marks it paid for the leader to confirm.
    expect(await forProxy(v1)).toEqual([{ kind: 'pay', dueFen: 5000, disputed: false, ...named }]);
    expect(await forProxy(v2)).toEqual([]);
    const paid = await ok(
      call(t.app, 'POST', `/api/buys/${buy.id}/money/households/${proxy.id}/payments`, v1, {
        method: 'cash',
      }),
      201,
    );
    expect(await forProxy(v1)).toEqual([]);
    await ok(call(t.app, 'POST', `/api/payments/${paid.json().payment.id}/confirm`, leader));

    // One box of two came: delivered to her door, her receipt to confirm (代签收), then her refund (代收退款).
    await ok(call(t.app, 'POST', `/api/buys/${buy.id}/confirm`, leader));
    await ok(
      call(t.app, 'POST', `/api/buys/${buy.id}/arrival`, leader, {
        policy: 'seq',
        received: [{ itemId: egg, receivedQty: 1 }],
      }),
    );
    const pkg = `/api/buys/${buy.id}/packages/households/${proxy.id}`;
    const code = (await ok(call(t.app, 'GET', pkg, v1))).json().package.code as string;
    await ok(call(t.app, 'POST', `/api/buys/${buy.id}/packages/deliver`, v1, { code, method: 'door' }));
    expect(await forProxy(v1)).toEqual([{ kind: 'receipt', ...named }]);
    await ok(call(t.app, 'POST', `${pkg}/confirm`, v1));
    const sent = await ok(
      call(t.app, 'POST', `/api/buys/${buy.id}/money/refunds`, leader, {
        householdId: proxy.id,
        method: 'cash',
      }),
      201,
    );
    expect(await forProxy(v1)).toEqual([{ kind: 'refund', amountFen: 2500, ...named }]);
    expect(await forProxy(v2)).toEqual([]);
    await ok(call(t.app, 'POST', `/api/refunds/${sent.json().refund.id}/acknowledge`, v1));
    expect(await forProxy(v1)).toEqual([]);
  });
});
