import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { buyBody, createBuyScene, createOpenBuy, inAnHour } from '../../../test/support/buys.ts';
import {
  addRole,
  createPendingResident,
  createTestMember,
  createVerifiedResident,
  makeProxyHousehold,
} from '../../../test/support/community.ts';
import { bearer, createTestUser } from '../../../test/support/users.ts';
import { closeDueBuys } from '../../core/buys/close-due-buys.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const put = (buyId: string, who: { token: string }, lines: { itemId: string; qty: number }[], headers = {}) =>
  t.app.inject({
    method: 'PUT',
    url: `/api/buys/${buyId}/orders/mine`,
    headers: { ...bearer(who), ...headers },
    payload: { lines },
  });
const post = (url: string, who: { token: string }, payload?: object) =>
  t.app.inject({ method: 'POST', url, headers: bearer(who), ...(payload ? { payload } : {}) });
const get = (url: string, who: { token: string }) =>
  t.app.inject({ method: 'GET', url, headers: bearer(who) });

describe('buy lifecycle', () => {
  it('draft → open → orders → close (threshold met) → confirmed → arrived → completed', async () => {
    const s = await createBuyScene(t.container);
    const created = await post(`/api/communities/${s.community.id}/buys`, s.leader, {
      ...buyBody([
        { name: '鸡蛋', spec: '30枚/盒', unit: '盒', priceFen: 2500, stock: 3, perHouseholdMax: 3 },
      ]),
      deadline: '2099-12-01T12:00:00+08:00',
      minTotalQty: 3,
      leaderFeeFen: 100,
    });
    expect(created.statusCode).toBe(201);
    const buy = created.json();
    expect(buy).toMatchObject({ status: 'draft', minTotalQty: 3, deadline: '2099-12-01T04:00:00.000Z' });
    const itemId = buy.items[0].id;

    // Residents cannot see drafts, nor order before publishing.
    expect((await get(`/api/buys/${buy.id}`, s.residents[0]!)).statusCode).toBe(404);
    expect((await post(`/api/buys/${buy.id}/publish`, s.leader)).json().status).toBe('open');

    const [a, b, c] = s.residents;
    const ra = await put(buy.id, a!, [{ itemId, qty: 2 }]);
    expect(ra.statusCode).toBe(201);
    expect(ra.json().order).toMatchObject({
      seq: 1,
      householdLabel: a!.household.label,
      status: 'active',
      amountFen: 5100,
    });
    const rb = await put(buy.id, b!, [{ itemId, qty: 2 }]);
    expect(rb.json().order).toMatchObject({ seq: 2, lines: [{ qty: 2, allocatedQty: 1, waitlistedQty: 1 }] });
    const rc = await put(buy.id, c!, [{ itemId, qty: 1 }]);
    expect(rc.json().order).toMatchObject({ seq: 3, status: 'waitlisted', amountFen: 0 });

    // Reduction by a promotes b (seq order), not c.
    const edit = await put(buy.id, a!, [{ itemId, qty: 1 }]);
    expect(edit.statusCode).toBe(200);
    expect(edit.json().order.seq).toBe(1);
    const list = (await get(`/api/buys/${buy.id}/orders`, s.leader)).json().orders;
    expect(
      list.map((o: { seq: number; lines: { allocatedQty: number }[] }) => [o.seq, o.lines[0]!.allocatedQty]),
    ).toEqual([
      [1, 1],
      [2, 2],
      [3, 0],
    ]);

    // The public list shows labels only.
    const pub = (await get(`/api/buys/${buy.id}/list`, c!)).json();
    // A line is what the page draws, nothing more: no household id, no text made of the rest.
    expect(pub.entries[0]).toEqual({
      seq: 1,
      householdLabel: a!.household.label,
      status: 'active',
      items: [{ name: '鸡蛋', qty: 1 }],
    });
    expect(JSON.stringify(pub)).not.toContain(a!.phone);

    // Cancel and rejoin goes to the back.
    expect(
      (
        await t.app.inject({ method: 'DELETE', url: `/api/buys/${buy.id}/orders/mine`, headers: bearer(a!) })
      ).json().order.status,
    ).toBe('cancelled');
    const back = await put(buy.id, a!, [{ itemId, qty: 1 }]);
    expect(back.json().order.seq).toBe(4);
    // The public list is read again after every change (it is shared only at one version of the buy).
    const after = (await get(`/api/buys/${buy.id}/list`, c!)).json();
    expect(after.entries.map((e: { seq: number; status: string }) => [e.seq, e.status])).toEqual([
      [2, 'active'],
      [3, 'active'], // promoted when a cancelled
      [4, 'waitlisted'],
    ]);
    expect((await get(`/api/buys/${buy.id}/list`, b!)).json()).toEqual(after);

    const got = (await get(`/api/buys/${buy.id}`, c!)).json();
    expect(got.items[0]).toMatchObject({ allocatedQty: 3, waitlistedQty: 1, remaining: 0 });
    expect(got.totals).toMatchObject({ orders: 3, allocatedQty: 3 });

    const mine = (await get(`/api/me/orders?communityId=${s.community.id}`, b!)).json();
    expect(mine.owedFen).toBe(2 * 2500 + 100);

    expect((await post(`/api/buys/${buy.id}/close`, s.leader)).json().status).toBe('closed');
    expect((await put(buy.id, b!, [{ itemId, qty: 1 }])).statusCode).toBe(409);
    expect((await post(`/api/buys/${buy.id}/confirm`, s.leader)).json().status).toBe('confirmed');
    expect((await post(`/api/buys/${buy.id}/arrive`, s.leader)).json().status).toBe('arrived');
    const cancelLate = await post(`/api/buys/${buy.id}/cancel`, s.leader, { reason: 'too late' });
    expect(cancelLate.statusCode).toBe(409);
    expect(cancelLate.json().error.code).toBe('illegal_transition');
    expect((await post(`/api/buys/${buy.id}/complete`, s.leader)).json().status).toBe('completed');
  });

  it('fails below the threshold and releases every order', async () => {
    const s = await createBuyScene(t.container);
    const buy = await createOpenBuy(t.app, s.leader, s.community.id, { ...buyBody(), minTotalQty: 50 });
    await put(buy.id, s.residents[0]!, [{ itemId: buy.items[0]!.id, qty: 2 }]);
    const closed = (await post(`/api/buys/${buy.id}/close`, s.leader)).json();
    expect(closed.status).toBe('failed');
    expect(closed.totals).toMatchObject({ orders: 0, allocatedQty: 0, amountFen: 0 });
    const orders = (await get(`/api/buys/${buy.id}/orders`, s.leader)).json().orders;
    expect(orders.map((o: { status: string }) => o.status)).toEqual(['cancelled']);
  });

  it('cancels with a reason; the deadline job closes due buys exactly once', async () => {
    const s = await createBuyScene(t.container);
    const a = await createOpenBuy(t.app, s.leader, s.community.id);
    const cancelled = (await post(`/api/buys/${a.id}/cancel`, s.leader, { reason: '供应商缺货' })).json();
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: '供应商缺货' });

    const b = await createOpenBuy(t.app, s.leader, s.community.id, {
      ...buyBody(),
      deadline: new Date(Date.now() + 400).toISOString(),
    });
    await put(b.id, s.residents[0]!, [{ itemId: b.items[0]!.id, qty: 1 }]);
    await new Promise((r) => setTimeout(r, 500));
    // Orders after the deadline are refused even before the job runs.
    expect((await put(b.id, s.residents[1]!, [{ itemId: b.items[0]!.id, qty: 1 }])).json().error.code).toBe(
      'buy_not_open',
    );
    const closedCounts = await Promise.all([
      closeDueBuys(t.container.buysDeps),
      closeDueBuys(t.container.buysDeps),
    ]);
    expect(closedCounts.reduce((x, y) => x + y, 0)).toBe(1);
    expect((await get(`/api/buys/${b.id}`, s.leader)).json().status).toBe('closed');
  });

  it('edits an open buy: raising stock promotes waiters, a lower price lowers what they owe', async () => {
    const s = await createBuyScene(t.container);
    const buy = await createOpenBuy(
      t.app,
      s.leader,
      s.community.id,
      buyBody([{ name: '牛奶', priceFen: 1000, stock: 1 }]),
    );
    const itemId = buy.items[0]!.id;
    await put(buy.id, s.residents[0]!, [{ itemId, qty: 1 }]);
    await put(buy.id, s.residents[1]!, [{ itemId, qty: 2 }]);
    const lowStock = await t.app.inject({
      method: 'PATCH',
      url: `/api/buys/${buy.id}`,
      headers: bearer(s.leader),
      payload: { items: [{ id: itemId, name: '牛奶', priceFen: 1000, stock: 0 }] },
    });
    expect(lowStock.json().error.code).toBe('stock_below_allocated');
    const patched = await t.app.inject({
      method: 'PATCH',
      url: `/api/buys/${buy.id}`,
      headers: bearer(s.leader),
      payload: { title: '牛奶团购', items: [{ id: itemId, name: '牛奶', priceFen: 800, stock: 3 }] },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      title: '牛奶团购',
      items: [{ allocatedQty: 3, waitlistedQty: 0, priceFen: 800 }],
    });
    expect(patched.json().totals.amountFen).toBe(3 * 800);
    const mine = (await get(`/api/me/orders?communityId=${s.community.id}`, s.residents[1]!)).json();
    expect(mine.orders[0]).toMatchObject({ status: 'active', amountFen: 1600 });
  });

  it('volunteers order for households of their building (proxies too), recording who placed it', async () => {
    const s = await createBuyScene(t.container, { residents: 2, buildings: 2 });
    const buy = await createOpenBuy(t.app, s.leader, s.community.id);
    const volunteer = await createTestMember(t.container, s.community.id, 'Volunteer');
    await addRole(t.container, volunteer, { volunteerBuildingIds: [s.buildings[0]!.id] });
    const proxy = s.households.find(
      (h) => h.buildingId === s.buildings[0]!.id && !s.residents.some((r) => r.household.id === h.id),
    );
    const other = s.households.find((h) => h.buildingId === s.buildings[1]!.id)!;
    const url = (h: string) => `/api/buys/${buy.id}/orders/households/${h}`;
    const lines = [{ itemId: buy.items[0]!.id, qty: 1 }];
    if (proxy) {
      expect(
        (
          await t.app.inject({
            method: 'PUT',
            url: url(proxy.id),
            headers: bearer(volunteer),
            payload: { lines },
          })
        ).json().error.code,
      ).toBe('household_not_verified');
      await makeProxyHousehold(t.container, proxy.id, { contactName: '王阿姨' });
      const placed = await t.app.inject({
        method: 'PUT',
        url: url(proxy.id),
        headers: bearer(volunteer),
        payload: { lines, note: '王阿姨' },
      });
      expect(placed.statusCode).toBe(201);
      expect(placed.json().order.note).toBe('王阿姨');
      expect(
        (await t.app.inject({ method: 'DELETE', url: url(proxy.id), headers: bearer(volunteer) })).statusCode,
      ).toBe(200);
    }
    const denied = await t.app.inject({
      method: 'PUT',
      url: url(other.id),
      headers: bearer(volunteer),
      payload: { lines },
    });
    expect([denied.statusCode, denied.json().error.code]).toEqual([403, 'not_volunteer_of_building']);
    const resident = s.residents[0]!;
    const byAdmin = await t.app.inject({
      method: 'PUT',
      url: url(resident.household.id),
      headers: bearer(s.admin),
      payload: { lines },
    });
    expect(byAdmin.statusCode).toBe(201);
  });
});

