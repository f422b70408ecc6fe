import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../../test/support/test-db.ts';
import { openDb, type DbHandle } from '../db/client.ts';
import { communityEventsAfter, createEventStore, EVENTS_PER_PAGE, pagesOf } from '../db/repos/event-store.ts';
import type { DomainEvent } from '../core/shared/events.ts';
import { sql } from 'drizzle-orm';
import { rows } from '../db/repos/raw-sql.ts';
import { EventBus } from './event-bus.ts';
import {
  bellChannel,
  bellFrame,
  buyChannel,
  buyOpenedFrame,
  RealtimeBridge,
  streetFrame,
} from './realtime-bridge.ts';
import { SseHub } from './sse-hub.ts';
import { recordingClient, until } from '../../test/support/sse.ts';

const quiet = { warn: () => {} };
const communityId = crypto.randomUUID();
const buyId = crypto.randomUUID();

function placed(orderId: string): DomainEvent {
  return { type: 'order.placed', communityId, buyId, orderId, at: new Date().toISOString() };
}

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(async () => {
  await handle.close();
});

/** A started bridge between a bus and a hub, and a client following the buy's channel. */
async function followed() {
  const bus = new EventBus();
  const hub = new SseHub();
  const bridge = new RealtimeBridge(handle, bus, hub, quiet);
  await bridge.start();
  const client = recordingClient();
  hub.subscribe(buyChannel(buyId), client);
  return { bus, bridge, client };
}

/** Two instances on this PostgreSQL: A's bus and hub, B's hub, both bridges started; `stop` ends them. */
async function twoInstances() {
  const other = await openDb({
    kind: 'postgres',
    url: handle.pool!.options.connectionString as string,
    max: 2,
  });
  const busA = new EventBus();
  const hubA = new SseHub();
  const hubB = new SseHub();
  const a = new RealtimeBridge(handle, busA, hubA, quiet);
  const b = new RealtimeBridge(other, new EventBus(), hubB, quiet);
  await a.start();
  await b.start();
  const stop = async () => {
    await a.stop();
    await b.stop();
    await other.close();
  };
  return { busA, hubA, hubB, stop };
}

