import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { InjectOptions } from 'fastify';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { createClosedBuyScene, png, writeShortage } from '../../../test/support/money.ts';
import { bearer } from '../../../test/support/users.ts';
import {
  addRole,
  createTestMember,
  createVerifiedResident,
  makeProxyHousehold,
} from '../../../test/support/community.ts';
import { createOpenBuy, inAnHour } from '../../../test/support/buys.ts';
import { createProxyScene } from '../../../test/support/distribution.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

type Scene = Awaited<ReturnType<typeof createClosedBuyScene>>;
const inject = (opts: InjectOptions) => t.app.inject(opts);

async function markPaid(
  s: Scene,
  who: { token: string },
  body: Record<string, unknown> = { method: 'wechat' },
) {
  return inject({
    method: 'POST',
    url: `/api/buys/${s.buy.id}/money/payments`,
    headers: bearer(who),
    payload: body,
  });
}

/** Every money route, with `id` in the place of each id (a buy, payment or refund id). */
function moneyRoutes(id: string): [string, string][] {
  return [
    ['GET', `/api/buys/${id}/money/mine`],
    ['POST', `/api/buys/${id}/money/payments`],
    ['POST', `/api/buys/${id}/money/payments/received`],
    ['GET', `/api/buys/${id}/money/households/${id}`],
    ['POST', `/api/buys/${id}/money/households/${id}/payments`],
    ['PUT', `/api/payments/${id}/screenshot`],
    ['GET', `/api/payments/${id}/screenshot`],
    ['POST', `/api/payments/${id}/confirm`],
    ['POST', `/api/payments/${id}/dispute`],
    ['POST', `/api/buys/${id}/money/refunds`],
    ['POST', `/api/refunds/${id}/acknowledge`],
    ['POST', `/api/buys/${id}/money/supplier-bills`],
    ['PUT', `/api/buys/${id}/money/qr`],
    ['GET', `/api/buys/${id}/money/qr`],
    ['GET', `/api/buys/${id}/money/ledger`],
    ['GET', `/api/buys/${id}/money/reconciliation`],
    ['GET', `/api/buys/${id}/money/exports/ledger.xlsx`],
    ['GET', `/api/buys/${id}/money/exports/ledger.csv`],
    ['GET', `/api/buys/${id}/money/exports/payments.xlsx`],
    ['GET', `/api/buys/${id}/money/exports/payments.csv`],
    ['GET', `/api/buys/${id}/audit`],
  ];
}

