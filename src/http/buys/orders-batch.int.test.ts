import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import {
  buyBody,
  createBuyScene,
  createOpenBuy,
  createSceneWithOpenBuy,
  loadBuyState,
} from '../../../test/support/buys.ts';
import { addRole, createPendingResident, createTestMember } from '../../../test/support/community.ts';
import { bearer, createTestUser } from '../../../test/support/users.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

const put = (url: string, who: { token: string }, lines: object[], headers: object = {}) =>
  t.app.inject({ method: 'PUT', url, headers: { ...bearer(who), ...headers }, payload: { lines } });
const del = (url: string, who: { token: string }) =>
  t.app.inject({ method: 'DELETE', url, headers: bearer(who) });

it('one batch authorises each caller on their own: successes, refusals and retries side by side', async () => {
  const s = await createBuyScene(t.container, { residents: 5 });
  const buy = await createOpenBuy(
    t.app,
    s.leader,
    s.community.id,
    buyBody([{ name: '鸡蛋', priceFen: 2500, stock: 100, perHouseholdMax: 5 }]),
  );
  const itemId = buy.items[0]!.id;
  const mine = `/api/buys/${buy.id}/orders/mine`;
  const [a, b, c, d, e] = s.residents;
  const pending = await createPendingResident(t.container, s.community.id, s.households[5]!.label);
  const stranger = await createTestUser(t.container, 'Stranger');
  const volunteer = await createTestMember(t.container, s.community.id, 'Volunteer');
  await addRole(t.container, volunteer, { volunteerBuildingIds: [c!.household.buildingId] });
  const forHousehold = (id: string) => `/api/buys/${buy.id}/orders/households/${id}`;

  const before = t.container.buysDeps.orderQueue.stats.batches;
  const sent = [
    put(mine, a!, [{ itemId, qty: 1 }]),
    put(mine, b!, [{ itemId, qty: 9 }]), // above the per-household maximum
    put(mine, pending, [{ itemId, qty: 1 }]),
    put(mine, stranger, [{ itemId, qty: 1 }]),
    put(forHousehold(c!.household.id), volunteer, [{ itemId, qty: 2 }]),
    put(forHousehold('00000000-0000-4000-8000-000000000000'), volunteer, [{ itemId, qty: 1 }]),
    put(mine, d!, [{ itemId, qty: 3 }], { 'idempotency-key': 'd-1' }),
    put(mine, d!, [{ itemId, qty: 3 }], { 'idempotency-key': 'd-1' }),
    put(mine, e!, [{ itemId, qty: 1 }], { 'idempotency-key': 'e-1' }),
    put(mine, e!, [{ itemId, qty: 2 }], { 'idempotency-key': 'e-1' }),
  ];
  const r = await Promise.all(sent);
  const codes = r.map((x) => `${x.statusCode} ${x.statusCode >= 400 ? x.json().error.code : ''}`.trim());
  expect(codes).toEqual([
    '201',
    '422 qty_above_max',
    '403 household_not_verified',
    '403 not_a_member',
    '201',
    '404 household_not_found',
    '201',
    '201',
    '201',
    '422 idempotency_key_reused',
  ]);
  // They were written together, not one transaction each.
  expect(t.container.buysDeps.orderQueue.stats.batches - before).toBeLessThan(sent.length);
  expect(r[4]!.json().order.householdLabel).toBe(c!.household.label);
  expect(r[7]!.json().order.id).toBe(r[6]!.json().order.id);
  const { orders } = await loadBuyState(t.container, buy.id);
  expect(orders.map((o) => o.householdId).sort()).toEqual([a!, c!, d!, e!].map((x) => x.household.id).sort());
  expect(orders.find((o) => o.householdId === c!.household.id)?.placedBy).toBe(volunteer.memberId);
});