describe('RealtimeBridge', () => {
  it('stores published events with increasing ids and delivers them to the buy channel', async () => {
    const { bus, bridge, client } = await followed();
    bus.publish([placed('a'), placed('b')]);
    bus.publish([placed('c')]);
    await bridge.flush();
    await until(() => client.frames.length === 3);
    const ids = client.frames.map((f) => Number(/^id: (\d+)/.exec(f)![1]));
    expect(ids[0]! < ids[1]! && ids[1]! < ids[2]!).toBe(true);
    expect(client.frames.map((f) => JSON.parse(f.split('data: ')[1]!).orderId)).toEqual(['a', 'b', 'c']);

    const replay = await createEventStore(handle.db).buyEventsAfter(buyId, ids[0]!);
    expect(replay.map((e) => e.id)).toEqual(ids.slice(1));
    await bridge.stop();
  });

  it('sends events stored with their commit without storing them again, in the order of their ids', async () => {
    const { bus, bridge, client } = await followed();
    // An order batch's events, stored by its commit (as BuyTx.storeEvents does).
    const committed = await createEventStore(handle.db).append([placed('c1'), placed('c2')], null);
    const count = async () =>
      Number(
        (
          await rows<{ n: string }>(
            handle.db,
            sql`SELECT count(*) AS n FROM domain_events WHERE buy_id = ${buyId}`,
          )
        )[0]!.n,
      );
    const before = await count();
    // Published together with another event that is not stored yet: it is stored now, after them.
    bus.publish([placed('fresh')]);
    bus.publish(
      committed.map((c) => c.event),
      committed.map((c) => c.id),
    );
    await bridge.flush();
    await until(() => client.frames.length === 3);
    expect(await count()).toBe(before + 1);
    const sent = client.frames.map((f) => ({
      id: Number(/^id: (\d+)/.exec(f)![1]),
      orderId: JSON.parse(f.split('data: ')[1]!).orderId as string,
    }));
    expect(sent.map((f) => f.orderId)).toEqual(['c1', 'c2', 'fresh']);
    expect(sent.slice(0, 2).map((f) => f.id)).toEqual(committed.map((c) => c.id));
    expect(sent[2]!.id).toBeGreaterThan(sent[1]!.id);
    await bridge.stop();
  });

  it.runIf(handle_isPostgres())(
    'reaches the clients of another instance on the same PostgreSQL',
    async () => {
      const { busA, hubA, hubB, stop } = await twoInstances();
      const onA = recordingClient();
      const onB = recordingClient();
      hubA.subscribe(buyChannel(buyId), onA);
      hubB.subscribe(buyChannel(buyId), onB);
      busA.publish([placed('x')]);
      await until(() => onA.frames.length === 1 && onB.frames.length === 1);
      expect(onB.frames[0]).toBe(onA.frames[0]);
      // A page far past NOTIFY's 8,000-byte payload (a rush's batch), then a small one: B reads the pages
      // the notices name and sends the same frames, in the same order.
      busA.publish(Array.from({ length: 150 }, (_, i) => placed(`big-${i}`)));
      await new Promise((r) => setImmediate(r));
      busA.publish([placed('after')]);
      await until(() => onB.frames.length === 152, 5000);
      expect(onB.frames).toEqual(onA.frames);
      expect(JSON.parse(onB.frames.at(-1)!.split('data: ')[1]!).orderId).toBe('after');
      await stop();
    },
  );

  it.runIf(handle_isPostgres())(
    "rings the bells of another instance's phones: a household's own, every bell for the compound's, a buy opened, the street's posts",
    async () => {
      const { busA, hubB, stop } = await twoInstances();
      const [mine, theirs, none] = [crypto.randomUUID(), crypto.randomUUID(), null];
      const bells = [mine, theirs, none].map((h) => {
        const client = recordingClient();
        hubB.subscribe(bellChannel(communityId, h), client);
        return client;
      });
      const notice = (householdId: string | null, count?: number): DomainEvent => ({
        type: 'notification.created',
        communityId,
        householdId,
        at: new Date().toISOString(),
        ...(count === undefined ? {} : { count }),
      });
      // Only the bells of another instance listen here: a page they need is still read and sent.
      busA.publish([notice(mine, 1), notice(mine, 2)]);
      await until(() => bells[0]!.frames.length === 1, 5000);
      busA.publish([notice(null, 1)]);
      await until(() => bells.every((c) => c.frames.length >= 1) && bells[0]!.frames.length === 2, 5000);
      // An event stored before counts were added: a ring that does not say how many.
      busA.publish([notice(theirs)]);
      await until(() => bells[1]!.frames.length === 2, 5000);
      await new Promise((r) => setTimeout(r, 200));
      // One ring per batch however many notices it holds, saying how many; the compound's rings every bell.
      expect(bells.map((c) => c.frames)).toEqual([
        [bellFrame(3), bellFrame(1)],
        [bellFrame(1), bellFrame(undefined)],
        [bellFrame(1)],
      ]);
      expect(bellFrame(undefined)).not.toContain('count');
      // A buy opened: every bell of its compound is told which, and no bell of another compound.
      const elsewhere = recordingClient();
      hubB.subscribe(bellChannel(crypto.randomUUID(), null), elsewhere);
      busA.publish([{ type: 'buy.published', communityId, buyId, at: new Date().toISOString() }]);
      await until(() => bells.every((c) => c.frames.at(-1) === buyOpenedFrame(buyId)), 5000);
      await new Promise((r) => setTimeout(r, 200));
      expect(bells.map((c) => c.frames.length)).toEqual([3, 3, 2]);
      expect(elsewhere.frames).toEqual([]);
      expect(buyOpenedFrame(buyId)).toMatch(
        /^event: buy\.opened\ndata: \{"type":"buy\.opened","buyId":"[-0-9a-f]{36}"\}\n\n$/,
      );
      // 邻里街坊: a batch's posts put up or changed, one frame on every bell of their compound; a reply is not in it.
      const postId = crypto.randomUUID();
      const at = new Date().toISOString();
      const facts = {
        postHouseholdId: null,
        postTitle: '求药',
        byLabel: '1-102',
        byRole: null,
        byOwnSide: false,
        at,
      };
      busA.publish([
        { type: 'post.created', communityId, postId, kind: 'need', at },
        {
          type: 'post.changed',
          communityId,
          postId,
          kind: 'need',
          action: 'take',
          status: 'taken',
          ...facts,
        },
        { type: 'post.replied', communityId, postId, replyId: crypto.randomUUID(), ...facts },
      ]);
      const street = streetFrame([
        { postId, kind: 'need', status: 'open', at },
        { postId, kind: 'need', status: 'taken', at },
      ]);
      await until(() => bells.every((c) => c.frames.at(-1) === street), 5000);
      await new Promise((r) => setTimeout(r, 200));
      expect(bells.map((c) => c.frames.length)).toEqual([4, 4, 3]);
      expect(elsewhere.frames).toEqual([]);
      await stop();
    },
  );
});