describe('a household’s order, read by whoever orders for it (代下单)', () => {
  it('shows the volunteer of its building and admins the live order, or null; nobody else', async () => {
    const s = await createBuyScene(t.container, { residents: 1, buildings: 2 });
    const buy = await createOpenBuy(t.app, s.leader, s.community.id);
    const volunteer = await createTestMember(t.container, s.community.id, 'Volunteer');
    await addRole(t.container, volunteer, { volunteerBuildingIds: [s.buildings[0]!.id] });
    const here = s.residents[0]!; // building 1
    const otherHome = s.households.find((h) => h.buildingId === s.buildings[1]!.id)!;
    const there = await createVerifiedResident(t.container, s.community.id, otherHome.label);
    const url = (h: string) => `/api/buys/${buy.id}/orders/households/${h}`;
    const read = (h: string, who?: { token: string }) =>
      t.app.inject({ method: 'GET', url: url(h), headers: who ? bearer(who) : {} });
    expect((await read(here.household.id, volunteer)).json()).toEqual({ order: null });
    const placed = await t.app.inject({
      method: 'PUT',
      url: `/api/buys/${buy.id}/orders/mine`,
      headers: bearer(here),
      payload: { lines: [{ itemId: buy.items[0]!.id, qty: 2 }], note: '放门口' },
    });
    expect(placed.statusCode).toBe(201);
    for (const who of [volunteer, s.admin]) {
      const res = await read(here.household.id, who);
      expect(res.statusCode).toBe(200);
      expect(res.json().order).toMatchObject({
        id: placed.json().order.id,
        householdLabel: here.household.label,
        note: '放门口',
        lines: [{ itemId: buy.items[0]!.id, qty: 2, allocatedQty: 2, waitlistedQty: 0 }],
      });
    }
    const elsewhere = await read(there.household.id, volunteer);
    expect([elsewhere.statusCode, elsewhere.json().error.code]).toEqual([403, 'not_volunteer_of_building']);
    const neighbour = await read(here.household.id, there);
    expect([neighbour.statusCode, neighbour.json().error.code]).toEqual([403, 'not_volunteer_of_building']);
    expect((await read(here.household.id)).statusCode).toBe(401);
    expect((await read('nope', volunteer)).statusCode).toBe(400);
    const unknown = await read('00000000-0000-4000-8000-000000000000', volunteer);
    expect(unknown.statusCode).toBe(404);
    await t.app.inject({ method: 'DELETE', url: `/api/buys/${buy.id}/orders/mine`, headers: bearer(here) });
    expect((await read(here.household.id, volunteer)).json()).toEqual({ order: null });
  });
});