it('editing an item away deletes its line; leaving and rejoining together keeps one live order', async () => {
  const s = await createBuyScene(t.container, { residents: 2 });
  const buy = await createOpenBuy(
    t.app,
    s.leader,
    s.community.id,
    buyBody([
      { name: '鸡蛋', priceFen: 2500, stock: 10, perHouseholdMax: 5 },
      { name: '牛奶', priceFen: 500, stock: 1, perHouseholdMax: 5 },
    ]),
  );
  const [eggs, milk] = buy.items.map((i) => i.id) as [string, string];
  const mine = `/api/buys/${buy.id}/orders/mine`;
  const [a, b] = s.residents;
  expect(
    (
      await put(mine, a!, [
        { itemId: eggs, qty: 2 },
        { itemId: milk, qty: 2 },
      ])
    ).statusCode,
  ).toBe(201);
  const edited = await put(mine, a!, [{ itemId: eggs, qty: 1 }]);
  expect(edited.statusCode).toBe(200);
  expect(edited.json().order.lines).toEqual([{ itemId: eggs, qty: 1, allocatedQty: 1, waitlistedQty: 0 }]);
  let state = await loadBuyState(t.container, buy.id);
  expect(state.lines).toHaveLength(1);
  expect(state.items.find((i) => i.id === milk)).toMatchObject({ allocatedQty: 0, waitlistedQty: 0 });

  expect((await put(mine, b!, [{ itemId: eggs, qty: 1 }])).statusCode).toBe(201);
  const [left, back] = await Promise.all([del(mine, b!), put(mine, b!, [{ itemId: eggs, qty: 2 }])]);
  expect([left.statusCode, back.statusCode]).toEqual([200, 201]);
  expect(back.json().order.seq).toBeGreaterThan(left.json().order.seq);
  state = await loadBuyState(t.container, buy.id);
  const live = state.orders.filter((o) => o.status !== 'cancelled');
  expect(live.map((o) => o.householdId).sort()).toEqual([a!.household.id, b!.household.id].sort());
  expect(state.items.find((i) => i.id === eggs)).toMatchObject({ allocatedQty: 3, waitlistedQty: 0 });
});

it("one batch changes standing orders read both ways: the callers' own and a household a volunteer writes for", async () => {
  const { s, buy } = await createSceneWithOpenBuy(t, {
    residents: 3,
    items: [
      { name: '鸡蛋', priceFen: 2500, stock: 4, perHouseholdMax: 5 },
      { name: '牛奶', priceFen: 1000, stock: 10, perHouseholdMax: 5 },
    ],
  });
  const [egg, milk] = buy.items.map((i) => i.id);
  const mine = `/api/buys/${buy.id}/orders/mine`;
  const [a, b, c] = s.residents;
  const volunteer = await createTestMember(t.container, s.community.id, 'Volunteer');
  await addRole(t.container, volunteer, { volunteerBuildingIds: [b!.household.buildingId] });
  const forB = `/api/buys/${buy.id}/orders/households/${b!.household.id}`;
  // Standing orders: a holds 3 eggs, b 1 egg and 2 milk; c waits for 2 eggs (stock 4).
  expect((await put(mine, a!, [{ itemId: egg, qty: 3 }])).statusCode).toBe(201);
  expect(
    (
      await put(mine, b!, [
        { itemId: egg, qty: 1 },
        { itemId: milk, qty: 2 },
      ])
    ).statusCode,
  ).toBe(201);
  expect((await put(mine, c!, [{ itemId: egg, qty: 2 }])).json().order.lines[0].waitlistedQty).toBe(2);

  // Together: a lowers to 1 egg (frees 2), the volunteer drops b's milk, c leaves and rejoins with 1.
  const r = await Promise.all([
    put(mine, a!, [{ itemId: egg, qty: 1 }]),
    put(forB, volunteer, [{ itemId: egg, qty: 1 }]),
    del(mine, c!),
    put(mine, c!, [{ itemId: egg, qty: 1 }]),
  ]);
  expect(r.map((x) => x.statusCode)).toEqual([200, 200, 200, 201]);
  const { orders, lines } = await loadBuyState(t.container, buy.id);
  const live = orders.filter((o) => o.status !== 'cancelled');
  const linesOf = (h: { household: { id: string } }) =>
    live
      .filter((o) => o.householdId === h.household.id)
      .map((o) =>
        lines
          .filter((l) => l.orderId === o.id)
          .map((l) => [l.itemId, l.qty, l.allocatedQty, l.waitlistedQty]),
      );
  expect(linesOf(a!)).toEqual([[[egg, 1, 1, 0]]]);
  expect(linesOf(b!)).toEqual([[[egg, 1, 1, 0]]]);
  expect(linesOf(c!)).toEqual([[[egg, 1, 1, 0]]]);
  expect(orders.filter((o) => o.householdId === c!.household.id && o.status === 'cancelled')).toHaveLength(1);
});

