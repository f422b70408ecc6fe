import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderAdjustments } from '../../db/schema/buys.ts';
import { packages } from '../../db/schema/distribution.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { call, createConfirmedBuy } from '../../../test/support/distribution.ts';
import { createOpenBuy } from '../../../test/support/buys.ts';

let t: TestApp;
let s: Awaited<ReturnType<typeof createConfirmedBuy>>;
beforeAll(async () => {
  t = await createTestApp();
  s = await createConfirmedBuy(t.container, t.app);
});
afterAll(async () => {
  await t.close();
});

const body = (eggs: number, policy = 'seq') => ({
  policy,
  received: [{ itemId: s.buy.egg, receivedQty: eggs }],
});

describe('arrival: preview and apply', () => {
  it('refuses bad input, other people and the wrong state', async () => {
    const url = `/api/buys/${s.buy.id}/arrival/preview`;
    expect((await call(t.app, 'POST', url, undefined, body(5))).statusCode).toBe(401);
    const resident = await call(t.app, 'POST', url, s.residents.a, body(5));
    expect([resident.statusCode, resident.json().error.code]).toEqual([403, 'not_buy_manager']);
    const volunteer = await call(t.app, 'POST', url, s.volunteer1, body(5));
    expect(volunteer.statusCode).toBe(403);
    expect((await call(t.app, 'POST', url, s.leader, { policy: 'lottery', received: [] })).statusCode).toBe(
      400,
    );
    expect(
      (
        await call(t.app, 'POST', url, s.leader, {
          policy: 'seq',
          received: [{ itemId: 'x', receivedQty: 1 }],
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (
        await call(t.app, 'POST', url, s.leader, {
          policy: 'seq',
          received: [{ itemId: s.buy.egg, receivedQty: -1 }],
        })
      ).statusCode,
    ).toBe(400);
    const unknown = await call(t.app, 'POST', url, s.leader, {
      policy: 'seq',
      received: [{ itemId: crypto.randomUUID(), receivedQty: 1 }],
    });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([422, 'unknown_item']);
    const dup = await call(t.app, 'POST', url, s.leader, {
      policy: 'seq',
      received: [body(1).received[0], body(2).received[0]],
    });
    expect(dup.json().error.code).toBe('duplicate_item');
    const huge = await t.app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${s.leader.token}`, 'content-type': 'application/json' },
      payload: JSON.stringify({ policy: 'seq', received: [], pad: 'x'.repeat(1_100_000) }),
    });
    expect(huge.statusCode).toBe(413);
    expect(
      (await call(t.app, 'POST', `/api/buys/not-a-uuid/arrival/preview`, s.leader, body(1))).statusCode,
    ).toBe(400);
    expect(
      (await call(t.app, 'POST', `/api/buys/${crypto.randomUUID()}/arrival/preview`, s.leader, body(1)))
        .statusCode,
    ).toBe(404);
    const open = await createOpenBuy(t.app, s.leader, s.community.id);
    const wrong = await call(t.app, 'POST', `/api/buys/${open.id}/arrival`, s.leader, {
      policy: 'seq',
      received: [],
    });
    expect([wrong.statusCode, wrong.json().error.code]).toEqual([409, 'buy_not_confirmed']);
  });

  it('previews 接龙 order and pro rata without changing anything', async () => {
    const seq = await call(t.app, 'POST', `/api/buys/${s.buy.id}/arrival/preview`, s.leader, body(5));
    expect(seq.statusCode).toBe(200);
    const plan = seq.json();
    expect(plan.items[0]).toMatchObject({ allocatedQty: 8, receivedQty: 5, shortQty: 3 });
    // 1-101 (2) and 1-102 (2) keep theirs, 1-201 gets 1 of 1, 2-101 gets 0 of 3.
    const byLabel = Object.fromEntries(
      plan.orders.map((o: { householdLabel: string; lines: { newQty: number }[]; refundFen: number }) => [
        o.householdLabel,
        [o.lines[0]!.newQty, o.refundFen],
      ]),
    );
    expect(byLabel).toEqual({ '1-101': [2, 0], '1-102': [2, 0], '1-201': [1, 0], '2-101': [0, 7500] });
    expect(plan.refundFen).toBe(7500);
    const pro = (
      await call(t.app, 'POST', `/api/buys/${s.buy.id}/arrival/preview`, s.leader, body(5, 'pro_rata'))
    ).json();
    expect(pro.orders.map((o: { lines: { newQty: number }[] }) => o.lines[0]!.newQty)).toEqual([1, 1, 1, 2]);
    expect(await t.container.db.select().from(orderAdjustments)).toHaveLength(0);
    const buy = await call(t.app, 'GET', `/api/buys/${s.buy.id}`, s.leader);
    expect(buy.json().status).toBe('confirmed');
  });

  it('applies: shortage adjustments, packages with unique codes, buy arrived; not twice', async () => {
    const res = await call(t.app, 'POST', `/api/buys/${s.buy.id}/arrival`, s.leader, body(5));
    expect(res.statusCode).toBe(200);
    const rows = await t.container.db
      .select()
      .from(orderAdjustments)
      .where(eq(orderAdjustments.buyId, s.buy.id));
    expect(rows.map((r) => [r.householdId, r.kind, r.qtyDelta, r.amountFenDelta])).toEqual([
      [s.residents.d.household.id, 'shortage', -3, -7500],
    ]);
    const pk = await t.container.db.select().from(packages).where(eq(packages.buyId, s.buy.id));
    // 2-101 still receives milk, so everyone has a package.
    expect(pk).toHaveLength(4);
    expect(new Set(pk.map((p) => p.code)).size).toBe(4);
    expect(pk.every((p) => /^[34679ACDEFGHJKMNPQRTUVWXY]{6}$/.test(p.code))).toBe(true);
    expect((await call(t.app, 'GET', `/api/buys/${s.buy.id}`, s.leader)).json().status).toBe('arrived');
    const again = await call(t.app, 'POST', `/api/buys/${s.buy.id}/arrival`, s.leader, body(5));
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'arrival_already_recorded']);
  });

  it('shows the household its adjusted quantities and the refund due', async () => {
    const mine = await call(t.app, 'GET', `/api/buys/${s.buy.id}/packages/mine`, s.residents.d);
    expect(mine.statusCode).toBe(200);
    const m = mine.json();
    expect(m.refundFen).toBe(7500);
    expect(
      m.lines.map((l: { name: string; allocatedQty: number; receivedQty: number }) => [
        l.name,
        l.allocatedQty,
        l.receivedQty,
      ]),
    ).toEqual([
      ['鸡蛋', 3, 0],
      ['牛奶', 1, 1],
    ]);
    expect(m.package.code).toMatch(/^[A-Z0-9]{6}$/);
    const other = await call(t.app, 'GET', `/api/buys/${s.buy.id}/packages/mine`, s.volunteer1);
    expect([other.statusCode, other.json().error.code]).toEqual([403, 'not_your_household']);
  });
});

describe('the buy’s live stream', () => {
  it('sends household frames (order.adjusted) to that household only, board updates to everyone', async () => {
    const { openSseStream, until } = await import('../../../test/support/sse.ts');
    const { createConfirmedBuy: again } = await import('../../../test/support/distribution.ts');
    const scene = await again(t.container, t.app);
    const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const url = `${base}/api/buys/${scene.buy.id}/events`;
    const a = await openSseStream<{ type: string }>(url, scene.residents.a.token);
    const d = await openSseStream<{ type: string; householdId?: string }>(url, scene.residents.d.token);
    const res = await call(t.app, 'POST', `/api/buys/${scene.buy.id}/arrival`, scene.leader, {
      policy: 'seq',
      received: [{ itemId: scene.buy.egg, receivedQty: 5 }],
    });
    expect(res.statusCode).toBe(200);
    await until(
      () =>
        d.events.some((e) => e.type === 'order.adjusted') &&
        a.events.some((e) => e.type === 'delivery.updated'),
    );
    expect(d.events.find((e) => e.type === 'order.adjusted')?.householdId).toBe(
      scene.residents.d.household.id,
    );
    expect(a.events.some((e) => e.type === 'order.adjusted')).toBe(false);
    a.close();
    d.close();
  });
});
