import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { createSceneWithOpenBuy } from '../../../test/support/buys.ts';
import { bearer } from '../../../test/support/users.ts';
import { placeInList } from '../../core/buys/list-place.ts';

/**
 * A waiting household's place in the queue (`waitingAhead` on its order's waiting lines): what its join's
 * answer says, and what its own read says after others changed the queue ahead of it. Run on both order paths
 * (.ci/run's ORDER_TESTS): the batch counts what waited before an edited order from the book or the rows.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

interface Line {
  itemId: string;
  qty: number;
  allocatedQty: number;
  waitlistedQty: number;
  waitingAhead?: number;
}
type Who = { token: string };

it('says how much waits ahead of each waiting line, and follows edits, cancellations and restocks ahead', async () => {
  const { s, buy } = await createSceneWithOpenBuy(t, {
    residents: 6,
    items: [
      { name: '鸡蛋', priceFen: 2500, stock: 2, perHouseholdMax: 3 },
      { name: '大米', priceFen: 6000, stock: 1, perHouseholdMax: 3 },
    ],
  });
  const [egg, rice] = buy.items.map((i: { id: string }) => i.id) as [string, string];
  const mine = `/api/buys/${buy.id}/orders/mine`;
  const [a, b, c, d, e] = s.residents as unknown as [Who, Who, Who, Who, Who];
  const put = async (who: Who, lines: { itemId: string; qty: number }[]) => {
    const r = await t.app.inject({ method: 'PUT', url: mine, headers: bearer(who), payload: { lines } });
    expect(r.statusCode, r.body).toBeLessThan(300);
    return r.json().order.lines as Line[];
  };
  const read = async (who: Who) => {
    const r = await t.app.inject({ method: 'GET', url: mine, headers: bearer(who) });
    expect(r.statusCode, r.body).toBe(200);
    return r.json().order.lines as Line[];
  };
  /** Item id → what waits ahead of its line (lines that do not wait: '-'). */
  const place = (lines: Line[]) =>
    Object.fromEntries(
      lines.map((l) => [l.itemId === egg ? 'egg' : 'rice', l.waitlistedQty > 0 ? l.waitingAhead : '-']),
    );

  // A takes both eggs; B waits for 3 with nobody ahead, C for 1 behind B's 3, D for 2 behind 4.
  expect(place(await put(a, [{ itemId: egg, qty: 2 }]))).toEqual({ egg: '-' });
  expect(place(await put(b, [{ itemId: egg, qty: 3 }]))).toEqual({ egg: 0 });
  expect(place(await put(c, [{ itemId: egg, qty: 1 }]))).toEqual({ egg: 3 });
  expect(place(await put(d, [{ itemId: egg, qty: 2 }]))).toEqual({ egg: 4 });
  // A line of each kind: E's rice is allocated (no place), its eggs wait behind 6.
  expect(
    place(
      await put(e, [
        { itemId: egg, qty: 1 },
        { itemId: rice, qty: 1 },
      ]),
    ),
  ).toEqual({ egg: 6, rice: '-' });

  // B asks for less: those behind move up. C then asks for more: an edit keeps its place (the batch counts
  // what waited before it in storage).
  expect(place(await put(b, [{ itemId: egg, qty: 1 }]))).toEqual({ egg: 0 });
  expect(place(await read(c))).toEqual({ egg: 1 });
  expect(place(await put(c, [{ itemId: egg, qty: 3 }]))).toEqual({ egg: 1 });
  expect(place(await read(d))).toEqual({ egg: 4 });

  // A cancels: its two eggs go to B (1) and C (1, two still waiting, now first in line).
  const cancelled = await t.app.inject({ method: 'DELETE', url: mine, headers: bearer(a) });
  expect(cancelled.statusCode, cancelled.body).toBe(200);
  expect(place(await read(b))).toEqual({ egg: '-' });
  expect(place(await read(c))).toEqual({ egg: 0 });
  expect(place(await read(d))).toEqual({ egg: 2 });
  expect(place(await read(e))).toEqual({ egg: 4, rice: '-' });
  // Its events: A's line leaves the list, and each promotion carries its household's new line and the buy's
  // counters (an open page patches its list and counts its place from it, and fetches nothing): C's line says
  // that 2 of its 3 eggs still wait, so the list alone tells D that 2 wait ahead of it.
  const events = (await t.container.eventStore.buyEventsAfter(buy.id, 0, 1_000)).map((x) => x.event);
  const lineOf = (x: (typeof events)[number]) =>
    'listEntry' in x && x.listEntry
      ? [x.listEntry.householdLabel, x.listEntry.status, x.listEntry.items]
      : null;
  const label = (n: number) => s.residents[n]!.household.label;
  const cancelEvent = events.findLast((x) => x.type === 'order.cancelled')!;
  expect(lineOf(cancelEvent)).toEqual([label(0), 'cancelled', [{ name: '鸡蛋', qty: 2 }]]);
  const promotions = events.filter((x) => x.type === 'order.promoted');
  expect(promotions.map(lineOf)).toEqual([
    [label(1), 'active', [{ name: '鸡蛋', qty: 1 }]],
    [label(2), 'active', [{ name: '鸡蛋', qty: 3, waitlistedQty: 2 }]],
  ]);
  for (const x of promotions)
    expect('counters' in x && x.counters).toEqual('counters' in cancelEvent && cancelEvent.counters);
  const list = await t.app.inject({ method: 'GET', url: `/api/buys/${buy.id}/list`, headers: bearer(d) });
  const dOrder = (await t.app.inject({ method: 'GET', url: mine, headers: bearer(d) })).json().order;
  expect(placeInList(list.json().entries, dOrder, buy.items as { id: string; name: string }[])).toEqual(
    new Map([[egg, 2]]),
  );

  // The leader adds three eggs: C's two and one of D's are promoted.
  const restock = await t.app.inject({
    method: 'PATCH',
    url: `/api/buys/${buy.id}`,
    headers: bearer(s.leader),
    payload: { items: buy.items.map((i: object, n: number) => ({ ...i, stock: n === 0 ? 5 : 1 })) },
  });
  expect(restock.statusCode, restock.body).toBe(200);
  expect(place(await read(c))).toEqual({ egg: '-' });
  expect(place(await read(d))).toEqual({ egg: 0 });
  expect(place(await read(e))).toEqual({ egg: 1, rice: '-' });
  // Its events: no item renamed, so the list stays but for the promoted households' lines, which their
  // promotions carry (a page fetches the buy and its order, not the list); the list then tells E its place.
  const restockEvents = (await t.container.eventStore.buyEventsAfter(buy.id, 0, 1_000))
    .map((x) => x.event)
    .slice(events.length);
  const itemsChanged = restockEvents.find((x) => x.type === 'buy.items_changed');
  expect(itemsChanged && 'keepsList' in itemsChanged && itemsChanged.keepsList).toBe(true);
  expect(restockEvents.filter((x) => x.type === 'order.promoted').map(lineOf)).toEqual([
    [label(2), 'active', [{ name: '鸡蛋', qty: 3 }]],
    [label(3), 'active', [{ name: '鸡蛋', qty: 2, waitlistedQty: 1 }]],
  ]);
  const afterRestock = await t.app.inject({
    method: 'GET',
    url: `/api/buys/${buy.id}/list`,
    headers: bearer(e),
  });
  for (const x of restockEvents.filter((x) => x.type === 'order.promoted')) {
    const line = 'listEntry' in x ? x.listEntry : undefined;
    expect(
      afterRestock
        .json()
        .entries.find((l: { householdLabel: string }) => l.householdLabel === line?.householdLabel),
    ).toMatchObject({ seq: line!.seq, status: line!.status, items: line!.items });
  }
  const eOrder = (await t.app.inject({ method: 'GET', url: mine, headers: bearer(e) })).json().order;
  expect(
    placeInList(afterRestock.json().entries, eOrder, buy.items as { id: string; name: string }[]),
  ).toEqual(new Map([[egg, 1]]));

  // A rename changes every line that names the item: pages fetch the list again.
  const renamed = await t.app.inject({
    method: 'PATCH',
    url: `/api/buys/${buy.id}`,
    headers: bearer(s.leader),
    payload: {
      items: buy.items.map((i: object, n: number) => ({
        ...i,
        stock: n === 0 ? 5 : 1,
        name: n === 0 ? '土鸡蛋' : '大米',
      })),
    },
  });
  expect(renamed.statusCode, renamed.body).toBe(200);
  const renameEvent = (await t.container.eventStore.buyEventsAfter(buy.id, 0, 1_000))
    .map((x) => x.event)
    .findLast((x) => x.type === 'buy.items_changed');
  expect(renameEvent && 'keepsList' in renameEvent && renameEvent.keepsList).toBe(false);

  // Once the list has closed nothing is promoted any more: E's egg still waits, and shows no place.
  const closed = await t.app.inject({
    method: 'POST',
    url: `/api/buys/${buy.id}/close`,
    headers: bearer(s.leader),
  });
  expect(closed.json().status, closed.body).toBe('closed');
  const eggOfE = (await read(e)).find((l) => l.itemId === egg)!;
  expect(eggOfE.waitlistedQty).toBe(1);
  expect(eggOfE).not.toHaveProperty('waitingAhead');
});

