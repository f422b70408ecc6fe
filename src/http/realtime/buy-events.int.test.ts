import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { openSseStream, until } from '../../../test/support/sse.ts';
import { createBuyScene, createOpenBuy } from '../../../test/support/buys.ts';
import { createTestUser, bearer } from '../../../test/support/users.ts';
import { householdClaims } from '../../db/schema/community.ts';

let t: TestApp;
let base: string;
let scene: Awaited<ReturnType<typeof createBuyScene>>;
let buy: Awaited<ReturnType<typeof createOpenBuy>>;

beforeAll(async () => {
  t = await createTestApp();
  scene = await createBuyScene(t.container, { residents: 3 });
  buy = await createOpenBuy(t.app, scene.leader, scene.community.id);
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await t.close();
});

const openStream = (token: string, lastEventId?: number) =>
  openSseStream<{ type: string; eventId: number; buyId: string }>(
    `${base}/api/buys/${buy.id}/events`,
    token,
    lastEventId,
  );

const join = (who: { token: string }, qty: number, on: { id: string; items: { id: string }[] } = buy) =>
  t.app.inject({
    method: 'PUT',
    url: `/api/buys/${on.id}/orders/mine`,
    headers: bearer(who),
    payload: { lines: [{ itemId: on.items[0]!.id, qty }] },
  });

/** A new buy whose page saw one neighbour join and then went away: where it left off. */
async function pageThatLeft() {
  const own = await createOpenBuy(t.app, scene.leader, scene.community.id);
  const url = `${base}/api/buys/${own.id}/events`;
  const first = await openSseStream<{ eventId: number; type: string }>(url, scene.leader.token);
  expect((await join(scene.residents[0]!, 1, own)).statusCode).toBe(201);
  // The join's event, not the buy's own (buy.published, stored and sent just after the publish's commit: on a
  // loaded machine it can reach the stream after it opened, and the page would then "leave" before the join).
  await until(() => first.events.some((e) => e.type === 'order.placed'));
  const from = first.events.at(-1)!.eventId;
  first.close();
  return { own, url, from };
}

