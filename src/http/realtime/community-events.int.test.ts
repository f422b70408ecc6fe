import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../../../test/support/test-app.ts';
import { openSseStream, until, type SseStream } from '../../../test/support/sse.ts';
import {
  buyBody,
  createBuyScene,
  createOpenBuy,
  joinInTurn,
  listeningBuyScene,
  type BuyScene,
} from '../../../test/support/buys.ts';
import { addRole, createTestMember } from '../../../test/support/community.ts';
import { registerProxy } from '../../../test/support/distribution.ts';
import { bearer, createTestUser } from '../../../test/support/users.ts';

let t: TestApp;
let base: string;
let scene: BuyScene;
beforeAll(async () => ({ t, base, scene } = await listeningBuyScene()));
afterAll(() => t.close());

type Frame = { type: string; eventId: number; householdId?: string | null; buyId?: string };

const openStream = (token: string, lastEventId?: number) =>
  openSseStream<Frame>(`${base}/api/communities/${scene.community.id}/events`, token, lastEventId);

const settle = async () => {
  await t.container.notifier.flush();
  await t.container.realtime.flush();
};

describe('GET /api/communities/{id}/events', () => {
  it("carries the compound's events and each household's notifications to that household only", async () => {
    const [a, b] = [scene.residents[0]!, scene.residents[1]!];
    const sa = await openStream(a.token);
    const sb = await openStream(b.token);
    expect(sa.res.status).toBe(200);
    expect(sa.res.headers.get('content-type')).toContain('text/event-stream');
    // fetch offers gzip, as browsers do: each household's own frames are compressed for its stream alone.
    expect(sa.res.headers.get('content-encoding')).toBe('gzip');

    const buy = await createOpenBuy(
      t.app,
      scene.leader,
      scene.community.id,
      buyBody([{ name: '鸡蛋', priceFen: 2500, stock: 1 }]),
    );
    await joinInTurn(t.app, buy.id, buy.items[0]!.id, [a, b]);
    await settle();

    const forB = (e: Frame) => e.type === 'notification.created' && e.householdId === b.household.id;
    await until(() => sb.events.some(forB));
    // Both saw the buy open and the community-wide notification.
    for (const s of [sa, sb]) {
      await until(() => s.events.some((e) => e.type === 'buy.published' && e.buyId === buy.id));
      await until(() => s.events.some((e) => e.type === 'notification.created' && e.householdId === null));
    }
    // a never sees b's household frame, live or replayed.
    expect(sa.events.some((e) => e.householdId === b.household.id)).toBe(false);
    const replay = await openStream(a.token, 0);
    await until(() => replay.events.some((e) => e.type === 'buy.published' && e.buyId === buy.id));
    expect(replay.events.some((e) => e.householdId === b.household.id)).toBe(false);
    // b's own replay includes it.
    const replayB = await openStream(b.token, 0);
    await until(() => replayB.events.some(forB));
    for (const s of [sa, sb, replay, replayB]) s.close();
  });

  it('401 without a session, 403 for non-members, 400 for a bad id', async () => {
    const url = `/api/communities/${scene.community.id}/events`;
    expect((await t.app.inject({ method: 'GET', url })).statusCode).toBe(401);
    const stranger = await createTestUser(t.container);
    const res = await t.app.inject({ method: 'GET', url, headers: bearer(stranger) });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('not_a_member');
    const bad = await t.app.inject({
      method: 'GET',
      url: '/api/communities/nope/events',
      headers: bearer(scene.residents[0]!),
    });
    expect(bad.statusCode).toBe(400);
    const badId = await t.app.inject({
      method: 'GET',
      url: `${url}?lastEventId=-1`,
      headers: bearer(stranger),
    });
    expect(badId.statusCode).toBe(400);
  });

  it('a member without a verified household still follows the compound', async () => {
    const m = await createTestMember(t.container, scene.community.id);
    const s = await openStream(m.token);
    expect(s.res.status).toBe(200);
    s.close();
  });
});

