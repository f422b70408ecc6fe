/**
 * Two `linli serve` processes on one PostgreSQL database behave as one (issue #7, scale-out): a join on A
 * reaches an SSE client of B within a second, and so does a member's marking read to their bell, the deadline job closes a buy once although both run it, and
 * the rush invariants hold when the joins are split across the two. PostgreSQL only: the embedded database
 * belongs to one process.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSseStream, until } from './support/sse.ts';
import { linesOf } from './support/order-replay.ts';
import {
  allOrders,
  buyItem,
  call,
  dbTier,
  freshData,
  openBuy,
  rushInvariants,
  seedHouseholds,
  spawnServe,
  type DataLocation,
  type OrderView,
  type SeedFile,
  type ServeProcess,
} from './support/linli-process.ts';

const HOUSEHOLDS = 300;

describe.skipIf(dbTier() !== 'postgres')('two instances on one PostgreSQL', () => {
  let data: DataLocation;
  let seed: SeedFile;
  let a: ServeProcess;
  let b: ServeProcess;

  beforeAll(async () => {
    data = await freshData();
    seed = await seedHouseholds(data, HOUSEHOLDS);
    [a, b] = await Promise.all([spawnServe(data), spawnServe(data)]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await data?.cleanup();
  });

  it('a join on instance A reaches an SSE client of instance B within a second', async () => {
    const { buyId, itemId } = await openBuy(a.url, seed, { stock: 10, perHouseholdMax: 3 });
    const onB = await openSseStream<{ type: string; orderId?: string }>(
      `${b.url}/api/buys/${buyId}/events`,
      seed.households[0]!.token,
    );
    try {
      expect(onB.res.status).toBe(200);
      await new Promise((r) => setTimeout(r, 200)); // B's stream is subscribed
      const joined = await call<{ order: OrderView }>(
        `${a.url}/api/buys/${buyId}/orders/mine`,
        seed.households[1]!.token,
        'PUT',
        { lines: [{ itemId, qty: 2 }] },
      );
      expect(joined.status).toBe(201);
      // From A's answer (the join is committed) to B's client: under a second.
      const committed = performance.now();
      await until(() => onB.events.some((e) => e.type === 'order.placed'), 1000);
      expect(performance.now() - committed).toBeLessThan(1000);
      expect(onB.events.find((e) => e.type === 'order.placed')?.orderId).toBe(joined.body.order.id);
    } finally {
      onB.close();
    }
  });

  it("a leader's change on instance A reaches a client of each instance once (stored with its commit)", async () => {
    const { buyId } = await openBuy(a.url, seed, { stock: 10, perHouseholdMax: 3 });
    const streams = await Promise.all(
      [a, b].map((s) =>
        openSseStream<{ type: string }>(`${s.url}/api/buys/${buyId}/events`, seed.households[0]!.token),
      ),
    );
    try {
      await new Promise((r) => setTimeout(r, 200)); // both streams are subscribed
      const edited = await call(`${a.url}/api/buys/${buyId}`, seed.leader.token, 'PATCH', {
        description: '北门自提',
      });
      expect(edited.status).toBe(200);
      const updated = (s: (typeof streams)[number]) =>
        s.events.filter((e) => e.type === 'buy.updated').length;
      await until(() => streams.every((s) => updated(s) > 0), 1000);
      await new Promise((r) => setTimeout(r, 300)); // a second copy would have come by now
      expect(streams.map(updated)).toEqual([1, 1]);
    } finally {
      for (const s of streams) s.close();
    }
  });

  it("marking notifications read on instance A tells the same member's other phone on instance B", async () => {
    await openBuy(a.url, seed, { stock: 10, perHouseholdMax: 3 }); // a notice for every household
    const me = seed.households[2]!;
    const bells = `/api/communities/${seed.communityId}/notifications`;
    const onB = await openSseStream<{ type: string }>(`${b.url}${bells}/events`, me.token);
    try {
      expect(onB.res.status).toBe(200);
      await until(() => onB.named.some((e) => e.event === 'unread'), 5000);
      // The buy's notice is stored (the notifier writes it a moment after the publish).
      for (let tries = 0; ; tries++) {
        const feed = await call<{ unreadCount: number }>(`${a.url}${bells}?limit=1`, me.token);
        if (feed.body.unreadCount > 0) break;
        expect(tries, 'the buy opened left no notice').toBeLessThan(100);
        await new Promise((r) => setTimeout(r, 50));
      }
      const read = await call<{ unreadCount: number }>(`${a.url}${bells}/read`, me.token, 'POST', {});
      expect(read.status).toBe(200);
      expect(read.body.unreadCount).toBe(0);
      await until(() => onB.named.some((e) => e.event === 'read'), 1000);
    } finally {
      onB.close();
    }
  });

  it('the deadline job of both instances closes a buy once', async () => {
    const { buyId, itemId } = await openBuy(
      a.url,
      seed,
      { stock: 5, perHouseholdMax: 3 },
      new Date(Date.now() + 6000), // time to create, publish and join first, even on a loaded machine
    );
    const placed = await call(`${b.url}/api/buys/${buyId}/orders/mine`, seed.households[2]!.token, 'PUT', {
      lines: [{ itemId, qty: 1 }],
    });
    expect(placed.status).toBe(201);
    // Both jobs tick every 2 s; give each several passes after the deadline.
    const status = async () =>
      (await call<{ status: string }>(`${a.url}/api/buys/${buyId}`, seed.leader.token)).body.status;
    const end = Date.now() + 30_000;
    while ((await status()) !== 'closed' && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
    expect(await status()).toBe('closed');
    await new Promise((r) => setTimeout(r, 4500));
    const client = new pg.Client({ connectionString: data.url });
    await client.connect();
    try {
      const { rows } = await client.query<{ type: string; n: number }>(
        // A page's events: `data->'e'` since pages are packed (db/repos/event-pages.ts), `data` before.
        `SELECT e->>'type' AS type, count(*)::int AS n FROM domain_events,
            json_array_elements(CASE json_typeof(data) WHEN 'array' THEN data ELSE data->'e' END) AS e
          WHERE buy_id = $1 AND e->>'type' LIKE 'buy.%' GROUP BY 1`,
        [buyId],
      );
      expect(Object.fromEntries(rows.map((r) => [r.type, r.n]))).toMatchObject({ 'buy.closed': 1 });
      expect(rows.find((r) => r.type === 'buy.failed')).toBeUndefined();
    } finally {
      await client.end();
    }
    // Too late on either instance.
    const late = await call(`${b.url}/api/buys/${buyId}/orders/mine`, seed.households[3]!.token, 'PUT', {
      lines: [{ itemId, qty: 1 }],
    });
    expect(late.status).toBe(409);
  }, 60_000);

  it('the rush invariants hold with the joins split across the two instances', async () => {
    const { buyId, itemId } = await openBuy(a.url, seed, { stock: 200, perHouseholdMax: 3 });
    const acked = new Map<number, OrderView>();
    let next = 10;
    const worker = async (w: number) => {
      while (next < HOUSEHOLDS) {
        const i = next++;
        // Even workers go to A, odd ones to B; retries of a key go to the other instance.
        const url = w % 2 ? b.url : a.url;
        const r = await call<{ order: OrderView }>(
          `${url}/api/buys/${buyId}/orders/mine`,
          seed.households[i]!.token,
          'PUT',
          { lines: [{ itemId, qty: 1 + (i % 3) }] },
          { 'idempotency-key': `split-${i}` },
        );
        expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
        acked.set(i, r.body.order);
        if (i % 10 === 0) {
          const retry = await call<{ order: OrderView }>(
            `${w % 2 ? a.url : b.url}/api/buys/${buyId}/orders/mine`,
            seed.households[i]!.token,
            'PUT',
            { lines: [{ itemId, qty: 1 + (i % 3) }] },
            { 'idempotency-key': `split-${i}` },
          );
          expect(retry.body.order).toEqual(r.body.order);
        }
      }
    };
    await Promise.all(Array.from({ length: 40 }, (_, w) => worker(w)));
    const orders = await allOrders(b.url, seed.leader.token, buyId);
    expect(orders).toHaveLength(HOUSEHOLDS - 10);
    const stored = new Map(orders.map((o) => [o.id, o]));
    for (const order of acked.values()) {
      expect(stored.get(order.id)?.seq).toBe(order.seq);
      // (The answer's place in the queue is not stored.)
      expect(linesOf(stored.get(order.id)!)).toEqual(linesOf(order));
    }
    // seq has no gaps and no duplicates although two processes allocated them.
    expect(orders.map((o) => o.seq).sort((x, y) => x - y)).toEqual(orders.map((_, n) => n + 1));
    expect(rushInvariants(await buyItem(a.url, seed.leader.token, buyId), orders)).toEqual([]);
  }, 120_000);
});