it('gives each join of one batch its place as the batch leaves the queue', async () => {
  const { s, buy } = await createSceneWithOpenBuy(t, {
    residents: 8,
    items: [{ name: '鸡蛋', priceFen: 2500, stock: 1, perHouseholdMax: 3 }],
  });
  const itemId = buy.items[0]!.id as string;
  const mine = `/api/buys/${buy.id}/orders/mine`;
  // Sent together: one batch (or a few), new orders in an order the queue decides.
  const answers = await Promise.all(
    s.residents.map((r, n) =>
      t.app.inject({
        method: 'PUT',
        url: mine,
        headers: bearer(r),
        payload: { lines: [{ itemId, qty: 1 + (n % 3) }] },
      }),
    ),
  );
  for (const r of answers) expect(r.statusCode, r.body).toBe(201);
  const orders = answers.map((r) => r.json().order as { seq: number; lines: Line[] });
  // Nothing changed after them but joins behind them: each answer's place is still exact, and what its
  // household reads.
  for (const [n, o] of orders.entries()) {
    const line = o.lines[0]!;
    const ahead = orders.filter((p) => p.seq < o.seq).reduce((sum, p) => sum + p.lines[0]!.waitlistedQty, 0);
    expect(line.waitingAhead, `seq ${o.seq}`).toBe(line.waitlistedQty > 0 ? ahead : undefined);
    const read = await t.app.inject({ method: 'GET', url: mine, headers: bearer(s.residents[n]!) });
    expect(read.json().order.lines[0].waitingAhead, `seq ${o.seq} read`).toBe(line.waitingAhead);
  }
  // The first in the list took the one egg; every other order waits.
  const first = Math.min(...orders.map((o) => o.seq));
  for (const o of orders) expect(o.lines[0]!.allocatedQty, `seq ${o.seq}`).toBe(o.seq === first ? 1 : 0);
});

