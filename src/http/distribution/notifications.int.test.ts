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
    const held = await t.container.db
      .select()
      .from(notifications)
      .where(
        and(
          eq(notifications.householdId, s.residents.a.household.id),
          gt(notifications.createdAt, new Date()),
        ),
      );
    expect(held).toHaveLength(1);
    expect(held[0]!.createdAt.getTime()).toBeGreaterThan(Date.now() + 50 * 60_000);
  });
});
