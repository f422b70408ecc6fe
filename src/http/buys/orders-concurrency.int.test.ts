import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { createOneItemBuy, loadBuyState } from '../../../test/support/buys.ts';
import { bearer } from '../../../test/support/users.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

it('hundreds of concurrent joins, edits, cancels and retries on one item never oversell', async () => {
  const { s, buy, itemId } = await createOneItemBuy(t, 40, { stock: 25, perHouseholdMax: 5 });
  let rnd = 42;
  const rand = (n: number) => ((rnd = (rnd * 1103515245 + 12345) % 2 ** 31), rnd % n);
  const requests = Array.from({ length: 300 }, (_, i) => {
    const who = s.residents[rand(s.residents.length)]!;
    const cancel = rand(5) === 0;
    const qty = 1 + rand(5);
    // Every third request is sent twice with the same key: the retry must change nothing.
    const key = i % 3 === 0 ? { 'idempotency-key': `k${i}` } : {};
    const send = () =>
      cancel
        ? t.app.inject({
            method: 'DELETE',
            url: `/api/buys/${buy.id}/orders/mine`,
            headers: { ...bearer(who), ...key },
          })
        : t.app.inject({
            method: 'PUT',
            url: `/api/buys/${buy.id}/orders/mine`,
            headers: { ...bearer(who), ...key },
            payload: { lines: [{ itemId, qty }] },
          });
    return i % 3 === 0 ? [send(), send()] : [send()];
  }).flat();
  const responses = await Promise.all(requests);
  for (const r of responses) expect([200, 201, 404]).toContain(r.statusCode); // 404: cancel without an order

  const { items, orders, lines } = await loadBuyState(t.container, buy.id);
  const live = orders.filter((o) => o.status !== 'cancelled');
  const liveLines = lines.filter((l) => live.some((o) => o.id === l.orderId));
  const allocated = liveLines.reduce((n, l) => n + l.allocatedQty, 0);
  const waiting = liveLines.reduce((n, l) => n + l.waitlistedQty, 0);
  expect(allocated).toBeLessThanOrEqual(25);
  expect(items[0]).toMatchObject({ allocatedQty: allocated, waitlistedQty: waiting });
  for (const l of lines) expect(l.allocatedQty + l.waitlistedQty).toBe(l.qty);
  if (waiting > 0) expect(allocated).toBe(25);
  // One live order per household, seqs unique and dense from 1.
  expect(new Set(live.map((o) => o.householdId)).size).toBe(live.length);
  expect(orders.map((o) => o.seq)).toEqual(orders.map((_, i) => i + 1));
  // Totals kept by counters match the rows.
  const got = (
    await t.app.inject({ method: 'GET', url: `/api/buys/${buy.id}`, headers: bearer(s.leader) })
  ).json();
  expect(got.totals.orders).toBe(live.length);
  expect(got.totals.amountFen).toBe(live.reduce((n, o) => n + o.amountFen, 0));
  for (const o of live) {
    const own = liveLines.filter((l) => l.orderId === o.id);
    expect(o.amountFen).toBe(own.reduce((n, l) => n + l.allocatedQty * 2500, 0));
  }
  // Writes were coalesced: fewer transactions than requests.
  expect(t.container.buysDeps.orderQueue.stats.batches).toBeLessThan(responses.length);
});

it('joins only (no edits): nobody holds stock while an earlier seq waits', async () => {
  const { s, buy, itemId } = await createOneItemBuy(t, 60, { stock: 30, perHouseholdMax: 3 });
  await Promise.all(
    s.residents.map((r, i) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/buys/${buy.id}/orders/mine`,
        headers: bearer(r),
        payload: { lines: [{ itemId, qty: 1 + (i % 3) }] },
      }),
    ),
  );
  // Every third resident leaves: waiters are promoted in seq order.
  await Promise.all(
    s.residents
      .filter((_, i) => i % 3 === 0)
      .map((r) =>
        t.app.inject({ method: 'DELETE', url: `/api/buys/${buy.id}/orders/mine`, headers: bearer(r) }),
      ),
  );
  const { orders, lines } = await loadBuyState(t.container, buy.id);
  const live = orders.filter((o) => o.status !== 'cancelled');
  let left = 30;
  for (const o of live) {
    const line = lines.find((l) => l.orderId === o.id)!;
    const want = Math.min(line.qty, left);
    left -= want;
    expect(line.allocatedQty, `seq ${o.seq}`).toBe(want);
  }
});