// The member's bell (GET /api/communities/{id}/notifications/events): the same scene, its own channels.
const path = () => `/api/communities/${scene.community.id}/notifications/events`;
type Ring = { type: string; count?: number };
const openBell = (token: string) => openSseStream<Ring>(`${base}${path()}`, token);
/** What the member's badge says now (GET …/notifications). */
const unreadOf = async (token: string) =>
  (
    await t.app.inject({
      method: 'GET',
      url: `/api/communities/${scene.community.id}/notifications?limit=1`,
      headers: { authorization: `Bearer ${token}` },
    })
  ).json().unreadCount as number;
const rungCount = (s: SseStream<Ring>) => s.events.reduce((n, e) => n + (e.count ?? NaN), 0);
/** Marks the member's notifications read (POST …/notifications/read), as 「全部标为已读」 does. */
const markReadIn = (communityId: string, who: { token: string }) =>
  t.app.inject({
    method: 'POST',
    url: `/api/communities/${communityId}/notifications/read`,
    headers: bearer(who),
  });
const markRead = (who: { token: string }) => markReadIn(scene.community.id, who);
/** Waits a moment for frames that should not come. */
const quietly = () => new Promise((r) => setTimeout(r, 200));

describe('GET /api/communities/{id}/notifications/events (the bell)', () => {
  it("rings every member's bell for the compound's notices and buys opened, and only the household's for its own, saying how many", async () => {
    const [a, b] = [scene.residents[0]!, scene.residents[1]!];
    const bystander = await createTestMember(t.container, scene.community.id, 'No household yet');
    const who = { a, b, bystander };
    const before = new Map<string, number>();
    for (const [name, m] of Object.entries(who)) before.set(name, await unreadOf(m.token));
    const bells = new Map<string, SseStream<Ring>>();
    for (const [name, who] of [
      ['a', a],
      ['b', b],
      ['bystander', bystander],
    ] as const)
      bells.set(name, await openBell(who.token));
    const rings = (name: string) => bells.get(name)!.events.length;
    const named = (name: string, event: string) => bells.get(name)!.named.filter((e) => e.event === event);
    expect(bells.get('a')!.res.status).toBe(200);
    expect(bells.get('a')!.res.headers.get('content-type')).toContain('text/event-stream');
    // A bell comes back after the buy pages do when a server restarts (bellReconnectDelayMs: 6–16 s).
    for (const s of bells.values()) {
      await until(() => s.retryMs !== null);
      expect(s.retryMs).toBeGreaterThanOrEqual(6000);
      expect(s.retryMs).toBeLessThan(16_000);
    }
    // Its first word is the member's unread count (a named event): the phone asks nothing when it opens.
    for (const name of Object.keys(who)) {
      await until(() => named(name, 'unread').length === 1);
      expect(named(name, 'unread')).toEqual([
        { event: 'unread', data: { type: 'unread', count: before.get(name) } },
      ]);
    }

    // A buy opens: one compound-wide notice, every bell rings once.
    const buy = await createOpenBuy(
      t.app,
      scene.leader,
      scene.community.id,
      buyBody([{ name: '鸡蛋', priceFen: 2500, stock: 1 }]),
    );
    await settle();
    for (const name of ['a', 'b', 'bystander']) await until(() => rings(name) === 1);
    // The frame says only that something is new, and how many: no id (nothing to replay), nothing about
    // what or whose.
    expect(bells.get('a')!.events).toEqual([{ type: 'notification.created', count: 1 }]);
    // And which buy opened, as a named event (a page that does not know it ignores it): the 团购 list offers
    // it without a request.
    const opened = [{ event: 'buy.opened', data: { type: 'buy.opened', buyId: buy.id } }];
    for (const name of bells.keys()) await until(() => named(name, 'buy.opened').length === 1);
    for (const name of bells.keys()) expect(named(name, 'buy.opened')).toEqual(opened);

    // a takes the last egg, b waits: b's household is told, and only b's bell rings.
    await joinInTurn(t.app, buy.id, buy.items[0]!.id, [a, b]);
    await settle();
    await until(() => rings('b') === 2);
    await quietly();
    expect([rings('a'), rings('b'), rings('bystander')]).toEqual([1, 2, 1]);

    // The buy closes: its households are told (one row each), and only their bells ring, not the bystander's.
    const closed = await t.app.inject({
      method: 'POST',
      url: `/api/buys/${buy.id}/close`,
      headers: bearer(scene.leader),
    });
    expect(closed.statusCode).toBe(200);
    await settle();
    await until(() => rings('a') === 2 && rings('b') === 3);
    await quietly();
    expect(rings('bystander')).toBe(1);
    for (const name of bells.keys()) expect(named(name, 'buy.opened')).toEqual(opened);
    expect([...bells.keys()].map((name) => named(name, 'unread').length)).toEqual([1, 1, 1]);
    // Each bell said exactly what its badge rose by: a phone adds the counts without asking.
    for (const [name, m] of Object.entries(who))
      expect(rungCount(bells.get(name)!), name).toBe((await unreadOf(m.token)) - before.get(name)!);
    for (const s of bells.values()) s.close();
  });

  it('says the count afresh each time it opens: read on another phone, it opens at 0', async () => {
    const b = scene.residents[1]!;
    const said = async () => {
      const bell = await openBell(b.token);
      await until(() => bell.named.length === 1);
      bell.close();
      return bell.named;
    };
    const unread = await unreadOf(b.token);
    expect(await said()).toEqual([{ event: 'unread', data: { type: 'unread', count: unread } }]);
    const read = await markRead(b);
    expect(read.json()).toEqual({ unreadCount: 0 });
    await settle();
    expect(await said()).toEqual([{ event: 'unread', data: { type: 'unread', count: 0 } }]);
  });

  it("tells the household's other phones when a member marks notifications read, and nobody else", async () => {
    const [a, b] = [scene.residents[0]!, scene.residents[1]!];
    // Something unread for both: a buy opens.
    await createOpenBuy(
      t.app,
      scene.leader,
      scene.community.id,
      buyBody([{ name: '牛奶', priceFen: 650, stock: 5 }]),
    );
    await settle();
    expect(await unreadOf(b.token)).toBeGreaterThan(0);
    // b's other phone has its bell open, and so has a; each follows the compound's stream too.
    const other = await openBell(b.token);
    const bellA = await openBell(a.token);
    for (const bell of [other, bellA]) await until(() => bell.named.some((e) => e.event === 'unread'));
    const streamA = await openStream(a.token);
    const streamB = await openStream(b.token);
    const read = await markRead(b);
    expect(read.json()).toEqual({ unreadCount: 0 });
    await settle();
    // The other phone is told to ask its count again (the frame cannot say it: members have their own
    // markers), and asking says 0.
    await until(() => other.named.some((e) => e.event === 'read'));
    expect(other.named.filter((e) => e.event === 'read')).toEqual([
      { event: 'read', data: { type: 'read' } },
    ]);
    expect(await unreadOf(b.token)).toBe(0);
    // The household's own compound stream carries it; another household hears nothing of it, live or replayed.
    const isRead = (e: Frame) => e.type === 'notifications.read';
    await until(() => streamB.events.some((e) => isRead(e) && e.householdId === b.household.id));
    await quietly();
    expect(bellA.named.some((e) => e.event === 'read')).toBe(false);
    expect(bellA.events).toEqual([]);
    expect(streamA.events.some(isRead)).toBe(false);
    const replay = await openStream(a.token, 0);
    await until(() => replay.events.some((e) => e.type === 'buy.published'));
    expect(replay.events.some(isRead)).toBe(false);
    // A member without a verified household shares a bell with every such member: nothing is sent for them.
    const bystander = await createTestMember(t.container, scene.community.id, 'Not verified yet');
    const shared = await openBell(bystander.token);
    await until(() => shared.named.some((e) => e.event === 'unread'));
    const theirs = await markRead(bystander);
    expect(theirs.statusCode).toBe(200);
    await settle();
    await quietly();
    expect(shared.named.some((e) => e.event === 'read')).toBe(false);
    for (const s of [other, bellA, streamA, streamB, replay, shared]) s.close();
  });

  it("tells a proxy household's notices to its building's volunteers (代管): their feed, count and bell; nobody else", async () => {
    // Building 2's 2-101 is a neighbour without a smartphone: its volunteer registers it and orders for it.
    const s = await createBuyScene(t.container, { residents: 2, buildings: 2 });
    const [volunteer, other] = [s.residents[0]!, s.residents[1]!];
    await addRole(t.container, volunteer, { volunteerBuildingIds: [s.buildings[1]!.id] });
    await addRole(t.container, other, { volunteerBuildingIds: [s.buildings[0]!.id] });
    const proxy = s.household('2-101');
    const call = (method: 'GET' | 'POST' | 'PUT', url: string, who: { token: string }, payload?: object) =>
      t.app.inject({ method, url, headers: bearer(who), ...(payload ? { payload } : {}) });
    await registerProxy(t.app, volunteer, s.community.id, proxy.id);
    const buy = await createOpenBuy(
      t.app,
      s.leader,
      s.community.id,
      buyBody([{ name: '鸡蛋', priceFen: 2500, stock: 1, perHouseholdMax: 5 }]),
    );
    await settle();
    const feedOf = async (who: { token: string }) => {
      const res = await call('GET', `/api/communities/${s.community.id}/notifications`, who);
      expect(res.statusCode).toBe(200);
      return res.json() as {
        notifications: { type: string; onBehalfOf: string | null; data: Record<string, unknown> }[];
        unreadCount: number;
      };
    };
    const before = await Promise.all([volunteer, other, s.admin].map(feedOf));
    const bellOf = async (who: { token: string }) => {
      const bell = await openSseStream<Ring>(
        `${base}/api/communities/${s.community.id}/notifications/events`,
        who.token,
      );
      await until(() => bell.named.some((e) => e.event === 'unread'));
      return bell;
    };
    const [bellV, bellO, bellA] = [await bellOf(volunteer), await bellOf(other), await bellOf(s.admin)];
    expect(bellV.named[0]!.data).toEqual({ type: 'unread', count: before[0]!.unreadCount });

    // Two eggs for 2-101 and one left: one waits, and the household is told (order_waitlisted).
    const ordered = await call('PUT', `/api/buys/${buy.id}/orders/households/${proxy.id}`, volunteer, {
      lines: [{ itemId: buy.items[0]!.id, qty: 2 }],
    });
    expect(ordered.statusCode).toBe(201);
    await settle();
    await until(() => bellV.events.length === 1);
    expect(bellV.events).toEqual([{ type: 'notification.created', count: 1 }]);
    const mine = await feedOf(volunteer);
    expect(mine.unreadCount).toBe(before[0]!.unreadCount + 1);
    expect(mine.notifications[0]).toMatchObject({
      type: 'order_waitlisted',
      onBehalfOf: '2-101',
      onBehalfOfHouseholdId: proxy.id,
      data: { householdLabel: '2-101' },
    });
    // The compound's notices are theirs as before: not on behalf of anyone.
    expect(mine.notifications.filter((n) => n.type === 'buy_opened').map((n) => n.onBehalfOf)).toEqual([
      null,
    ]);
    // Building 1's volunteer and the admin (who did not register it) are not told.
    await quietly();
    expect([bellO.events, bellA.events]).toEqual([[], []]);
    const [o, a] = [await feedOf(other), await feedOf(s.admin)];
    expect([o.unreadCount, a.unreadCount]).toEqual([before[1]!.unreadCount, before[2]!.unreadCount]);
    for (const f of [o, a]) expect(f.notifications.some((n) => n.type === 'order_waitlisted')).toBe(false);

    // Read like their own: marked read, the count is 0.
    expect((await markReadIn(s.community.id, volunteer)).json()).toEqual({ unreadCount: 0 });
    // No longer building 2's volunteer: its notices are not theirs any more.
    await addRole(t.container, volunteer, { volunteerBuildingIds: [] });
    expect((await feedOf(volunteer)).notifications.some((n) => n.onBehalfOf !== null)).toBe(false);
    for (const bell of [bellV, bellO, bellA]) bell.close();
  });

  it('401 without a session, 403 for non-members, 400 for a bad id or query', async () => {
    expect((await t.app.inject({ method: 'GET', url: path() })).statusCode).toBe(401);
    const stranger = await createTestUser(t.container);
    const res = await t.app.inject({ method: 'GET', url: path(), headers: bearer(stranger) });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('not_a_member');
    const who = bearer(scene.residents[0]!);
    for (const url of ['/api/communities/nope/notifications/events', `${path()}?lastEventId=-1`]) {
      const bad = await t.app.inject({ method: 'GET', url, headers: who });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.code).toBe('validation_failed');
    }
  });

  it('appears in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(doc.paths).toHaveProperty(['/api/communities/{communityId}/notifications/events']);
  });
});
