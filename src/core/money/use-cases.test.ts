import { describe, expect, it } from 'vitest';
import { decidePayment, markPaid, recordReceived } from './payments.ts';
import { acknowledgeRefund, sendRefund } from './refunds.ts';
import { recordSupplierBill } from './supplier.ts';
import { syncLedger } from './sync-ledger.ts';
import { myMoney, reconciliation } from './read-money.ts';
import { ledgerTotals } from './ledger-fns.ts';
import { actor, fakeDeps, fakeWorld, household, member } from './testing/fake-repo.ts';

/** A closed buy: household a owes 2650 (one box + fee), b owes 5150; residents "alice" (a) and "bob" (b). */
function scene(status: Parameters<typeof fakeWorld>[0] = 'closed') {
  const w = fakeWorld(status);
  w.members.set('alice', member('alice', { household: household('a') }));
  w.members.set('bob', member('bob', { household: household('b') }));
  w.orders.push(
    { householdId: 'a', status: 'active', amountFen: 2650 },
    { householdId: 'b', status: 'active', amountFen: 5150 },
  );
  return { w, deps: fakeDeps(w) };
}

const code = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: { code?: string }) => e.code ?? 'no code',
  );

describe('money use-cases (on fakes)', () => {
  it('sync posts charges once after close, nothing while open', async () => {
    const open = scene('open');
    expect(await syncLedger(open.deps, 'buy1')).toBe(false);
    expect(open.w.entries).toEqual([]);
    const { w, deps } = scene();
    expect(await syncLedger(deps, 'buy1')).toBe(true);
    expect(await syncLedger(deps, 'buy1')).toBe(false);
    expect(ledgerTotals(w.entries)).toMatchObject({
      chargedGoodsFen: 7500,
      leaderFeesFen: 300,
      outstandingFen: 7800,
    });
    expect(w.audit.map((a) => [a.entity, a.action, a.householdId])).toEqual([
      ['ledger', 'charged', 'a'],
      ['ledger', 'charged', 'b'],
    ]);
  });

  it('marks paid for the due amount, once at a time, only after close', async () => {
    expect(await code(markPaid(scene('open').deps, actor('alice'), { buyId: 'buy1', method: 'cash' }))).toBe(
      'buy_not_payable',
    );
    const { w, deps } = scene();
    expect(await code(markPaid(deps, actor('leader'), { buyId: 'buy1', method: 'cash' }))).toBe(
      'no_household',
    );
    const p = await markPaid(deps, actor('alice'), { buyId: 'buy1', method: 'wechat', reference: '0427' });
    expect(p).toMatchObject({ amountFen: 2650, status: 'pending', householdId: 'a' });
    expect(await code(markPaid(deps, actor('alice'), { buyId: 'buy1', method: 'cash' }))).toBe(
      'payment_pending',
    );
    expect(w.audit.at(-1)).toMatchObject({ entity: 'payment', action: 'marked_paid', householdId: 'a' });
  });

  it('the leader confirms (posting to the ledger) or disputes; a resident cannot decide their own', async () => {
    const { w, deps } = scene();
    const p = await markPaid(deps, actor('alice'), { buyId: 'buy1', method: 'wechat' });
    expect(
      await code(decidePayment(deps, actor('alice'), { paymentId: p.id, decision: { kind: 'confirm' } })),
    ).toBe('own_payment');
    expect(
      await code(decidePayment(deps, actor('bob'), { paymentId: p.id, decision: { kind: 'confirm' } })),
    ).toBe('payment_not_found');
    const done = await decidePayment(deps, actor('leader'), {
      paymentId: p.id,
      decision: { kind: 'confirm' },
    });
    expect(done.status).toBe('confirmed');
    expect(ledgerTotals(w.entries)).toMatchObject({ collectedFen: 2650, leftFen: 2650, entriesSumFen: 0 });
    expect(w.events.map((e) => e.type)).toContain('payment.confirmed');
    expect(
      await code(decidePayment(deps, actor('leader'), { paymentId: p.id, decision: { kind: 'confirm' } })),
    ).toBe('payment_not_pending');
    const q = await markPaid(deps, actor('bob'), { buyId: 'buy1', method: 'cash', amountFen: 100 });
    const disputed = await decidePayment(deps, actor('leader'), {
      paymentId: q.id,
      decision: { kind: 'dispute', reason: '金额不对' },
    });
    expect(disputed).toMatchObject({ status: 'disputed', disputeReason: '金额不对' });
    expect(ledgerTotals(w.entries).collectedFen).toBe(2650);
  });

  it("代付: a building's volunteer sees and marks a proxy household's payment; the leader confirms it", async () => {
    const { w, deps } = scene();
    w.orders.push({ householdId: 'p1', status: 'active', amountFen: 2650 });
    w.members.set('vol', member('vol', { volunteerBuildingIds: ['b1'] }));
    w.members.set('vol2', member('vol2', { volunteerBuildingIds: ['b2'] }));
    const read = await myMoney(deps, actor('vol'), 'buy1', 'p1');
    expect([read.householdLabel, read.onBehalf, read.position.dueFen]).toEqual(['P1', true, 2650]);
    expect((await myMoney(deps, actor('alice'), 'buy1')).onBehalf).toBe(false);
    const paid = await markPaid(deps, actor('vol'), { buyId: 'buy1', householdId: 'p1', method: 'cash' });
    expect(paid).toMatchObject({ householdId: 'p1', amountFen: 2650, status: 'pending', markedBy: 'm-vol' });
    expect(w.audit.at(-1)).toMatchObject({
      action: 'marked_paid',
      actorMemberId: 'm-vol',
      householdId: 'p1',
    });
    expect(
      await code(markPaid(deps, actor('vol'), { buyId: 'buy1', householdId: 'p1', method: 'cash' })),
    ).toBe('payment_pending');
    await decidePayment(deps, actor('leader'), { paymentId: paid.id, decision: { kind: 'confirm' } });
    expect((await myMoney(deps, actor('vol'), 'buy1', 'p1')).position.dueFen).toBe(0);
    // Not a volunteer of its building, not a household with members, not a household of nowhere.
    const refused = (who: string, householdId: string) =>
      code(markPaid(deps, actor(who), { buyId: 'buy1', householdId, method: 'cash' }));
    expect(await refused('vol2', 'p1')).toBe('not_volunteer_of_building');
    expect(await refused('alice', 'p1')).toBe('not_volunteer_of_building');
    expect(await refused('leader', 'p1')).toBe('not_volunteer_of_building');
    expect(await refused('vol', 'b')).toBe('not_proxy_household');
    expect(await refused('vol', 'zz')).toBe('household_not_found');
    expect(await code(myMoney(deps, actor('vol2'), 'buy1', 'p1'))).toBe('not_volunteer_of_building');
  });

  it('the leader records money handed over in person: confirmed at once, at most what is due', async () => {
    expect(
      await code(
        recordReceived(scene('open').deps, actor('leader'), {
          buyId: 'buy1',
          householdId: 'a',
          method: 'cash',
        }),
      ),
    ).toBe('buy_not_payable');
    const { w, deps } = scene();
    const received = (who: string, input: { householdId: string; amountFen?: number }) =>
      recordReceived(deps, actor(who), { buyId: 'buy1', method: 'cash', ...input });
    expect(await code(received('alice', { householdId: 'b' }))).toBe('not_buy_manager');
    expect(await code(received('leader', { householdId: 'a', amountFen: 2651 }))).toBe('payment_exceeds_due');
    expect(await code(received('leader', { householdId: 'nobody' }))).toBe('nothing_due');
    // Part of it now, the rest later: each a confirmed payment, posted.
    expect(await received('leader', { householdId: 'a', amountFen: 650 })).toMatchObject({
      status: 'confirmed',
      amountFen: 650,
      method: 'cash',
      markedBy: 'm-leader',
      decidedBy: 'm-leader',
    });
    expect(await received('leader', { householdId: 'a' })).toMatchObject({ amountFen: 2000 });
    expect(await code(received('leader', { householdId: 'a' }))).toBe('nothing_due');
    expect(ledgerTotals(w.entries)).toMatchObject({ collectedFen: 2650, entriesSumFen: 0 });
    expect(w.audit.filter((x) => x.action === 'received').map((x) => x.householdId)).toEqual(['a', 'a']);
    expect(w.events.filter((e) => e.type === 'payment.confirmed')).toHaveLength(2);
    // Bob's own "I paid" waits: the leader confirms that one instead.
    await markPaid(deps, actor('bob'), { buyId: 'buy1', method: 'wechat' });
    expect(await code(received('leader', { householdId: 'b' }))).toBe('payment_pending');
  });

  it('a shortage after payment is a refund due; sent by the leader, acknowledged by the household', async () => {
    const { w, deps } = scene();
    const p = await markPaid(deps, actor('alice'), { buyId: 'buy1', method: 'wechat' });
    await decidePayment(deps, actor('leader'), { paymentId: p.id, decision: { kind: 'confirm' } });
    w.adjustments.push({ householdId: 'a', amountFenDelta: -2500 });
    const mine = await myMoney(deps, actor('alice'), 'buy1');
    expect(mine).toMatchObject({ goodsFen: 2500, feeFen: 0, adjustmentsFen: -2500 });
    expect(mine.position).toMatchObject({ owedFen: 0, paidFen: 2650, refundDueFen: 2650 });
    expect(w.events.some((e) => e.type === 'refund.due')).toBe(true);
    expect(
      await code(sendRefund(deps, actor('alice'), { buyId: 'buy1', householdId: 'a', method: 'cash' })),
    ).toBe('not_buy_manager');
    expect(
      await code(sendRefund(deps, actor('leader'), { buyId: 'buy1', householdId: 'b', method: 'cash' })),
    ).toBe('no_refund_due');
    const r = await sendRefund(deps, actor('leader'), { buyId: 'buy1', householdId: 'a', method: 'wechat' });
    expect(r.amountFen).toBe(2650);
    expect(await code(acknowledgeRefund(deps, actor('bob'), r.id))).toBe('refund_not_found');
    expect((await acknowledgeRefund(deps, actor('alice'), r.id)).status).toBe('acknowledged');
    const rec = await reconciliation(deps, actor('leader'), 'buy1');
    expect(rec.rows.map((x) => [x.householdId, x.state])).toEqual([
      ['a', 'nothing_due'],
      ['b', 'unpaid'],
    ]);
  });

  it('records supplier bills with unit prices; rejects unknown items and residents', async () => {
    const { w, deps } = scene();
    expect(
      await code(recordSupplierBill(deps, actor('alice'), { buyId: 'buy1', kind: 'payment', amountFen: 1 })),
    ).toBe('not_buy_manager');
    expect(
      await code(
        recordSupplierBill(deps, actor('leader'), {
          buyId: 'buy1',
          kind: 'invoice',
          lines: [{ itemId: 'nope', qty: 1, unitPriceFen: 1 }],
        }),
      ),
    ).toBe('unknown_item');
    const bill = await recordSupplierBill(deps, actor('leader'), {
      buyId: 'buy1',
      kind: 'invoice',
      lines: [{ itemId: 'item1', qty: 3, unitPriceFen: 2200 }],
    });
    expect(bill.amountFen).toBe(6600);
    expect(ledgerTotals(w.entries)).toMatchObject({ supplierInvoicedFen: 6600, entriesSumFen: 0 });
  });
});