describe('GET /api/buys/{buyId}/events', () => {
  it('streams order events to every member within a second, and replays what a reconnecting client missed', async () => {
    const [a, b] = scene.residents;
    const streamA = await openStream(a!.token);
    const streamB = await openStream(b!.token);
    expect(streamA.res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    // Each stream asks for its own reconnect delay, 2–6 s (a restart's phones come back spread out).
    await until(() => streamA.retryMs !== null && streamB.retryMs !== null);
    for (const ms of [streamA.retryMs!, streamB.retryMs!])
      expect(ms >= 2000 && ms < 6000, String(ms)).toBe(true);

    expect((await join(a!, 2)).statusCode).toBe(201);
    await until(() => streamA.events.length >= 1 && streamB.events.length >= 1, 1000);
    expect(streamB.events[0]).toMatchObject({ type: 'order.placed', buyId: buy.id });
    const firstId = streamB.events[0]!.eventId;
    streamB.close();

    expect((await join(a!, 3)).statusCode).toBe(200);
    await until(() => streamA.events.some((e) => e.type === 'order.updated'));

    const resumed = await openStream(b!.token, firstId);
    await until(() => resumed.named.length > 0);
    expect(resumed.events.map((e) => e.type)).toEqual(['order.updated']);
    expect(resumed.events.every((e) => e.eventId > firstId)).toBe(true);
    // Then a named event (no `message` listener sees it) says the replay was everything it missed.
    expect(resumed.named).toEqual([
      { event: 'replayed', data: { type: 'replayed', complete: true, upTo: resumed.events[0]!.eventId } },
    ]);
    // A stream opened without Last-Event-ID replays nothing, and says nothing of it.
    expect(streamA.named).toEqual([]);
    streamA.close();
    resumed.close();
  });

  it('replays to pages that come back together from one read of what they missed', async () => {
    const { own, url, from } = await pageThatLeft();
    // Away meanwhile: two more joins.
    for (const r of scene.residents.slice(1)) expect((await join(r, 2, own)).statusCode).toBe(201);
    await t.container.realtime.flush();

    const parts = t.container.replays.size;
    const pages = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        openSseStream<Record<string, unknown>>(url, scene.residents[i % 3]!.token, from),
      ),
    );
    await until(() => pages.every((p) => p.named.length > 0));
    for (const p of pages) p.close();
    const labels = (p: (typeof pages)[number]) =>
      p.events.flatMap((e) =>
        e.type === 'orders.changed'
          ? (e.entries as { householdLabel: string }[]).map((x) => x.householdLabel)
          : [(e.listEntry as { householdLabel: string }).householdLabel],
      );
    const wanted = scene.residents.slice(1).map((r) => r.household.label);
    for (const p of pages) {
      expect(labels(p).sort()).toEqual([...wanted].sort());
      expect(p.named[0]).toMatchObject({ data: { complete: true } });
    }
    // One part read for all twenty (realtime/replays.ts), not one per page.
    expect(t.container.replays.size - parts).toBe(1);
  });

  it('does not send a returning page again, live, what its replay already gave it', async () => {
    const { own, url, from } = await pageThatLeft();
    // An order batch's events are stored by its commit and sent a moment later (up to 250 ms with many pages
    // open): a page that comes back in between is replayed them, then they are sent live.
    const late = await t.container.eventStore.append(
      [
        {
          type: 'order.placed',
          communityId: scene.community.id,
          buyId: own.id,
          orderId: 'late',
          at: new Date().toISOString(),
        },
      ],
      null,
    );
    const page = await openSseStream<{ eventId: number; orderId?: string }>(url, scene.leader.token, from);
    await until(() => page.named.length > 0);
    t.container.realtime.dispatchAll(late);
    expect((await join(scene.residents[1]!, 1, own)).statusCode).toBe(201);
    await until(() => page.events.length >= 2);
    await new Promise((r) => setTimeout(r, 100));
    page.close();
    const ids = page.events.map((e) => e.eventId);
    expect(ids[0]).toBe(late[0]!.id);
    expect(ids).toHaveLength(2);
    expect(ids[1]).toBeGreaterThan(ids[0]!);
  });

  it("carries each order's 接龙 line by household label only, and the buy's counters, as the API shows them", async () => {
    const own = await createOpenBuy(t.app, scene.leader, scene.community.id);
    const joiner = scene.residents[2]!;
    const stream = await openSseStream<Record<string, unknown>>(
      `${base}/api/buys/${own.id}/events`,
      scene.residents[0]!.token,
    );
    const url = `/api/buys/${own.id}/orders/mine`;
    const put = await t.app.inject({
      method: 'PUT',
      url,
      headers: bearer(joiner),
      payload: { lines: [{ itemId: own.items[0]!.id, qty: 2 }] },
    });
    expect(put.statusCode).toBe(201);
    const list = await t.app.inject({
      url: `/api/buys/${own.id}/list`,
      headers: bearer(scene.residents[0]!),
    });
    const [listed] = list.json().entries;
    const shown = (
      await t.app.inject({ url: `/api/buys/${own.id}`, headers: bearer(scene.residents[0]!) })
    ).json();
    expect((await t.app.inject({ method: 'DELETE', url, headers: bearer(joiner) })).statusCode).toBe(200);
    await until(() => stream.events.some((e) => e.type === 'order.cancelled'));
    stream.close();

    const placed = stream.events.find((e) => e.type === 'order.placed')!;
    expect(placed.listEntry).toEqual(listed);
    expect(listed).toMatchObject({
      householdLabel: joiner.household.label,
      status: 'active',
      items: [{ name: '鸡蛋', qty: 2 }],
    });
    // …and the buy's counters as GET /api/buys/{id} shows them after that batch.
    expect(placed.counters).toEqual({
      version: shown.version,
      liveOrders: shown.totals.orders,
      amountFen: shown.totals.amountFen,
      items: [{ id: own.items[0]!.id, allocatedQty: 2, waitlistedQty: 0 }],
    });
    expect(shown.totals.orders).toBe(1);
    const cancelled = stream.events.find((e) => e.type === 'order.cancelled')!;
    expect(cancelled.listEntry).toMatchObject({ seq: listed.seq, status: 'cancelled' });
    expect(cancelled.counters).toEqual({
      version: shown.version + 1,
      liveOrders: 0,
      amountFen: 0,
      items: [{ id: own.items[0]!.id, allocatedQty: 0, waitlistedQty: 0 }],
    });
    // Privacy: the frames name the household by its label only.
    expect(JSON.stringify(stream.events)).not.toContain('householdId');
    expect(JSON.stringify(stream.events)).not.toContain(joiner.household.id);
  });

  it("gives a page every household's line whether the joins come one by one or in one batch", async () => {
    const own = await createOpenBuy(t.app, scene.leader, scene.community.id);
    const stream = await openSseStream<Record<string, unknown>>(
      `${base}/api/buys/${own.id}/events`,
      scene.leader.token,
    );
    // Sent together: the group commit puts them into one or two batches, whose events may come as one
    // `orders.changed` frame (src/realtime/buy-frames.ts).
    const joined = await Promise.all(
      scene.residents.map((r) =>
        t.app.inject({
          method: 'PUT',
          url: `/api/buys/${own.id}/orders/mine`,
          headers: bearer(r),
          payload: { lines: [{ itemId: own.items[0]!.id, qty: 1 }] },
        }),
      ),
    );
    expect(joined.map((r) => r.statusCode)).toEqual(scene.residents.map(() => 201));
    const labelsOf = (events: Record<string, unknown>[]) =>
      events.flatMap((e) =>
        e.type === 'orders.changed'
          ? (e.entries as { householdLabel: string }[]).map((x) => x.householdLabel)
          : e.listEntry
            ? [(e.listEntry as { householdLabel: string }).householdLabel]
            : [],
      );
    const everyLabel = scene.residents.map((r) => r.household.label).sort();
    await until(() => labelsOf(stream.events).length >= scene.residents.length);
    stream.close();
    expect(labelsOf(stream.events).sort()).toEqual(everyLabel);
    const ids = stream.events.map((e) => e.eventId as number);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));

    // A page that reconnects from before them all is replayed the same lines, the order events in one frame
    // (as a rush's batches go live: a fifth of the bytes of one frame per event), under the last one's id.
    const replayed = await openSseStream<Record<string, unknown>>(
      `${base}/api/buys/${own.id}/events`,
      scene.leader.token,
      0,
    );
    await until(() => labelsOf(replayed.events).length >= scene.residents.length);
    replayed.close();
    expect(labelsOf(replayed.events).sort()).toEqual(everyLabel);
    const batch = replayed.events.find((e) => e.type === 'orders.changed');
    expect(batch?.entries).toHaveLength(scene.residents.length);
    expect(batch?.eventId).toBe(Math.max(...ids));
  });

  it('answers viewers that arrive together from one shared lookup, each on its own merits', async () => {
    const outsider = await createTestUser(t.container, 'Outsider (batched)');
    const member = scene.residents[0]!;
    const missing = crypto.randomUUID();
    const answers = await Promise.all([
      t.container.realtimeRepo.buyViewer(buy.id, member.userId),
      t.container.realtimeRepo.buyViewer(buy.id, outsider.userId),
      t.container.realtimeRepo.buyViewer(missing, member.userId),
      t.container.realtimeRepo.buyViewer(buy.id, member.userId),
    ]);
    const communityId = scene.community.id;
    // householdId: the member's verified household (frames about one household reach it only).
    const householdId = member.household.id;
    expect(answers).toEqual([
      { buyExists: true, isMember: true, communityId, householdId },
      { buyExists: true, isMember: false, communityId, householdId: null },
      { buyExists: false, isMember: false, communityId: null, householdId: null },
      { buyExists: true, isMember: true, communityId, householdId },
    ]);
  });

  it('refuses outsiders, anonymous callers, bad and unknown ids with the error shape', async () => {
    const outsider = await createTestUser(t.container, 'Outsider');
    const cases: [string, Record<string, string>, number, string][] = [
      [`/api/buys/${buy.id}/events`, {}, 401, 'unauthenticated'],
      [`/api/buys/${buy.id}/events`, bearer(outsider), 403, 'not_a_member'],
      [`/api/buys/not-a-uuid/events`, bearer(scene.residents[0]!), 400, 'validation_failed'],
      [`/api/buys/${crypto.randomUUID()}/events`, bearer(scene.residents[0]!), 404, 'buy_not_found'],
      [`/api/buys/${buy.id}/events?lastEventId=-3`, bearer(scene.residents[0]!), 400, 'validation_failed'],
    ];
    for (const [url, headers, status, code] of cases) {
      const res = await t.app.inject({ url, headers });
      expect(res.statusCode, url).toBe(status);
      expect(res.json().error.code).toBe(code);
    }
  });
});

describe('deleting a household that has orders', () => {
  it('is refused with 409 and loses no order, even once nobody claims the household any more', async () => {
    const c = scene.residents[2]!;
    expect((await join(c, 1)).statusCode).toBe(201);
    await t.container.db.delete(householdClaims).where(eq(householdClaims.householdId, c.household.id));
    const res = await t.app.inject({
      method: 'DELETE',
      url: `/api/households/${c.household.id}`,
      headers: bearer(scene.admin),
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('household_in_use');
    const orders = await t.app.inject({ url: `/api/buys/${buy.id}/orders`, headers: bearer(scene.leader) });
    expect(orders.json().orders.some((o: { householdId: string }) => o.householdId === c.household.id)).toBe(
      true,
    );
  });
});