it('shows a place on my orders while the buy is open, and none on the leader’s list', async () => {
  const { s, buy } = await createSceneWithOpenBuy(t, {
    residents: 2,
    items: [{ name: '鸡蛋', priceFen: 2500, stock: 0, perHouseholdMax: 3 }],
  });
  const itemId = buy.items[0]!.id as string;
  const [one, two] = s.residents as unknown as [Who, Who];
  const send = async (who: Who, method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, payload?: object) => {
    const r = await t.app.inject({ method, url, headers: bearer(who), ...(payload ? { payload } : {}) });
    expect(r.statusCode, r.body).toBeLessThan(300);
    return r.json();
  };
  const mine = `/api/buys/${buy.id}/orders/mine`;
  const join = (who: Who, qty: number) => send(who, 'PUT', mine, { lines: [{ itemId, qty }] });
  const myOrders = async () =>
    (await send(two, 'GET', `/api/me/orders?communityId=${s.community.id}`)).orders.filter(
      (o: { buyId: string }) => o.buyId === buy.id,
    );

  expect((await join(one, 2)).order.lines[0]).toMatchObject({ waitlistedQty: 2, waitingAhead: 0 });
  const listed = await send(s.leader, 'GET', `/api/buys/${buy.id}/orders`);
  expect(listed.orders[0].lines[0]).not.toHaveProperty('waitingAhead');
  expect((await join(two, 1)).order.lines[0]).toMatchObject({ waitlistedQty: 1, waitingAhead: 2 });
  // From the book (the journal path) or the rows (the transaction path, and once the book is behind).
  expect((await myOrders())[0].lines[0]).toMatchObject({ waitlistedQty: 1, waitingAhead: 2 });
  await send(one, 'DELETE', mine);
  expect((await myOrders())[0].lines[0]).toMatchObject({ waitlistedQty: 1, waitingAhead: 0 });
  await send(s.leader, 'POST', `/api/buys/${buy.id}/close`);
  expect((await myOrders())[0].lines[0]).not.toHaveProperty('waitingAhead');
});