it("stores a batch's events with its commit: a crash before they are sent cannot lose them", async () => {
  const s = await createBuyScene(t.container, { residents: 2 });
  const buy = await createOpenBuy(t.app, s.leader, s.community.id);
  const mine = `/api/buys/${buy.id}/orders/mine`;
  // Nothing sends events meanwhile (as when the server is killed between the commit and the send); until the
  // thirty-second session they were stored only as they were sent.
  await t.container.realtime.stop();
  try {
    const r = await Promise.all(
      s.residents.map((who) => put(mine, who, [{ itemId: buy.items[0]!.id, qty: 1 }])),
    );
    expect(r.map((x) => x.statusCode)).toEqual([201, 201]);
  } finally {
    await t.container.realtime.start();
  }
  const stored = await t.container.eventStore.buyEventsAfter(buy.id, 0, 100);
  const labels = stored.flatMap((e) =>
    'listEntry' in e.event && e.event.listEntry ? [e.event.listEntry.householdLabel] : [],
  );
  expect(labels.sort()).toEqual(s.residents.map((r) => r.household.label).sort());
});

it('a cancellation and a restock at once: no 500, and the stock adds up (found by orders.property.int.test.ts)', async () => {
  // On the transaction path on the embedded database, a batch reads the buy before the restock promoted its
  // waiter and the waiting orders after: it had asked for waiters again and again until the want overflowed
  // an integer (a 500). Now it takes every waiter it read as all there is, and its commit finds the buy changed.
  const s = await createBuyScene(t.container, { residents: 3 });
  const items = [{ name: '鸡蛋', priceFen: 2500, stock: 4, perHouseholdMax: 3 }];
  for (let round = 0; round < 5; round++) {
    const buy = await createOpenBuy(t.app, s.leader, s.community.id, buyBody(items));
    const itemId = buy.items[0]!.id;
    const mine = `/api/buys/${buy.id}/orders/mine`;
    for (const [h, qty] of [1, 1, 3].entries()) await put(mine, s.residents[h]!, [{ itemId, qty }]);
    const [cancelled, restocked] = await Promise.all([
      del(`/api/buys/${buy.id}/orders/households/${s.residents[0]!.household.id}`, s.admin),
      t.app.inject({
        method: 'PATCH',
        url: `/api/buys/${buy.id}`,
        headers: bearer(s.leader),
        payload: { items: [{ ...items[0], id: itemId, stock: 5 }] },
      }),
    ]);
    expect([cancelled.statusCode, restocked.statusCode]).toEqual([200, 200]);
    const state = await loadBuyState(t.container, buy.id);
    const live = state.lines.filter((l) =>
      state.orders.some((o) => o.id === l.orderId && o.status !== 'cancelled'),
    );
    // 1 + 3 asked, 5 in stock: everyone holds what they asked.
    expect(live.map((l) => [l.qty, l.allocatedQty, l.waitlistedQty])).toEqual([
      [1, 1, 0],
      [3, 3, 0],
    ]);
    expect(state.items[0]).toMatchObject({ stock: 5, allocatedQty: 4, waitlistedQty: 0 });
  }
});
