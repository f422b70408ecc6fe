import { and, eq, gt } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notifications } from '../../db/schema/notifications.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { call, createConfirmedBuy } from '../../../test/support/distribution.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

/** "HH:MM" in Shanghai, `minutes` from now. */
const shanghai = (minutes: number) =>
  new Date(Date.now() + 8 * 3600_000 + minutes * 60_000).toISOString().slice(11, 16);

async function feed(communityId: string, who: { token: string }) {
  await t.container.notifier.flush();
  const res = await call(t.app, 'GET', `/api/communities/${communityId}/notifications`, who);
  return res.json().notifications as { type: string; data: Record<string, unknown> }[];
}

/** A household's notifications held for the end of the quiet hours (stored with a time still to come). */
const heldFor = (householdId: string) =>
  t.container.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.householdId, householdId), gt(notifications.createdAt, new Date())));

describe('distribution notifications and quiet hours', () => {
  it('tells households at once outside quiet hours: shortage refund, truck at the gate, delivered', async () => {
    const s = await createConfirmedBuy(t.container, t.app);
    // No quiet hours (start = end).
    await call(t.app, 'PUT', `/api/communities/${s.community.id}/distribution-settings`, s.admin, {
      quietStart: '00:00',
      quietEnd: '00:00',
    });
    await call(t.app, 'POST', `/api/buys/${s.buy.id}/delivery/posts`, s.leader, {
      kind: 'arriving',
      message: '北门',
    });
    await call(t.app, 'POST', `/api/buys/${s.buy.id}/arrival`, s.leader, {
      policy: 'seq',
      received: [{ itemId: s.buy.egg, receivedQty: 5 }],
    });
    const mine = (await call(t.app, 'GET', `/api/buys/${s.buy.id}/packages/mine`, s.residents.d)).json();
    await call(t.app, 'POST', `/api/buys/${s.buy.id}/packages/deliver`, s.volunteer2, {
      code: mine.package.code,
    });
    const d = await feed(s.community.id, s.residents.d);
    const types = d.map((n) => n.type);
    expect(types).toEqual(expect.arrayContaining(['delivery_update', 'order_adjusted', 'package_delivered']));
    expect(d.find((n) => n.type === 'order_adjusted')?.data.refundFen).toBe(7500);
    expect(d.find((n) => n.type === 'delivery_update')?.data).toMatchObject({
      kind: 'arriving',
      message: '北门',
    });
    const a = await feed(s.community.id, s.residents.a);
    expect(a.map((n) => n.type)).not.toContain('order_adjusted');
    expect(a.map((n) => n.type)).not.toContain('package_delivered');
  });

  it('a crash just after the truck post, the arrival and a delivery loses none of their notices', async () => {
    const s = await createConfirmedBuy(t.container, t.app);
    await call(t.app, 'PUT', `/api/communities/${s.community.id}/distribution-settings`, s.admin, {
      quietStart: '00:00',
      quietEnd: '00:00',
    });
    // Nothing turns events into notices meanwhile, as when the server is killed just after each commit.
    await t.container.notifier.stop();
    try {
      await call(t.app, 'POST', `/api/buys/${s.buy.id}/delivery/posts`, s.leader, { kind: 'arriving' });
      await call(t.app, 'POST', `/api/buys/${s.buy.id}/arrival`, s.leader, {
        policy: 'seq',
        received: [{ itemId: s.buy.egg, receivedQty: 5 }],
      });
      const mine = (await call(t.app, 'GET', `/api/buys/${s.buy.id}/packages/mine`, s.residents.d)).json();
      const delivered = await call(t.app, 'POST', `/api/buys/${s.buy.id}/packages/deliver`, s.volunteer2, {
        code: mine.package.code,
      });
      expect(delivered.statusCode).toBe(200);
      expect((await feed(s.community.id, s.residents.d)).map((n) => n.type)).not.toContain(
        'package_delivered',
      );
      // The sweep after the restart.
      expect(await t.container.notifier.recover(0)).toBeGreaterThanOrEqual(3);
      expect(await t.container.notifier.recover(0)).toBe(0);
    } finally {
      t.container.notifier.start();
    }
    const types = (await feed(s.community.id, s.residents.d)).map((n) => n.type);
    for (const type of ['delivery_update', 'order_adjusted', 'package_delivered'])
      expect(
        types.filter((x) => x === type),
        type,
      ).toHaveLength(1);
  });

  it('holds non-urgent news during quiet hours; urgent posts go at once', async () => {
    const s = await createConfirmedBuy(t.container, t.app);
    await call(t.app, 'PUT', `/api/communities/${s.community.id}/distribution-settings`, s.admin, {
      quietStart: shanghai(-60),
      quietEnd: shanghai(60),
    });
    await call(t.app, 'POST', `/api/buys/${s.buy.id}/delivery/posts`, s.leader, { kind: 'arriving' });
    await call(t.app, 'POST', `/api/buys/${s.buy.id}/delivery/posts`, s.leader, {
      kind: 'at_gate',
      urgent: true,
    });
    const types = (await feed(s.community.id, s.residents.a)).map((n) => n.type);
    expect(types.filter((x) => x === 'delivery_update')).toHaveLength(1);
    // The held row exists, stored for the end of the quiet hours (about an hour from now).
    const held = await heldFor(s.residents.a.household.id);
    expect(held).toHaveLength(1);
    expect(held[0]!.createdAt.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
  });

  it('a delivery mark taken back: its held notice withdrawn at night, a correction after one shown', async () => {
    const s = await createConfirmedBuy(t.container, t.app);
    await call(t.app, 'POST', `/api/buys/${s.buy.id}/arrival`, s.leader, {
      policy: 'seq',
      received: [{ itemId: s.buy.egg, receivedQty: 8 }],
    });
    const pkg = async () =>
      (await call(t.app, 'GET', `/api/buys/${s.buy.id}/packages/mine`, s.residents.a)).json().package as {
        id: string;
        code: string;
      };
    const { id, code } = await pkg();
    const markAndUndo = async () => {
      const marked = await call(t.app, 'POST', `/api/buys/${s.buy.id}/packages/deliver`, s.volunteer1, {
        code,
      });
      expect(marked.statusCode).toBe(200);
      await t.container.notifier.flush();
      const undone = await call(t.app, 'POST', `/api/buys/${s.buy.id}/packages/${id}/undo`, s.volunteer1);
      expect(undone.statusCode).toBe(200);
      await t.container.notifier.flush();
    };
    const told = async () =>
      (await feed(s.community.id, s.residents.a)).map((n) => n.type).filter((x) => x.startsWith('package_'));
    // At night: 已送达 waits for the morning, and is withdrawn; nothing is said at all.
    await call(t.app, 'PUT', `/api/communities/${s.community.id}/distribution-settings`, s.admin, {
      quietStart: shanghai(-60),
      quietEnd: shanghai(60),
    });
    await markAndUndo();
    expect(await told()).toEqual([]);
    expect(await heldFor(s.residents.a.household.id)).toEqual([]);
    // By day: 已送达 was shown, so a correction follows it.
    await call(t.app, 'PUT', `/api/communities/${s.community.id}/distribution-settings`, s.admin, {
      quietStart: '00:00',
      quietEnd: '00:00',
    });
    await markAndUndo();
    expect(await told()).toEqual(['package_undelivered', 'package_delivered']);
    expect((await feed(s.community.id, s.residents.a))[0]!.data).toMatchObject({
      buyTitle: expect.any(String),
    });
  });

  it('holds a refund that became due with the shortage that caused it, during quiet hours', async () => {
    const s = await createConfirmedBuy(t.container, t.app);
    // 2-101 paid for 3 eggs and a milk (¥81.00) before the truck came.
    const paid = await call(t.app, 'POST', `/api/buys/${s.buy.id}/money/payments`, s.residents.d, {
      method: 'wechat',
    });
    expect(paid.statusCode).toBe(201);
    const payment = paid.json().payment as { id: string };
    expect((await call(t.app, 'POST', `/api/payments/${payment.id}/confirm`, s.leader)).statusCode).toBe(200);
    await call(t.app, 'PUT', `/api/communities/${s.community.id}/distribution-settings`, s.admin, {
      quietStart: shanghai(-60),
      quietEnd: shanghai(60),
    });
    await feed(s.community.id, s.residents.d);
    // 5 of 8 boxes came: 2-101, last in seq, is 3 boxes short.
    await call(t.app, 'POST', `/api/buys/${s.buy.id}/arrival`, s.leader, {
      policy: 'seq',
      received: [{ itemId: s.buy.egg, receivedQty: 5 }],
    });
    await t.container.ledgerSyncer.flush();
    const shown = (await feed(s.community.id, s.residents.d)).map((n) => n.type);
    expect(shown).not.toContain('order_adjusted');
    expect(shown).not.toContain('refund_due');
    // Both wait for the morning, together.
    const held = await heldFor(s.residents.d.household.id);
    expect(held.map((n) => n.type).sort()).toEqual(['order_adjusted', 'refund_due']);
    expect(held.find((n) => n.type === 'refund_due')!.data).toMatchObject({ amountFen: 7500 });
  });
});