describe('event store pages', () => {
  const community = crypto.randomUUID();
  const buyA = crypto.randomUUID();
  const buyB = crypto.randomUUID();
  const at = new Date().toISOString();
  const onBuy = (b: string, orderId: string): DomainEvent => ({
    type: 'order.placed',
    communityId: community,
    buyId: b,
    orderId,
    at,
  });
  const told = (n: number): DomainEvent =>
    ({
      type: 'notification.created',
      communityId: community,
      householdId: `h${n}`,
      notificationId: `n${n}`,
      at,
    }) as unknown as DomainEvent;

  it('groups runs of one compound and buy, in publication order, at most a page each', () => {
    const events = [onBuy(buyA, '1'), onBuy(buyA, '2'), told(1), onBuy(buyA, '3'), onBuy(buyB, '4')];
    expect(pagesOf(events).map((p) => [p.buyId, p.events.length])).toEqual([
      [buyA, 2],
      [null, 1],
      [buyA, 1],
      [buyB, 1],
    ]);
    const many = Array.from({ length: EVENTS_PER_PAGE * 2 + 1 }, (_, i) => onBuy(buyA, String(i)));
    expect(pagesOf(many).map((p) => p.events.length)).toEqual([EVENTS_PER_PAGE, EVENTS_PER_PAGE, 1]);
  });

  it('gives every event its own increasing id and replays from any of them, across pages', async () => {
    const store = createEventStore(handle.db);
    const published: DomainEvent[] = [];
    const stored = [];
    // Seventy appends of a buy event, a notification and another buy event: 210 rows, more than one read.
    for (let n = 0; n < 70; n++) {
      const batch = [onBuy(buyA, `a${n}`), told(n), onBuy(buyA, `b${n}`)];
      published.push(...batch);
      stored.push(...(await store.append(batch, null)));
    }
    const ids = stored.map((s) => s.id);
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1]!)).toBe(true);
    expect(stored.map((s) => s.event)).toEqual(published);

    const ofBuy = stored.filter((s) => s.buyId === buyA);
    // From the middle of a page (its first event), from a page's last event, and from before everything.
    expect(await store.buyEventsAfter(buyA, ofBuy[0]!.id)).toEqual(ofBuy.slice(1));
    expect(await store.buyEventsAfter(buyA, ofBuy[1]!.id)).toEqual(ofBuy.slice(2));
    expect(await store.buyEventsAfter(buyA, 0, 5)).toEqual(ofBuy.slice(0, 5));
    expect(await store.buyEventsAfter(buyA, ofBuy.at(-1)!.id)).toEqual([]);
    // Pages are read 8, then 16, 32, 64 at a time (one event each here): every limit across those reads.
    for (const limit of [7, 8, 9, 23, 24, 25, 56, 57, 120, 139, 140, 500])
      expect(await store.buyEventsAfter(buyA, 0, limit), `limit ${limit}`).toEqual(ofBuy.slice(0, limit));
    expect(await store.buyEventsAfter(buyA, ofBuy[30]!.id, 50)).toEqual(ofBuy.slice(31, 81));
    // The compound's stream has them all, the notifications included, in the same order.
    expect(await communityEventsAfter(handle.db, community, ids[2]!, 1000)).toEqual(stored.slice(3));
  });

  it("keeps an order batch's page packed, and reads back pages written whole before", async () => {
    const store = createEventStore(handle.db);
    const buy = crypto.randomUUID();
    const counters = {
      version: 7,
      liveOrders: 2,
      amountFen: 5000,
      items: [{ id: 'i', allocatedQty: 2, waitlistedQty: 0 }],
    };
    const batch = (['1-101', '2-202'] as const).map((label, n): DomainEvent => ({
      type: 'order.placed',
      communityId: community,
      buyId: buy,
      orderId: `o${n}`,
      listEntry: {
        seq: n + 1,
        householdLabel: label,
        status: 'active',
        items: [{ name: '鸡蛋', qty: 1 }],
      },
      counters,
      at,
    }));
    const stored = await store.append(batch, null);
    expect(await store.buyEventsAfter(buy, 0)).toEqual(stored);
    expect(stored.map((s) => s.event)).toEqual(batch);
    const [row] = await rows<{ data: unknown }>(
      handle.db,
      sql`SELECT data FROM domain_events WHERE buy_id = ${buy}`,
    );
    const text = typeof row!.data === 'string' ? row!.data : JSON.stringify(row!.data);
    // The row's compound and buy and the batch's counters are not said again in every event.
    expect(text.split(buy)).toHaveLength(1);
    expect(text.split(community)).toHaveLength(1);
    expect(text.split('"amountFen"')).toHaveLength(2);

    // A page as written until 2026-12-03: the events' array, whole.
    const before = crypto.randomUUID();
    const whole = [{ ...batch[0]!, buyId: before }];
    const [{ id }] = (await rows<{ id: string }>(
      handle.db,
      sql`INSERT INTO domain_events (community_id, buy_id, data)
        VALUES (${community}::uuid, ${before}::uuid, ${JSON.stringify(whole)}::json) RETURNING id`,
    )) as [{ id: string }];
    expect(await store.buyEventsAfter(before, 0)).toEqual([
      { id: Number(id) * EVENTS_PER_PAGE, communityId: community, buyId: before, event: whole[0] },
    ]);
  });
});

function handle_isPostgres(): boolean {
  return process.env.LINLI_TEST_DB === 'postgres';
}