describe('idempotency', () => {
  it('same key and body returns the first response and changes nothing; a different body is a 422', async () => {
    const s = await createBuyScene(t.container);
    const buy = await createOpenBuy(t.app, s.leader, s.community.id);
    const itemId = buy.items[0]!.id;
    const key = { 'idempotency-key': 'join-1' };
    const first = await put(buy.id, s.residents[0]!, [{ itemId, qty: 2 }], key);
    const again = await put(buy.id, s.residents[0]!, [{ itemId, qty: 2 }], key);
    expect(first.statusCode).toBe(201);
    expect(again.statusCode).toBe(201);
    expect(again.json()).toEqual(first.json());
    const other = await put(buy.id, s.residents[0]!, [{ itemId, qty: 3 }], key);
    expect([other.statusCode, other.json().error.code]).toEqual([422, 'idempotency_key_reused']);
    // The key is scoped to the caller: another household may use the same string.
    expect((await put(buy.id, s.residents[1]!, [{ itemId, qty: 1 }], key)).statusCode).toBe(201);
    const got = (await get(`/api/buys/${buy.id}`, s.leader)).json();
    expect(got.items[0].allocatedQty).toBe(3);
    // A retried DELETE is answered from storage too.
    const del = () =>
      t.app.inject({
        method: 'DELETE',
        url: `/api/buys/${buy.id}/orders/mine`,
        headers: { ...bearer(s.residents[0]!), 'idempotency-key': 'bye' },
      });
    expect((await del()).statusCode).toBe(200);
    expect((await del()).statusCode).toBe(200);
  });
});