describe('payments: mark, screenshot, confirm, public ledger', () => {
  let s: Scene;
  beforeAll(async () => {
    s = await createClosedBuyScene(t.app, t.container);
  });

  it('a household sees what it owes and marks it paid with a screenshot; the leader confirms', async () => {
    const [a] = s.residents;
    const mine = await inject({
      method: 'GET',
      url: `/api/buys/${s.buy.id}/money/mine`,
      headers: bearer(a!),
    });
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toMatchObject({
      final: true,
      goodsFen: 2500,
      feeFen: 150,
      owedFen: 2650,
      dueFen: 2650,
    });

    const marked = await markPaid(s, a!, { method: 'wechat', reference: '转账 1234' });
    expect(marked.statusCode).toBe(201);
    const payment = marked.json().payment;
    expect(payment).toMatchObject({ amountFen: 2650, status: 'pending', hasScreenshot: false });

    const shot = await inject({
      method: 'PUT',
      url: `/api/payments/${payment.id}/screenshot`,
      headers: { ...bearer(a!), 'content-type': 'image/png' },
      body: png,
    });
    expect(shot.statusCode).toBe(200);
    expect(shot.json().payment.hasScreenshot).toBe(true);

    // The leader reconciles: 1-101 pending, the others unpaid.
    const rec = await inject({
      method: 'GET',
      url: `/api/buys/${s.buy.id}/money/reconciliation`,
      headers: bearer(s.leader),
    });
    expect(rec.statusCode).toBe(200);
    const rows = rec.json().rows as { householdLabel: string; state: string }[];
    expect(rows.map((r) => [r.householdLabel, r.state])).toEqual([
      ['1-101', 'pending'],
      ['1-102', 'unpaid'],
      ['1-201', 'unpaid'],
      ['1-202', 'unpaid'],
    ]);

    const img = await inject({
      method: 'GET',
      url: `/api/payments/${payment.id}/screenshot`,
      headers: bearer(s.leader),
    });
    expect(img.statusCode).toBe(200);
    expect(img.rawPayload.equals(png)).toBe(true);

    const confirmed = await inject({
      method: 'POST',
      url: `/api/payments/${payment.id}/confirm`,
      headers: bearer(s.leader),
    });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json().payment.status).toBe('confirmed');

    const ledger = await inject({
      method: 'GET',
      url: `/api/buys/${s.buy.id}/money/ledger`,
      headers: bearer(s.residents[1]!),
    });
    expect(ledger.statusCode).toBe(200);
    const l = ledger.json();
    expect(l.totals).toMatchObject({
      chargedGoodsFen: 25000,
      leaderFeesFen: 600,
      collectedFen: 2650,
      outstandingFen: 25600 - 2650,
      entriesSumFen: 0,
      leftFen: 2650,
      settled: false,
    });
    expect(l.lines).toEqual([
      expect.objectContaining({ kind: 'payment', householdLabel: '1-101', amountFen: 2650 }),
    ]);
    expect(JSON.stringify(l)).not.toMatch(/Resident|Leader Resident|138\d{8}/);

    const again = await inject({
      method: 'POST',
      url: `/api/payments/${payment.id}/confirm`,
      headers: bearer(s.leader),
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('payment_not_pending');
  });

  it('the leader records money handed over in person: confirmed at once, at most what is due', async () => {
    const r = await createClosedBuyScene(t.app, t.container);
    const [a, b] = r.residents;
    const url = `/api/buys/${r.buy.id}/money/payments/received`;
    const received = (who: { token: string }, body: Record<string, unknown>) =>
      inject({ method: 'POST', url, headers: bearer(who), payload: body });
    const due = async (who: { token: string }) =>
      (await inject({ method: 'GET', url: `/api/buys/${r.buy.id}/money/mine`, headers: bearer(who) })).json()
        .dueFen as number;
    const byResident = await received(b!, { householdId: a!.household.id, method: 'cash' });
    expect([byResident.statusCode, byResident.json().error.code]).toEqual([403, 'not_buy_manager']);
    const own = await received(r.leader, { householdId: r.leader.household.id, method: 'cash' });
    expect([own.statusCode, own.json().error.code]).toEqual([403, 'own_payment']);
    const tooMuch = await received(r.leader, {
      householdId: a!.household.id,
      method: 'cash',
      amountFen: 2651,
    });
    expect([tooMuch.statusCode, tooMuch.json().error.code]).toEqual([422, 'payment_exceeds_due']);
    expect((await received(r.leader, { method: 'cash' })).statusCode).toBe(400);
    expect((await received(r.leader, { householdId: a!.household.id, method: 'gold' })).statusCode).toBe(400);
    // ¥10 cash at the door now; the household owes the rest and sees it.
    const part = await received(r.leader, {
      householdId: a!.household.id,
      method: 'cash',
      amountFen: 1000,
      reference: '门口给的现金',
    });
    expect(part.statusCode).toBe(201);
    expect(part.json().payment).toMatchObject({ amountFen: 1000, status: 'confirmed', method: 'cash' });
    expect(await due(a!)).toBe(1650);
    // The rest, by default what is due.
    expect(
      (await received(r.leader, { householdId: a!.household.id, method: 'wechat' })).json().payment,
    ).toMatchObject({ amountFen: 1650, status: 'confirmed' });
    expect(await due(a!)).toBe(0);
    const nothing = await received(r.leader, { householdId: a!.household.id, method: 'cash' });
    expect([nothing.statusCode, nothing.json().error.code]).toEqual([409, 'nothing_due']);
    // The household's own "I paid" waits: confirmed or disputed, not recorded over.
    expect((await markPaid(r, b!)).statusCode).toBe(201);
    const pending = await received(r.leader, { householdId: b!.household.id, method: 'cash' });
    expect([pending.statusCode, pending.json().error.code]).toEqual([409, 'payment_pending']);
    const ledger = (
      await inject({ method: 'GET', url: `/api/buys/${r.buy.id}/money/ledger`, headers: bearer(b!) })
    ).json();
    expect(ledger.totals.collectedFen).toBe(2650);
    // 收款对账 says which households are 代登记 (nobody of theirs will press "I paid").
    await makeProxyHousehold(t.container, a!.household.id, { contactName: '王阿姨的女儿' });
    const rec = (
      await inject({
        method: 'GET',
        url: `/api/buys/${r.buy.id}/money/reconciliation`,
        headers: bearer(r.leader),
      })
    ).json();
    expect(
      rec.rows.map((x: { householdLabel: string; isProxy: boolean }) => [x.householdLabel, x.isProxy]),
    ).toEqual([
      ['1-101', true],
      ['1-102', false],
      ['1-201', false],
      ['1-202', false],
    ]);
    const audit = (
      await inject({ method: 'GET', url: `/api/buys/${r.buy.id}/audit`, headers: bearer(a!) })
    ).json();
    expect(
      audit.events
        .filter((e: { action: string }) => e.action === 'received')
        .map((e: { after: { amountFen: number } }) => e.after.amountFen),
    ).toEqual([1650, 1000]);
  });

  it('nobody confirms their own payment or sees another household’s', async () => {
    const own = await markPaid(s, s.leader);
    expect(own.statusCode).toBe(201);
    const id = own.json().payment.id;
    const self = await inject({
      method: 'POST',
      url: `/api/payments/${id}/confirm`,
      headers: bearer(s.leader),
    });
    expect(self.statusCode).toBe(403);
    expect(self.json().error.code).toBe('own_payment');

    const [, b, c] = s.residents;
    const mark = await markPaid(s, b!, { method: 'cash', amountFen: 5150 });
    const bId = mark.json().payment.id;
    const byResident = await inject({
      method: 'POST',
      url: `/api/payments/${bId}/confirm`,
      headers: bearer(b!),
    });
    expect(byResident.statusCode).toBe(403);
    expect(byResident.json().error.code).toBe('own_payment');
    const byNeighbour = await inject({
      method: 'POST',
      url: `/api/payments/${bId}/confirm`,
      headers: bearer(c!),
    });
    expect(byNeighbour.statusCode).toBe(404);
    const peek = await inject({
      method: 'PUT',
      url: `/api/payments/${bId}/screenshot`,
      headers: { ...bearer(c!), 'content-type': 'image/png' },
      body: png,
    });
    expect(peek.statusCode).toBe(404);
    const rec = await inject({
      method: 'GET',
      url: `/api/buys/${s.buy.id}/money/reconciliation`,
      headers: bearer(c!),
    });
    expect(rec.statusCode).toBe(403);
    const mine = await inject({
      method: 'GET',
      url: `/api/buys/${s.buy.id}/money/mine`,
      headers: bearer(c!),
    });
    expect(mine.json().payments).toEqual([]);

    // An admin who does not live there confirms the leader's own payment; a dispute needs a reason.
    const admin = await createTestMember(t.container, s.community.id, 'Admin Two');
    await addRole(t.container, admin, { admin: true });
    const noReason = await inject({
      method: 'POST',
      url: `/api/payments/${bId}/dispute`,
      headers: bearer(s.leader),
      payload: { reason: ' ' },
    });
    expect(noReason.statusCode).toBe(400);
    const disputed = await inject({
      method: 'POST',
      url: `/api/payments/${bId}/dispute`,
      headers: bearer(s.leader),
      payload: { reason: '没收到' },
    });
    expect(disputed.json().payment).toMatchObject({ status: 'disputed', disputeReason: '没收到' });
    expect(
      (await inject({ method: 'POST', url: `/api/payments/${id}/confirm`, headers: bearer(admin) }))
        .statusCode,
    ).toBe(200);
    // A disputed payment can be marked again.
    expect((await markPaid(s, b!, { method: 'wechat' })).statusCode).toBe(201);
    expect((await markPaid(s, b!, { method: 'wechat' })).json().error.code).toBe('payment_pending');
  });

  it('a shortage makes a refund due; the leader sends it and the household acknowledges', async () => {
    const [a] = s.residents;
    // 1-101 paid ¥26.50 for one box; the box did not come.
    await writeShortage(t.container, {
      buyId: s.buy.id,
      householdId: a!.household.id,
      itemId: s.itemId,
      qty: 1,
      priceFen: 2500,
    });
    const mine = await inject({
      method: 'GET',
      url: `/api/buys/${s.buy.id}/money/mine`,
      headers: bearer(a!),
    });
    expect(mine.json()).toMatchObject({
      goodsFen: 2500,
      feeFen: 0,
      adjustmentsFen: -2500,
      owedFen: 0,
      paidFen: 2650,
      refundDueFen: 2650,
    });

    const tooMuch = await inject({
      method: 'POST',
      url: `/api/buys/${s.buy.id}/money/refunds`,
      headers: bearer(s.leader),
      payload: { householdId: a!.household.id, method: 'wechat', amountFen: 9999 },
    });
    expect(tooMuch.statusCode).toBe(422);
    const sent = await inject({
      method: 'POST',
      url: `/api/buys/${s.buy.id}/money/refunds`,
      headers: bearer(s.leader),
      payload: { householdId: a!.household.id, method: 'wechat' },
    });
    expect(sent.statusCode).toBe(201);
    const refund = sent.json().refund;
    expect(refund).toMatchObject({ amountFen: 2650, status: 'sent' });
    const none = await inject({
      method: 'POST',
      url: `/api/buys/${s.buy.id}/money/refunds`,
      headers: bearer(s.leader),
      payload: { householdId: a!.household.id, method: 'wechat' },
    });
    expect(none.statusCode).toBe(409);

    expect(
      (
        await inject({
          method: 'POST',
          url: `/api/refunds/${refund.id}/acknowledge`,
          headers: bearer(s.leader),
        })
      ).statusCode,
    ).toBe(404);
    const ack = await inject({
      method: 'POST',
      url: `/api/refunds/${refund.id}/acknowledge`,
      headers: bearer(a!),
    });
    expect(ack.json().refund.status).toBe('acknowledged');
    expect(
      (await inject({ method: 'POST', url: `/api/refunds/${refund.id}/acknowledge`, headers: bearer(a!) }))
        .statusCode,
    ).toBe(409);
  });

  it('records the supplier invoice and payment, with unit prices next to the prices charged', async () => {
    const bad = await inject({
      method: 'POST',
      url: `/api/buys/${s.buy.id}/money/supplier-bills`,
      headers: bearer(s.leader),
      payload: { kind: 'invoice', lines: [{ itemId: s.community.id, qty: 1, unitPriceFen: 1 }] },
    });
    expect(bad.statusCode).toBe(422);
    const invoice = await inject({
      method: 'POST',
      url: `/api/buys/${s.buy.id}/money/supplier-bills`,
      headers: bearer(s.leader),
      payload: {
        kind: 'invoice',
        lines: [{ itemId: s.itemId, qty: 10, unitPriceFen: 2200 }],
        note: '发票 001',
      },
    });
    expect(invoice.statusCode).toBe(201);
    expect(invoice.json().bill.amountFen).toBe(22000);
    const paid = await inject({
      method: 'POST',
      url: `/api/buys/${s.buy.id}/money/supplier-bills`,
      headers: bearer(s.leader),
      payload: { kind: 'payment', amountFen: 22000 },
    });
    expect(paid.statusCode).toBe(201);
    const byResident = await inject({
      method: 'POST',
      url: `/api/buys/${s.buy.id}/money/supplier-bills`,
      headers: bearer(s.residents[0]!),
      payload: { kind: 'payment', amountFen: 1 },
    });
    expect(byResident.statusCode).toBe(403);
    const l = (
      await inject({
        method: 'GET',
        url: `/api/buys/${s.buy.id}/money/ledger`,
        headers: bearer(s.residents[2]!),
      })
    ).json();
    expect(l.items[0]).toMatchObject({ priceFen: 2500, supplierUnitPriceFen: 2200 });
    expect(l.totals).toMatchObject({
      supplierInvoicedFen: 22000,
      paidToSupplierFen: 22000,
      entriesSumFen: 0,
    });
  });

  it('exports the ledger and the payments list (CSV, XLSX)', async () => {
    const csv = await inject({
      method: 'GET',
      url: `/api/buys/${s.buy.id}/money/exports/ledger.csv`,
      headers: bearer(s.residents[1]!),
    });
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('已收款');
    const payments = await inject({
      method: 'GET',
      url: `/api/buys/${s.buy.id}/money/exports/payments.csv`,
      headers: bearer(s.leader),
    });
    expect(payments.body).toContain('1-101');
    const xlsx = await inject({
      method: 'GET',
      url: `/api/buys/${s.buy.id}/money/exports/payments.xlsx`,
      headers: bearer(s.leader),
    });
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const denied = await inject({
      method: 'GET',
      url: `/api/buys/${s.buy.id}/money/exports/payments.xlsx`,
      headers: bearer(s.residents[1]!),
    });
    expect(denied.statusCode).toBe(403);
  });

  it('the audit trail: the leader sees every event, a household its own and the buy-wide ones', async () => {
    const all = await inject({
      method: 'GET',
      url: `/api/buys/${s.buy.id}/audit`,
      headers: bearer(s.leader),
    });
    expect(all.statusCode, all.body).toBe(200);
    const events = all.json().events as {
      entity: string;
      action: string;
      householdLabel: string | null;
      actor: string;
    }[];
    expect(
      events.some((e) => e.entity === 'order' && e.action === 'placed' && e.householdLabel === '1-102'),
    ).toBe(true);
    expect(events.some((e) => e.entity === 'buy' && e.action === 'close' && e.actor === 'leader')).toBe(true);
    expect(events.some((e) => e.entity === 'payment' && e.action === 'confirmed')).toBe(true);
    const mine = await inject({
      method: 'GET',
      url: `/api/buys/${s.buy.id}/audit`,
      headers: bearer(s.residents[0]!),
    });
    const labels = new Set(
      (mine.json().events as { householdLabel: string | null }[]).map((e) => e.householdLabel),
    );
    expect([...labels].sort()).toEqual(['1-101', null].sort());
    expect(mine.json().scope).toBe('household');
  });
});

describe("GET /api/me/money: my household's money in every buy of the compound", () => {
  let s: Scene;
  let open: Scene;
  const me = (who: { token: string } | undefined, communityId = s.community.id) =>
    inject({
      method: 'GET',
      url: `/api/me/money?communityId=${communityId}`,
      headers: who ? bearer(who) : {},
    });
  beforeAll(async () => {
    s = await createClosedBuyScene(t.app, t.container);
    open = await createClosedBuyScene(t.app, t.container, { close: false });
  });

  it('says what is due, marked paid, then paid, per buy; an open buy has no charge yet', async () => {
    const [a] = s.residents;
    const before = await me(a!);
    expect(before.statusCode).toBe(200);
    expect(before.json()).toEqual({
      householdId: expect.any(String),
      buys: [{ buyId: s.buy.id, charged: true, dueFen: 2650, paidFen: 0, refundDueFen: 0, pendingFen: 0 }],
    });
    const marked = await markPaid(s, a!);
    expect((await me(a!)).json().buys[0]).toMatchObject({ dueFen: 2650, pendingFen: 2650 });
    const confirm = await inject({
      method: 'POST',
      url: `/api/payments/${marked.json().payment.id}/confirm`,
      headers: bearer(s.leader),
    });
    expect(confirm.statusCode).toBe(200);
    expect((await me(a!)).json().buys[0]).toMatchObject({
      charged: true,
      dueFen: 0,
      paidFen: 2650,
      pendingFen: 0,
    });
    // The list still open: nothing charged (the page shows the order's amount, to pay once it closes).
    expect((await me(open.residents[0]!, open.community.id)).json().buys).toEqual([]);
  });

  it('is empty without a verified household, and refused to strangers, anonymous callers and bad ids', async () => {
    const member = await createTestMember(t.container, s.community.id, 'No Household');
    expect((await me(member)).json()).toEqual({ householdId: null, buys: [] });
    const stranger = await me(open.residents[0]!);
    expect([stranger.statusCode, stranger.json().error.code]).toEqual([403, 'not_a_member']);
    expect((await me(undefined)).statusCode).toBe(401);
    expect((await me(s.residents[0]!, 'nope')).statusCode).toBe(400);
    const missing = await inject({ method: 'GET', url: '/api/me/money', headers: bearer(s.residents[0]!) });
    expect(missing.statusCode).toBe(400);
  });
});

describe('money routes: wrong state, bad input, no session', () => {
  let s: Scene;
  beforeAll(async () => {
    s = await createClosedBuyScene(t.app, t.container, { close: false });
  });

  it('shows the order amount while the list is open, and refuses payments until it closes', async () => {
    const mine = await inject({
      method: 'GET',
      url: `/api/buys/${s.buy.id}/money/mine`,
      headers: bearer(s.residents[1]!),
    });
    expect(mine.json()).toMatchObject({ final: false, goodsFen: 5000, feeFen: 150, dueFen: 5150 });
    const early = await markPaid(s, s.residents[1]!);
    expect(early.statusCode).toBe(409);
    expect(early.json().error.code).toBe('buy_not_payable');
    const bill = await inject({
      method: 'POST',
      url: `/api/buys/${s.buy.id}/money/supplier-bills`,
      headers: bearer(s.leader),
      payload: { kind: 'payment', amountFen: 1 },
    });
    expect(bill.statusCode).toBe(409);
  });

  it('a buy cancelled after payment owes every payer a refund', async () => {
    await inject({ method: 'POST', url: `/api/buys/${s.buy.id}/close`, headers: bearer(s.leader) });
    const paid = await markPaid(s, s.residents[1]!);
    await inject({
      method: 'POST',
      url: `/api/payments/${paid.json().payment.id}/confirm`,
      headers: bearer(s.leader),
    });
    const cancel = await inject({
      method: 'POST',
      url: `/api/buys/${s.buy.id}/cancel`,
      headers: bearer(s.leader),
      payload: { reason: '供应商缺货' },
    });
    expect(cancel.statusCode).toBe(200);
    await t.container.ledgerSyncer.flush();
    const mine = await inject({
      method: 'GET',
      url: `/api/buys/${s.buy.id}/money/mine`,
      headers: bearer(s.residents[1]!),
    });
    expect(mine.json()).toMatchObject({ owedFen: 0, paidFen: 5150, refundDueFen: 5150 });
    const rec = (
      await inject({
        method: 'GET',
        url: `/api/buys/${s.buy.id}/money/reconciliation`,
        headers: bearer(s.leader),
      })
    ).json();
    expect(rec.totals).toMatchObject({ refundsDueFen: 5150, outstandingFen: 0, entriesSumFen: 0 });
    expect(rec.rows.find((r: { householdLabel: string }) => r.householdLabel === '1-102').state).toBe(
      'refund_due',
    );
    expect((await markPaid(s, s.residents[0]!)).json().error.code).toBe('buy_not_payable');
  });

  it('rejects malformed, missing and oversized input with 4xx, never 500', async () => {
    const url = `/api/buys/${s.buy.id}/money/payments`;
    const h = bearer(s.residents[0]!);
    expect(
      (
        await inject({
          method: 'POST',
          url: '/api/buys/not-a-uuid/money/payments',
          headers: h,
          payload: { method: 'wechat' },
        })
      ).statusCode,
    ).toBe(400);
    expect((await inject({ method: 'POST', url, headers: h, payload: {} })).statusCode).toBe(400);
    expect(
      (await inject({ method: 'POST', url, headers: h, payload: { method: 'bitcoin' } })).statusCode,
    ).toBe(400);
    expect(
      (await inject({ method: 'POST', url, headers: h, payload: { method: 'cash', amountFen: 1.5 } }))
        .statusCode,
    ).toBe(400);
    expect(
      (
        await inject({
          method: 'POST',
          url,
          headers: h,
          payload: { method: 'cash', reference: 'x'.repeat(101) },
        })
      ).statusCode,
    ).toBe(400);
    const huge = await inject({
      method: 'POST',
      url,
      headers: { ...h, 'content-type': 'application/json' },
      body: `{"method":"cash","reference":"${'x'.repeat(1_100_000)}"}`,
    });
    expect(huge.statusCode).toBe(413);
    const qr = `/api/buys/${s.buy.id}/money/qr`;
    const lh = bearer(s.leader);
    expect(
      (
        await inject({
          method: 'PUT',
          url: qr,
          headers: { ...lh, 'content-type': 'application/json' },
          payload: {},
        })
      ).statusCode,
    ).toBe(422);
    expect(
      (
        await inject({
          method: 'PUT',
          url: qr,
          headers: { ...lh, 'content-type': 'image/png' },
          body: Buffer.from('not an image'),
        })
      ).statusCode,
    ).toBe(422);
    expect(
      (
        await inject({
          method: 'PUT',
          url: qr,
          headers: { ...lh, 'content-type': 'image/png' },
          body: Buffer.alloc(6 * 1024 * 1024),
        })
      ).statusCode,
    ).toBe(413);
    expect(
      (await inject({ method: 'PUT', url: qr, headers: { ...h, 'content-type': 'image/png' }, body: png }))
        .statusCode,
    ).toBe(403);
    expect((await inject({ method: 'GET', url: qr, headers: h })).statusCode).toBe(404);
    expect(
      (await inject({ method: 'PUT', url: qr, headers: { ...lh, 'content-type': 'image/png' }, body: png }))
        .statusCode,
    ).toBe(200);
    const got = await inject({ method: 'GET', url: qr, headers: h });
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('image/png');
    expect(
      (await inject({ method: 'GET', url: `/api/payments/${s.buy.id}/screenshot`, headers: h })).statusCode,
    ).toBe(404);
    expect(
      (await inject({ method: 'GET', url: `/api/buys/${s.buy.id}/audit?limit=0`, headers: h })).statusCode,
    ).toBe(400);
  });

  it('every route wants a session; outsiders see nothing', async () => {
    const id = s.buy.id;
    const routes = moneyRoutes(id);
    for (const [method, url] of routes) {
      const res = await inject({
        method: method as 'GET',
        url,
        ...(method === 'GET' ? {} : { payload: {} }),
      });
      expect([400, 401], `${method} ${url}`).toContain(res.statusCode);
    }
    const outsider = await createTestMember(
      t.container,
      (await createClosedBuyScene(t.app, t.container, { close: false })).community.id,
      'Outsider',
    );
    for (const url of [
      `/api/buys/${id}/money/ledger`,
      `/api/buys/${id}/money/mine`,
      `/api/buys/${id}/audit`,
    ]) {
      const res = await inject({ method: 'GET', url, headers: bearer(outsider) });
      expect(res.statusCode, url).toBe(403);
    }
  });

  it('a malformed id is a 400 and an oversized body a 413 on every route, never a 500', async () => {
    const h = bearer(s.leader);
    const bad = 'not-a-uuid';
    const routes = moneyRoutes(bad);
    for (const [method, url] of routes) {
      const res = await inject({
        method: method as 'GET',
        url,
        headers: h,
        ...(method === 'GET' ? {} : { payload: {} }),
      });
      expect(res.statusCode, `${method} ${url}`).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
    }
    const big = `{"reason":"${'x'.repeat(1_100_000)}"}`;
    for (const url of [
      `/api/payments/${s.buy.id}/dispute`,
      `/api/buys/${s.buy.id}/money/payments/received`,
      `/api/buys/${s.buy.id}/money/refunds`,
      `/api/buys/${s.buy.id}/money/supplier-bills`,
    ]) {
      const res = await inject({
        method: 'POST',
        url,
        headers: { ...h, 'content-type': 'application/json' },
        body: big,
      });
      expect(res.statusCode, url).toBe(413);
    }
    const missing = await inject({
      method: 'POST',
      url: `/api/buys/${s.buy.id}/money/refunds`,
      headers: h,
      payload: { method: 'cash' },
    });
    expect(missing.statusCode).toBe(400);
    const unknown = await inject({
      method: 'POST',
      url: `/api/payments/${s.community.id}/confirm`,
      headers: h,
    });
    expect(unknown.statusCode).toBe(404);
  });

  it('the database refuses to rewrite ledger entries and audit events', async () => {
    const refused = async (query: ReturnType<typeof sql>) => {
      const err = await t.container.db.execute(query).then(
        () => null,
        (e: unknown) => e as Error & { cause?: Error },
      );
      return String(err?.cause?.message ?? err?.message);
    };
    expect(await refused(sql`UPDATE ledger_entries SET amount_fen = amount_fen + 1`)).toMatch(/append-only/);
    expect(await refused(sql`DELETE FROM audit_events`)).toMatch(/append-only/);
  });
});

describe("the leader's 收款码 carries over to their next buys", () => {
  it('a buy without its own shows the one its leader uploaded last, until it gets its own', async () => {
    const s = await createClosedBuyScene(t.app, t.container);
    const lh = bearer(s.leader);
    const rh = bearer(s.residents[0]!);
    const later = await createOpenBuy(t.app, s.leader, s.community.id, {
      title: '鸡蛋团购（第二期）',
      deadline: inAnHour(),
      items: [{ name: '鸡蛋', priceFen: 2500 }],
    });
    const put = (buyId: string, body: Buffer, headers = lh) =>
      inject({
        method: 'PUT',
        url: `/api/buys/${buyId}/money/qr`,
        headers: { ...headers, 'content-type': 'image/png' },
        body,
      });
    const get = (buyId: string) => inject({ method: 'GET', url: `/api/buys/${buyId}/money/qr`, headers: rh });
    const qrOf = async (buyId: string) =>
      (await inject({ method: 'GET', url: `/api/buys/${buyId}/money/reconciliation`, headers: lh })).json()
        .qr;
    const mine = async (buyId: string) =>
      (await inject({ method: 'GET', url: `/api/buys/${buyId}/money/mine`, headers: rh })).json();

    // Nothing uploaded yet: no QR code anywhere.
    expect((await get(later.id)).statusCode).toBe(404);
    expect(await qrOf(later.id)).toBeNull();
    expect(await mine(later.id)).toMatchObject({ hasQr: false, qrVersion: null });

    // Uploaded on the first buy: the second one shows it, and says it is the earlier one.
    const first = Buffer.concat([png, Buffer.from('first')]);
    expect((await put(s.buy.id, first)).statusCode).toBe(200);
    const got = await get(later.id);
    expect(got.statusCode).toBe(200);
    expect(got.rawPayload.equals(first)).toBe(true);
    const earlier = await qrOf(later.id);
    expect(earlier).toEqual({ own: false, version: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(await qrOf(s.buy.id)).toEqual({ own: true, version: earlier.version });
    expect(await mine(later.id)).toMatchObject({ hasQr: true, qrVersion: earlier.version });

    // Another leader's buy in the same compound does not take this leader's code.
    const other = await createVerifiedResident(t.container, s.community.id, '1-102', 'Other Leader');
    await addRole(t.container, other, { leader: true });
    const theirs = await createOpenBuy(t.app, other, s.community.id, {
      title: '牛奶团购',
      deadline: inAnHour(),
      items: [{ name: '牛奶', priceFen: 800 }],
    });
    expect((await get(theirs.id)).statusCode).toBe(404);

    // Its own code wins over the earlier one, and the version changes with it; the first buy keeps its own.
    const second = Buffer.concat([png, Buffer.from('second')]);
    expect((await put(later.id, second)).statusCode).toBe(200);
    expect((await get(later.id)).rawPayload.equals(second)).toBe(true);
    const own = await qrOf(later.id);
    expect(own.own).toBe(true);
    expect(own.version).not.toBe(earlier.version);
    expect((await get(s.buy.id)).rawPayload.equals(first)).toBe(true);
    // A code uploaded later on the first buy does not replace the second buy's own.
    expect((await put(s.buy.id, Buffer.concat([png, Buffer.from('third')]))).statusCode).toBe(200);
    expect((await get(later.id)).rawPayload.equals(second)).toBe(true);
    // A newer upload is what a buy without its own shows: the leader's latest.
    expect((await get(theirs.id)).statusCode).toBe(404);
    const third = await createOpenBuy(t.app, s.leader, s.community.id, {
      title: '鸡蛋团购（第三期）',
      deadline: inAnHour(),
      items: [{ name: '鸡蛋', priceFen: 2500 }],
    });
    expect((await get(third.id)).rawPayload.toString()).toMatch(/third$/);
  });
});

type AuditRow = { entity: string; action: string; householdLabel: string };

describe('代付: a volunteer pays for a proxy household of their building', () => {
  it('sees what it owes, marks it paid (cash, with a screenshot), the leader confirms, and acknowledges its refund; nobody else may', async () => {
    const { tc, leader, v1, v2, resident, proxy } = await createProxyScene(t.container, t.app, '1-102');
    const call = (method: 'GET' | 'POST' | 'PUT', url: string, who?: { token: string }, payload?: object) =>
      inject({ method, url, headers: who ? bearer(who) : {}, ...(payload ? { payload } : {}) });
    const buy = await createOpenBuy(t.app, leader, tc.community.id, {
      title: '鸡蛋团购',
      deadline: inAnHour(),
      leaderFeeFen: 150,
      items: [{ name: '鸡蛋', priceFen: 2500, stock: 100, perHouseholdMax: 10 }],
    });
    const egg = buy.items[0]!.id;
    await call('PUT', `/api/buys/${buy.id}/orders/mine`, resident, { lines: [{ itemId: egg, qty: 1 }] });
    await call('PUT', `/api/buys/${buy.id}/orders/households/${proxy.id}`, v1, {
      lines: [{ itemId: egg, qty: 2 }],
    });
    const url = `/api/buys/${buy.id}/money/households/${proxy.id}`;
    // While the list is open: what it comes to, not yet payable.
    expect((await call('GET', url, v1)).json()).toMatchObject({ final: false, dueFen: 5150 });
    const early = await call('POST', `${url}/payments`, v1, { method: 'cash' });
    expect([early.statusCode, early.json().error.code]).toEqual([409, 'buy_not_payable']);
    expect((await call('POST', `/api/buys/${buy.id}/close`, leader)).statusCode).toBe(200);

    const owed = await call('GET', url, v1);
    expect(owed.statusCode).toBe(200);
    expect(owed.json()).toMatchObject({ householdLabel: '1-102', onBehalf: true, final: true, dueFen: 5150 });
    const refused = async (who: { token: string } | undefined, at = url) => {
      const res = await call('GET', at, who);
      return [res.statusCode, res.json().error?.code];
    };
    expect(await refused(v2)).toEqual([403, 'not_volunteer_of_building']);
    expect(await refused(resident)).toEqual([403, 'not_volunteer_of_building']);
    expect(await refused(leader)).toEqual([403, 'not_volunteer_of_building']);
    expect(await refused(undefined)).toEqual([401, 'unauthenticated']);
    const own = `/api/buys/${buy.id}/money/households/${tc.household('1-101').id}`;
    expect(await refused(v1, own)).toEqual([409, 'not_proxy_household']);
    expect(await refused(v1, `/api/buys/${buy.id}/money/households/${crypto.randomUUID()}`)).toEqual([
      404,
      'household_not_found',
    ]);
    expect(await refused(v1, `/api/buys/${buy.id}/money/households/x`)).toEqual([400, 'validation_failed']);
    const bad = await call('POST', `${url}/payments`, v1, { method: 'gold' });
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'validation_failed']);
    const byOther = await call('POST', `${url}/payments`, v2, { method: 'cash' });
    expect([byOther.statusCode, byOther.json().error.code]).toEqual([403, 'not_volunteer_of_building']);

    // Her cash, collected at the door and handed to the leader: marked for her, waiting for the leader.
    const paid = await call('POST', `${url}/payments`, v1, { method: 'cash', reference: '现金交给团长' });
    expect(paid.statusCode).toBe(201);
    expect(paid.json().payment).toMatchObject({ amountFen: 5150, method: 'cash', status: 'pending' });
    const again = await call('POST', `${url}/payments`, v1, { method: 'cash' });
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'payment_pending']);
    const paymentId = paid.json().payment.id as string;
    const shot = (who: { token: string }) =>
      inject({
        method: 'PUT',
        url: `/api/payments/${paymentId}/screenshot`,
        headers: { ...bearer(who), 'content-type': 'image/png' },
        payload: png,
      });
    expect((await shot(v2)).statusCode).toBe(404);
    expect((await shot(v1)).json().payment.hasScreenshot).toBe(true);
    expect((await call('GET', `/api/payments/${paymentId}/screenshot`, v1)).statusCode).toBe(200);
    expect((await call('GET', `/api/payments/${paymentId}/screenshot`, resident)).statusCode).toBe(404);

    // The leader sees it in 收款对账 and confirms it: nothing left to pay.
    const rec = (await call('GET', `/api/buys/${buy.id}/money/reconciliation`, leader)).json();
    expect(rec.rows.find((r: { householdLabel: string }) => r.householdLabel === '1-102')).toMatchObject({
      isProxy: true,
      pending: { amountFen: 5150, method: 'cash' },
    });
    expect((await call('POST', `/api/payments/${paymentId}/confirm`, leader)).statusCode).toBe(200);
    expect((await call('GET', url, v1)).json()).toMatchObject({ dueFen: 0, paidFen: 5150 });
    // The buy's audit trail of one kind of entry, newest first: what was done, for which household.
    const trailOf = async (entity: string) =>
      ((await call('GET', `/api/buys/${buy.id}/audit`, leader)).json().events as AuditRow[])
        .filter((e) => e.entity === entity)
        .map((e) => [e.action, e.householdLabel]);
    expect(await trailOf('payment')).toEqual([
      ['confirmed', '1-102'],
      ['screenshot_added', '1-102'],
      ['marked_paid', '1-102'],
    ]);

    // One box of her eggs did not come: the leader sends her refund in cash through the volunteer, who hands it
    // over and says so for her (代收退款). Nobody else may say it.
    await writeShortage(t.container, {
      buyId: buy.id,
      householdId: proxy.id,
      itemId: egg,
      qty: 1,
      priceFen: 2500,
    });
    expect((await call('GET', url, v1)).json()).toMatchObject({ refundDueFen: 2500 });
    const sent = await call('POST', `/api/buys/${buy.id}/money/refunds`, leader, {
      householdId: proxy.id,
      method: 'cash',
    });
    expect(sent.statusCode).toBe(201);
    const ack = (who?: { token: string }) =>
      call('POST', `/api/refunds/${sent.json().refund.id}/acknowledge`, who);
    expect(await Promise.all([v2, resident, leader].map(async (who) => (await ack(who)).statusCode))).toEqual(
      [404, 404, 404],
    );
    expect((await ack(undefined)).statusCode).toBe(401);
    // 收款对账 offers 代确认收到 to an admin who did not send it, not to the leader who did.
    const offered = async (who: { token: string }) =>
      (await call('GET', `/api/buys/${buy.id}/money/reconciliation`, who)).json().refunds[0].mayAcknowledge;
    expect([await offered(tc.admin), await offered(leader)]).toEqual([true, false]);
    // The leader, were they building 1's volunteer too, does not say the refund they sent arrived.
    await addRole(t.container, leader, { volunteerBuildingIds: [tc.buildings[0]!.id] });
    const sentIt = await ack(leader);
    expect([sentIt.statusCode, sentIt.json().error.code]).toEqual([403, 'own_refund_sent']);
    await addRole(t.container, leader, { volunteerBuildingIds: [] });
    const acked = await ack(v1);
    expect([acked.statusCode, acked.json().refund.status]).toEqual([200, 'acknowledged']);
    expect((await ack(v1)).json().error.code).toBe('refund_already_acknowledged');
    expect(await offered(tc.admin)).toBe(false);
    expect((await call('GET', url, v1)).json().refunds).toMatchObject([
      { amountFen: 2500, status: 'acknowledged' },
    ]);
    expect(await trailOf('refund')).toEqual([
      ['acknowledged', '1-102'],
      ['sent', '1-102'],
    ]);
  });
});