describe('bad input is a 4xx, never a 500', () => {
  let s: Awaited<ReturnType<typeof createBuyScene>>;
  let buy: Awaited<ReturnType<typeof createOpenBuy>>;
  beforeAll(async () => {
    s = await createBuyScene(t.container);
    buy = await createOpenBuy(
      t.app,
      s.leader,
      s.community.id,
      buyBody([{ name: '鸡蛋', priceFen: 2500, stock: 10, perHouseholdMax: 3 }]),
    );
  });

  it.each([
    ['malformed JSON', '{"title":', 400],
    ['missing title', { deadline: inAnHour(), items: [] }, 400],
    ['title too long', { ...buyBody(), title: 'x'.repeat(201) }, 400],
    ['negative price', { ...buyBody([{ name: 'x', priceFen: -1 }]) }, 400],
    ['price too high', { ...buyBody([{ name: 'x', priceFen: 100_000_001 }]) }, 400],
    ['fractional price', { ...buyBody([{ name: 'x', priceFen: 1.5 }]) }, 400],
    ['deadline without offset', { ...buyBody(), deadline: '2099-01-01T00:00:00' }, 400],
    ['deadline in the past', { ...buyBody(), deadline: '2001-01-01T00:00:00Z' }, 422],
    ['bad pickup mode', { ...buyBody(), pickupMode: 'drone' }, 400],
    // Dates the format lets through and the database refuses (year 0): were a 500.
    ['delivery date in year 0', { ...buyBody(), deliveryDate: '0000-02-29' }, 400],
    ['delivery date not a date', { ...buyBody(), deliveryDate: '2026-02-30' }, 400],
    ['deadline past 9999 in UTC', { ...buyBody(), deadline: '9999-12-31T23:59:59-14:00' }, 400],
  ])('create: %s', async (_name, payload, status) => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/communities/${s.community.id}/buys`,
      headers: { ...bearer(s.leader), 'content-type': 'application/json' },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toBeTypeOf('string');
  });

  it('create: accepts any ISO offset, Z included', async () => {
    for (const deadline of [
      '2099-01-01T00:00:00Z',
      '2099-01-01T08:00:00+08:00',
      '2099-01-01T00:00:00.123-05:30',
    ]) {
      const res = await post(`/api/communities/${s.community.id}/buys`, s.leader, { ...buyBody(), deadline });
      expect(res.statusCode).toBe(201);
    }
  });

  it('rejects oversized bodies with 413', async () => {
    const res = await post(`/api/communities/${s.community.id}/buys`, s.leader, {
      ...buyBody(),
      description: 'x'.repeat(1_100_000),
    });
    expect([res.statusCode, res.json().error.code]).toEqual([413, 'payload_too_large']);
  });

  it('authorisation: anonymous 401, resident cannot create or manage, stranger is 403', async () => {
    const anon = await t.app.inject({
      method: 'POST',
      url: `/api/communities/${s.community.id}/buys`,
      payload: buyBody(),
    });
    expect(anon.statusCode).toBe(401);
    expect(
      (await post(`/api/communities/${s.community.id}/buys`, s.residents[0]!, buyBody())).json().error.code,
    ).toBe('not_a_leader');
    expect((await post(`/api/buys/${buy.id}/close`, s.residents[0]!)).statusCode).toBe(403);
    expect((await get(`/api/buys/${buy.id}/orders`, s.residents[0]!)).statusCode).toBe(403);
    const stranger = await createTestUser(t.container);
    expect((await get(`/api/buys/${buy.id}`, stranger)).json().error.code).toBe('not_a_member');
    expect((await put(buy.id, stranger, [{ itemId: buy.items[0]!.id, qty: 1 }])).statusCode).toBe(403);
  });

  it('bad ids are 4xx', async () => {
    expect((await get('/api/buys/not-a-uuid', s.leader)).statusCode).toBe(400);
    expect((await get('/api/buys/00000000-0000-4000-8000-000000000000', s.leader)).statusCode).toBe(404);
    expect((await post('/api/communities/nope/buys', s.leader, buyBody())).statusCode).toBe(400);
    expect((await get(`/api/me/orders?communityId=x`, s.leader)).statusCode).toBe(400);
    expect((await get(`/api/me/orders`, s.leader)).statusCode).toBe(400);
    const r = await t.app.inject({
      method: 'PUT',
      url: `/api/buys/${buy.id}/orders/households/00000000-0000-4000-8000-000000000000`,
      headers: bearer(s.admin),
      payload: { lines: [{ itemId: buy.items[0]!.id, qty: 1 }] },
    });
    expect(r.statusCode).toBe(404);
  });

  it("my order in a buy: my household's live one or null; 401, 403, 400 and 404 as the buy's other reads", async () => {
    const mineIn = (buyId: string, who: { token: string }) => get(`/api/buys/${buyId}/orders/mine`, who);
    const [a, b] = [s.residents[1]!, s.residents[0]!];
    expect((await mineIn(buy.id, a)).json()).toEqual({ order: null });
    const placed = (await put(buy.id, a, [{ itemId: buy.items[0]!.id, qty: 2 }])).json().order;
    const mine = await mineIn(buy.id, a);
    expect(mine.statusCode).toBe(200);
    expect(mine.json().order).toEqual(placed);
    expect(mine.json().order).toMatchObject({ householdLabel: a.household.label, amountFen: 5000 });
    // Only mine: a neighbour sees theirs (none), never mine.
    expect((await mineIn(buy.id, b)).json()).toEqual({ order: null });
    // A member without a verified household has none; a leader without a household, none either.
    const pending = await createPendingResident(t.container, s.community.id, s.households.at(-2)!.label);
    expect((await mineIn(buy.id, pending)).json()).toEqual({ order: null });
    expect((await mineIn(buy.id, s.leader)).statusCode).toBe(200);
    // Cancelled: none.
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/buys/${buy.id}/orders/mine`,
      headers: bearer(a),
    });
    expect(del.statusCode).toBe(200);
    expect((await mineIn(buy.id, a)).json()).toEqual({ order: null });

    const anon = await t.app.inject({ method: 'GET', url: `/api/buys/${buy.id}/orders/mine` });
    expect(anon.statusCode).toBe(401);
    const stranger = await createTestUser(t.container);
    expect((await mineIn(buy.id, stranger)).json().error.code).toBe('not_a_member');
    expect((await mineIn('not-a-uuid', a)).statusCode).toBe(400);
    expect((await mineIn('00000000-0000-4000-8000-000000000000', a)).statusCode).toBe(404);
    // A draft is not there for a resident.
    const draft = (await post(`/api/communities/${s.community.id}/buys`, s.leader, buyBody())).json();
    expect((await mineIn(draft.id, a)).statusCode).toBe(404);
  });

  it.each([
    ['qty above the per-household maximum', [{ qty: 4 }], 422, 'qty_above_max'],
    ['qty too large', [{ qty: 10_000 }], 400, 'validation_failed'],
    ['negative qty', [{ qty: -1 }], 400, 'validation_failed'],
    ['fractional qty', [{ qty: 1.5 }], 400, 'validation_failed'],
    ['unknown item', [{ qty: 1, itemId: '00000000-0000-4000-8000-000000000000' }], 422, 'unknown_item'],
    ['item id not a uuid', [{ qty: 1, itemId: 'egg' }], 400, 'validation_failed'],
    ['duplicate item', [{ qty: 1 }, { qty: 1 }], 422, 'duplicate_item'],
    ['nothing ordered', [{ qty: 0 }], 422, 'empty_order'],
  ])('order: %s', async (_name, lines, status, code) => {
    const payload = lines.map((l) => ({ itemId: buy.items[0]!.id, ...l }));
    const res = await put(buy.id, s.residents[2]!, payload);
    expect([res.statusCode, res.json().error.code]).toEqual([status, code]);
  });

  it('order: missing body, unverified household, cancel without an order', async () => {
    const noBody = await t.app.inject({
      method: 'PUT',
      url: `/api/buys/${buy.id}/orders/mine`,
      headers: bearer(s.residents[2]!),
    });
    expect(noBody.statusCode).toBe(400);
    const pending = await createPendingResident(t.container, s.community.id, s.households.at(-1)!.label);
    expect((await put(buy.id, pending, [{ itemId: buy.items[0]!.id, qty: 1 }])).json().error.code).toBe(
      'household_not_verified',
    );
    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/buys/${buy.id}/orders/mine`,
      headers: bearer(s.residents[3]!),
    });
    expect([del.statusCode, del.json().error.code]).toEqual([404, 'order_not_found']);
  });

  it('wrong state: orders on a draft or cancelled buy are 409; cancel needs a reason', async () => {
    const draft = (await post(`/api/communities/${s.community.id}/buys`, s.leader, buyBody())).json();
    const res = await put(draft.id, s.residents[0]!, [{ itemId: draft.items[0].id, qty: 1 }]);
    expect(res.statusCode).toBe(404); // residents do not see drafts
    const adminTry = await t.app.inject({
      method: 'PUT',
      url: `/api/buys/${draft.id}/orders/households/${s.residents[0]!.household.id}`,
      headers: bearer(s.admin),
      payload: { lines: [{ itemId: draft.items[0].id, qty: 1 }] },
    });
    expect([adminTry.statusCode, adminTry.json().error.code]).toEqual([409, 'buy_not_open']);
    expect((await post(`/api/buys/${draft.id}/close`, s.leader)).json().error.code).toBe(
      'illegal_transition',
    );
    expect((await post(`/api/buys/${draft.id}/cancel`, s.leader, {})).statusCode).toBe(400);
    expect(
      (await post(`/api/buys/${draft.id}/cancel`, s.leader, { reason: 'x'.repeat(501) })).statusCode,
    ).toBe(400);
    expect((await get(`/api/communities/${s.community.id}/buys?status=bogus`, s.leader)).statusCode).toBe(
      400,
    );
    const listed = (
      await get(`/api/communities/${s.community.id}/buys?status=draft,open`, s.residents[0]!)
    ).json();
    expect(listed.buys.every((b: { status: string }) => b.status === 'open')).toBe(true);
  });

  it('the routes appear in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/buys/{buyId}/orders/mine', '/api/communities/{communityId}/buys']),
    );
  });
});
