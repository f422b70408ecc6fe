import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { buyBody, createBuyScene, createOpenBuy } from '../../../test/support/buys.ts';
import { addRole, createTestCommunity, createTestMember } from '../../../test/support/community.ts';
import { createClosedBuyScene } from '../../../test/support/money.ts';
import { registerProxy } from '../../../test/support/distribution.ts';
import { closeDueBuys } from '../../core/buys/close-due-buys.ts';
import { bearer, createTestUser } from '../../../test/support/users.ts';
import { notifications } from '../../db/schema/notifications.ts';
import { domainEvents } from '../../db/schema/realtime.ts';
import { createNoticePages } from '../../db/repos/event-store.ts';
import { createNotificationsRepo } from '../../db/repos/notifications-repo.ts';
import type { NotificationWriter } from '../../core/notifications/ports.ts';
import type { Executor } from '../../db/client.ts';
import { Notifier } from '../../realtime/notifier.ts';
import { notifyOf } from '../../core/notifications/notify.ts';
import type { DomainEvent } from '../../core/shared/events.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

type Who = { token: string };
interface FeedItem {
  id: string;
  type: string;
  buyId: string | null;
  data: Record<string, unknown>;
  createdAt: string;
  read: boolean;
  onBehalfOf: string | null;
  onBehalfOfHouseholdId: string | null;
}

/** Lets the notifier and the realtime bridge finish what the last request published. */
const settle = async () => {
  await t.container.notifier.flush();
  await t.container.realtime.flush();
};
const inject = async (
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH',
  url: string,
  who: Who,
  payload?: object,
) => {
  const res = await t.app.inject({ method, url, headers: bearer(who), ...(payload ? { payload } : {}) });
  await settle();
  return res;
};
const order = (buyId: string, who: Who, itemId: string, qty: number) =>
  inject('PUT', `/api/buys/${buyId}/orders/mine`, who, { lines: [{ itemId, qty }] });
const feed = async (communityId: string, who: Who, query = '') => {
  const res = await inject('GET', `/api/communities/${communityId}/notifications${query}`, who);
  expect(res.statusCode).toBe(200);
  return res.json() as { notifications: FeedItem[]; unreadCount: number; nextBefore: string | null };
};
const types = async (communityId: string, who: Who) =>
  (await feed(communityId, who)).notifications.map((n) => n.type);

describe('notifications from real buys', () => {
  it('publish → ONE community-wide row that every member sees, unread', async () => {
    const s = await createBuyScene(t.container, { residents: 2 });
    const bystander = await createTestMember(t.container, s.community.id, 'No household yet');
    const buy = await createOpenBuy(t.app, s.leader, s.community.id);
    await settle();

    for (const who of [s.residents[0]!, s.residents[1]!, bystander, s.leader, s.admin]) {
      const f = await feed(s.community.id, who);
      expect(f.notifications).toEqual([
        {
          id: expect.any(String),
          type: 'buy_opened',
          buyId: buy.id,
          data: { buyTitle: '鸡蛋团购', deadline: expect.any(String) },
          createdAt: expect.any(String),
          read: false,
          onBehalfOf: null,
          onBehalfOfHouseholdId: null,
        },
      ]);
      expect(f.unreadCount).toBe(1);
    }
    const rows = await t.container.db.select().from(notifications).where(eq(notifications.buyId, buy.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.householdId).toBeNull();
  });

  it('stock runs out → the waitlisted household is told; a cancel promotes it → told again; nobody else is', async () => {
    const s = await createBuyScene(t.container, { residents: 3 });
    const [a, b, c] = [s.residents[0]!, s.residents[1]!, s.residents[2]!];
    const buy = await createOpenBuy(
      t.app,
      s.leader,
      s.community.id,
      buyBody([{ name: '鸡蛋', priceFen: 2500, stock: 2 }]),
    );
    const itemId = buy.items[0]!.id;

    expect((await order(buy.id, a, itemId, 2)).statusCode).toBe(201);
    expect((await order(buy.id, b, itemId, 1)).statusCode).toBe(201);
    const fb = await feed(s.community.id, b);
    expect(fb.notifications[0]).toMatchObject({
      type: 'order_waitlisted',
      buyId: buy.id,
      data: {
        buyTitle: '鸡蛋团购',
        householdLabel: s.residents[1]!.household.label,
        items: [{ itemId, itemName: '鸡蛋', qty: 1, waitlistedQty: 1 }],
      },
    });
    expect(await types(s.community.id, a)).toEqual(['buy_opened']);

    // Editing the note leaves the waitlist as it was: no second notice.
    await inject('PUT', `/api/buys/${buy.id}/orders/mine`, b, {
      lines: [{ itemId, qty: 1 }],
      note: '放门口',
    });
    expect(await types(s.community.id, b)).toEqual(['order_waitlisted', 'buy_opened']);

    // a cancels (their own order: a gets nothing); b is promoted.
    expect((await inject('DELETE', `/api/buys/${buy.id}/orders/mine`, a)).statusCode).toBe(200);
    expect((await feed(s.community.id, b)).notifications[0]).toMatchObject({
      type: 'order_promoted',
      data: { itemId, itemName: '鸡蛋', qty: 1, householdLabel: s.residents[1]!.household.label },
    });
    expect(await types(s.community.id, a)).toEqual(['buy_opened']);
    expect(await types(s.community.id, c)).toEqual(['buy_opened']);
  });

  it('a volunteer cancels on a household’s behalf → that household is told', async () => {
    const s = await createBuyScene(t.container, { residents: 2 });
    const volunteer = await createTestMember(t.container, s.community.id, 'Volunteer');
    await addRole(t.container, volunteer, { volunteerBuildingIds: [s.buildings[0]!.id] });
    const buy = await createOpenBuy(t.app, s.leader, s.community.id);
    const target = s.residents[0]!;
    await order(buy.id, target, buy.items[0]!.id, 1);
    const res = await inject(
      'DELETE',
      `/api/buys/${buy.id}/orders/households/${target.household.id}`,
      volunteer,
    );
    expect(res.statusCode).toBe(200);
    expect((await feed(s.community.id, target)).notifications[0]).toMatchObject({
      type: 'order_cancelled_for_you',
      data: { buyTitle: '鸡蛋团购', householdLabel: target.household.label },
    });
    expect(await types(s.community.id, s.residents[1]!)).toEqual(['buy_opened']);
  });

  it("a proxy household's notice: its building's volunteer acts for it by its id; the admin who registered it reads it only", async () => {
    const s = await createBuyScene(t.container, { residents: 2, buildings: 2 });
    const volunteer = await createTestMember(t.container, s.community.id, 'Volunteer');
    await addRole(t.container, volunteer, { volunteerBuildingIds: [s.buildings[1]!.id] });
    const proxy = s.household('2-101');
    await registerProxy(t.app, s.admin, s.community.id, proxy.id);
    const buy = await createOpenBuy(
      t.app,
      s.leader,
      s.community.id,
      buyBody([{ name: '鸡蛋', priceFen: 2500, stock: 1, perHouseholdMax: 5 }]),
    );
    const ordered = await inject('PUT', `/api/buys/${buy.id}/orders/households/${proxy.id}`, volunteer, {
      lines: [{ itemId: buy.items[0]!.id, qty: 2 }],
    });
    expect(ordered.statusCode).toBe(201);
    const waiting = async (who: Who) =>
      (await feed(s.community.id, who)).notifications.find((n) => n.type === 'order_waitlisted');
    expect(await waiting(volunteer)).toMatchObject({ onBehalfOf: '2-101', onBehalfOfHouseholdId: proxy.id });
    expect(await waiting(s.admin)).toMatchObject({ onBehalfOf: '2-101', onBehalfOfHouseholdId: null });
  });

  it('close fails → every participant is told (one row each), others are not', async () => {
    const s = await createBuyScene(t.container, { residents: 3 });
    const [a, b, c] = [s.residents[0]!, s.residents[1]!, s.residents[2]!];
    const buy = await createOpenBuy(t.app, s.leader, s.community.id, { ...buyBody(), minTotalQty: 50 });
    await order(buy.id, a, buy.items[0]!.id, 1);
    await order(buy.id, b, buy.items[0]!.id, 2);
    expect((await inject('POST', `/api/buys/${buy.id}/close`, s.leader)).json().status).toBe('failed');
    for (const who of [a, b])
      expect((await feed(s.community.id, who)).notifications[0]).toMatchObject({
        type: 'buy_failed',
        data: { buyTitle: '鸡蛋团购', orderStatus: 'cancelled' },
      });
    expect(await types(s.community.id, c)).toEqual(['buy_opened']);
    const rows = await t.container.db.select().from(notifications).where(eq(notifications.buyId, buy.id));
    expect(rows.filter((r) => r.type === 'buy_failed')).toHaveLength(2);
  });

  it('成团: the join that reaches the minimum tells the whole compound once; so does a leader lowering it', async () => {
    const s = await createBuyScene(t.container, { residents: 3 });
    const [a, b, c] = [s.residents[0]!, s.residents[1]!, s.residents[2]!];
    // Not held for the night: none of the compound's hours are quiet.
    const quiet = await inject('PUT', `/api/communities/${s.community.id}/distribution-settings`, s.admin, {
      quietStart: '00:00',
      quietEnd: '00:00',
    });
    expect(quiet.statusCode).toBe(200);
    const buy = await createOpenBuy(t.app, s.leader, s.community.id, { ...buyBody(), minTotalQty: 3 });
    const itemId = buy.items[0]!.id;
    await order(buy.id, a, itemId, 2);
    expect(await types(s.community.id, c)).toEqual(['buy_opened']);
    await order(buy.id, b, itemId, 1);
    for (const who of [a, b, c, s.leader])
      expect((await feed(s.community.id, who)).notifications[0]).toMatchObject({
        type: 'buy_threshold_met',
        buyId: buy.id,
        data: { buyTitle: '鸡蛋团购', deadline: expect.any(String) },
        read: false,
      });
    // Back under the minimum and over it again: nobody is told twice.
    expect((await inject('DELETE', `/api/buys/${buy.id}/orders/mine`, a)).statusCode).toBe(200);
    await order(buy.id, a, itemId, 2);
    const told = await t.container.db.select().from(notifications).where(eq(notifications.buyId, buy.id));
    expect(told.filter((r) => r.type === 'buy_threshold_met').map((r) => r.householdId)).toEqual([null]);

    // A leader's edit: the minimum lowered to what is ordered.
    const second = await createOpenBuy(t.app, s.leader, s.community.id, { ...buyBody(), minTotalQty: 5 });
    await order(second.id, c, second.items[0]!.id, 2);
    const patched = await inject('PATCH', `/api/buys/${second.id}`, s.leader, { minTotalQty: 2 });
    expect(patched.statusCode).toBe(200);
    expect((await feed(s.community.id, a)).notifications[0]).toMatchObject({
      type: 'buy_threshold_met',
      buyId: second.id,
    });
  });

  it('成团 handled by two instances at once (both looked before either stored) is stored once', async () => {
    const s = await createBuyScene(t.container, { residents: 1 });
    const buy = await createOpenBuy(t.app, s.leader, s.community.id, { ...buyBody(), minTotalQty: 3 });
    // The publish's own notice (新团购开始接龙) rings the compound too: written and rung before the rings are counted.
    await settle();
    // Each lookup waits until both have looked: what two notifiers on one PostgreSQL can do.
    let looked = 0;
    let bothLooked!: () => void;
    const barrier = new Promise<void>((r) => (bothLooked = r));
    const repo = t.container.notificationsDeps.repo;
    const looking: NotificationWriter = {
      ...repo,
      // 成团 waits for the end of the quiet hours (22:00–07:00 Shanghai by default): without this, run at
      // night, its ring was set for the morning and this test saw none.
      quietHours: async () => null,
      async toldBefore(communityId, buyId, type) {
        const told = await repo.toldBefore(communityId, buyId, type);
        if (++looked === 2) bothLooked();
        await barrier;
        return told;
      },
    };
    const deps = { repo: looking, clock: t.container.clock, events: t.container.events };
    const met = (): DomainEvent => ({
      type: 'buy.threshold_met',
      communityId: s.community.id,
      buyId: buy.id,
      at: new Date().toISOString(),
    });
    const errors: unknown[] = [];
    const rings: number[] = [];
    const stop = t.container.events.subscribe((e) => {
      if (e.type === 'notification.created' && e.communityId === s.community.id) rings.push(e.count ?? 0);
    });
    const stored = await Promise.all([
      notifyOf(deps, [met()], (e) => errors.push(e)),
      notifyOf(deps, [met()], (e) => errors.push(e)),
    ]).finally(stop);
    expect(errors).toEqual([]);
    expect(looked).toBe(2);
    const rows = await t.container.db.select().from(notifications).where(eq(notifications.buyId, buy.id));
    expect(rows.filter((r) => r.type === 'buy_threshold_met').map((r) => r.householdId)).toEqual([null]);
    // The compound's bells ring once: the notifier whose row was not stored counts nothing and rings nobody.
    expect(stored.toSorted()).toEqual([0, 1]);
    expect(rings).toEqual([1]);
  });

  it('the deadline closes a buy → its leader’s household is told what to do next; not when they closed it', async () => {
    const s = await createBuyScene(t.container, { residents: 3 });
    const [lead, a, b] = [s.residents[0]!, s.residents[1]!, s.residents[2]!];
    await addRole(t.container, lead, { leader: true });
    const soon = () => new Date(Date.now() + 400).toISOString();
    const due = await createOpenBuy(t.app, lead, s.community.id, { ...buyBody(), deadline: soon() });
    const short = await createOpenBuy(t.app, lead, s.community.id, {
      ...buyBody(),
      title: '大米团购',
      deadline: soon(),
      minTotalQty: 50,
    });
    await order(due.id, a, due.items[0]!.id, 2);
    await order(due.id, b, due.items[0]!.id, 1);
    await order(short.id, a, short.items[0]!.id, 1);
    await new Promise((r) => setTimeout(r, 500));
    expect(await closeDueBuys(t.container.buysDeps)).toBe(2);
    await settle();
    const notices = (await feed(s.community.id, lead)).notifications;
    expect(notices.find((n) => n.buyId === due.id && n.type === 'leader_buy_closed')).toMatchObject({
      data: { buyTitle: '鸡蛋团购', householdLabel: lead.household.label, orders: 2, amountFen: 7500 },
    });
    expect(notices.find((n) => n.buyId === short.id && n.type === 'leader_buy_failed')).toMatchObject({
      data: { buyTitle: '大米团购', householdLabel: lead.household.label },
    });
    // Nobody else hears the leader's notices.
    for (const who of [a, b])
      expect((await types(s.community.id, who)).filter((type) => type.startsWith('leader_'))).toEqual([]);

    // Closed by the leader's own hand: nothing more for them than for any participant.
    const own = await createOpenBuy(t.app, lead, s.community.id);
    await order(own.id, a, own.items[0]!.id, 1);
    expect((await inject('POST', `/api/buys/${own.id}/close`, lead)).json().status).toBe('closed');
    const rows = await t.container.db.select().from(notifications).where(eq(notifications.buyId, own.id));
    expect(rows.map((r) => r.type).sort()).toEqual(['buy_closed', 'buy_opened']);
  });

  it('cancelled with a reason → participants get the reason', async () => {
    const s = await createBuyScene(t.container, { residents: 2 });
    const buy = await createOpenBuy(t.app, s.leader, s.community.id);
    await order(buy.id, s.residents[0]!, buy.items[0]!.id, 1);
    await inject('POST', `/api/buys/${buy.id}/cancel`, s.leader, { reason: '供应商缺货' });
    expect((await feed(s.community.id, s.residents[0]!)).notifications[0]).toMatchObject({
      type: 'buy_cancelled',
      data: { reason: '供应商缺货' },
    });
    expect(await types(s.community.id, s.residents[1]!)).toEqual(['buy_opened']);
  });

  it('closed → arrived: participants told it closed, households with goods told it arrived; price change told', async () => {
    const s = await createBuyScene(t.container, { residents: 3 });
    const [a, b, c] = [s.residents[0]!, s.residents[1]!, s.residents[2]!];
    const buy = await createOpenBuy(
      t.app,
      s.leader,
      s.community.id,
      buyBody([{ name: '鸡蛋', priceFen: 2500, stock: 1 }]),
    );
    const itemId = buy.items[0]!.id;
    await order(buy.id, a, itemId, 1);
    await order(buy.id, b, itemId, 1); // waitlisted

    const patched = await inject('PATCH', `/api/buys/${buy.id}`, s.leader, {
      items: [{ id: itemId, name: '鸡蛋', priceFen: 2800 }],
    });
    expect(patched.statusCode).toBe(200);
    for (const who of [a, b])
      expect((await feed(s.community.id, who)).notifications[0]).toMatchObject({
        type: 'buy_items_changed',
        data: { items: [{ itemId, itemName: '鸡蛋', priceFen: 2800 }] },
      });
    expect(await types(s.community.id, c)).toEqual(['buy_opened']);

    await inject('POST', `/api/buys/${buy.id}/close`, s.leader);
    await inject('POST', `/api/buys/${buy.id}/confirm`, s.leader);
    await inject('POST', `/api/buys/${buy.id}/arrive`, s.leader);
    expect(await types(s.community.id, a)).toEqual([
      'buy_arrived',
      'buy_closed',
      'buy_items_changed',
      'buy_opened',
    ]);
    expect((await feed(s.community.id, b)).notifications.slice(0, 2)).toMatchObject([
      { type: 'buy_closed', data: { orderStatus: 'waitlisted' } },
      { type: 'buy_items_changed' },
    ]);
    expect(await types(s.community.id, c)).toEqual(['buy_opened']);
  });
});

describe('notices of events stored with their commit (an order batch)', () => {
  const unnoticed = async (buyId: string) =>
    (await t.container.db.select().from(domainEvents).where(eq(domainEvents.buyId, buyId))).filter(
      (r) => !r.noticed,
    ).length;

  /** /metrics' count of events whose notices the sweep wrote. */
  const recoveredMetric = async () => {
    const res = await t.app.inject({ method: 'GET', url: '/metrics' });
    return Number(/^linli_notices_recovered_total (\d+)$/m.exec(res.body)?.[1] ?? Number.NaN);
  };

  /** Households (two by default) and one egg: all but the first to join wait. */
  const oneEgg = async (residents = 2) => {
    const s = await createBuyScene(t.container, { residents });
    const buy = await createOpenBuy(
      t.app,
      s.leader,
      s.community.id,
      buyBody([{ name: '鸡蛋', priceFen: 2500, stock: 1 }]),
    );
    return { s, a: s.residents[0]!, b: s.residents[1]!, buy, itemId: buy.items[0]!.id };
  };

  it('a notifier killed while it held them: the sweep writes them, once', async () => {
    const { s, a, b, buy, itemId } = await oneEgg();
    // Nothing turns events into notices meanwhile, as when the server is killed while its notifier holds a
    // rush's notices.
    await t.container.notifier.stop();
    const beforeJoins = new Date(Date.now() - 1000);
    try {
      expect((await order(buy.id, a, itemId, 1)).statusCode).toBe(201);
      expect((await order(buy.id, b, itemId, 1)).statusCode).toBe(201);
      expect(await types(s.community.id, b)).toEqual(['buy_opened']);
      expect(await unnoticed(buy.id)).toBeGreaterThan(0);

      // Not yet orphaned: left to the notifier that holds them; nor stored before a process that has had the
      // data to itself since then (the embedded database's sweep after a restart) started.
      expect(await t.container.notifier.recover(60_000)).toBe(0);
      expect(await t.container.notifier.recover(60_000, beforeJoins)).toBe(0);
      const before = await recoveredMetric();
      const recovered = await t.container.notifier.recover(0);
      expect(recovered).toBeGreaterThanOrEqual(2);
      expect((await recoveredMetric()) - before).toBe(recovered);
      expect(await unnoticed(buy.id)).toBe(0);
      expect(await types(s.community.id, b)).toEqual(['order_waitlisted', 'buy_opened']);
      expect((await feed(s.community.id, b)).notifications[0]).toMatchObject({
        type: 'order_waitlisted',
        data: { householdLabel: b.household.label, items: [{ itemId, qty: 1, waitlistedQty: 1 }] },
      });
      expect(await types(s.community.id, a)).toEqual(['buy_opened']);
      // Swept once: a second pass finds nothing, not even one that takes every page stored until now.
      expect(await t.container.notifier.recover(0)).toBe(0);
      expect(await t.container.notifier.recover(60_000, new Date())).toBe(0);
      expect(await types(s.community.id, b)).toEqual(['order_waitlisted', 'buy_opened']);
    } finally {
      t.container.notifier.start();
    }
  });

  it('pages stored before the process that owns the data started are swept whatever their age', async () => {
    const { s, b, buy, itemId } = await oneEgg();
    await t.container.notifier.stop();
    try {
      const [ra, rb] = await Promise.all([
        order(buy.id, s.residents[0]!, itemId, 1),
        order(buy.id, b, itemId, 1),
      ]);
      expect([ra.statusCode, rb.statusCode]).toEqual([201, 201]);
      // The owner started a second after them. (Not `new Date()`, which CI once found not after them: 0 swept.
      // A page's created_at is the database's clock, in microseconds; a JavaScript date is this process's, in
      // milliseconds. The test should not depend on the two agreeing to the millisecond.)
      const ownerStarted = new Date(Date.now() + 1000);
      expect(await t.container.notifier.recover(60_000, ownerStarted)).toBeGreaterThanOrEqual(2);
      expect(await unnoticed(buy.id)).toBe(0);
    } finally {
      t.container.notifier.start();
    }
    const told = [...(await types(s.community.id, s.residents[0]!)), ...(await types(s.community.id, b))];
    expect(told.filter((x) => x === 'order_waitlisted')).toHaveLength(1);
  });

  it('two instances sweeping the same orphaned pages at once tell each household once', async () => {
    const { s, buy, itemId } = await oneEgg(6);
    await t.container.notifier.stop();
    // Another instance's notifier: its own claims, on the same database.
    const other = new Notifier(
      { repo: t.container.notificationsDeps.repo, clock: t.container.clock, events: t.container.events },
      t.container.events,
      { pages: createNoticePages(t.container.db) },
    );
    try {
      for (const r of s.residents) expect((await order(buy.id, r, itemId, 1)).statusCode).toBe(201);
      // The orders as a read sees them (the order journal expanded), for the other instance's reads.
      expect((await inject('GET', `/api/buys/${buy.id}/orders`, s.leader)).statusCode).toBe(200);
      const [mine, theirs] = await Promise.all([t.container.notifier.recover(0), other.recover(0)]);
      expect(mine + theirs).toBeGreaterThanOrEqual(6);
      expect(await unnoticed(buy.id)).toBe(0);
    } finally {
      t.container.notifier.start();
    }
    for (const [n, r] of s.residents.entries())
      expect(await types(s.community.id, r), r.household.label).toEqual(
        n === 0 ? ['buy_opened'] : ['order_waitlisted', 'buy_opened'],
      );
  });

  it('a claim is seen only with the notices it is for (PostgreSQL: a kill in between leaves the page unclaimed)', async (ctx) => {
    // Another connection must look while the claim's transaction is open: the embedded database has one.
    if (t.handle.kind !== 'postgres') ctx.skip();
    const { s, a, b, buy, itemId } = await oneEgg();
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    /** Notices written through it wait at the gate: the moment a kill could come. */
    const gated = <W extends NotificationWriter>(w: W): W => ({
      ...w,
      async insertRows(list, at) {
        entered();
        await gate;
        return w.insertRows(list, at);
      },
    });
    await t.container.notifier.stop();
    const notifier = new Notifier(
      {
        repo: gated(t.container.notificationsDeps.repo),
        clock: t.container.clock,
        events: t.container.events,
      },
      t.container.events,
      { pages: createNoticePages(t.container.db, (tx) => gated(createNotificationsRepo(tx))) },
    );
    notifier.start();
    try {
      expect((await order(buy.id, a, itemId, 1)).statusCode).toBe(201);
      expect((await order(buy.id, b, itemId, 1)).statusCode).toBe(201);
      await inside;
      // The notices are being written: their pages are not claimed for anyone else to see yet.
      expect(await unnoticed(buy.id)).toBeGreaterThan(0);
      release();
      await notifier.flush();
      expect(await unnoticed(buy.id)).toBe(0);
    } finally {
      release();
      await notifier.stop();
      t.container.notifier.start();
    }
    expect(await types(s.community.id, b)).toEqual(['order_waitlisted', 'buy_opened']);
  });

  it('a notice the database refuses is undone alone: the others commit with the claim, in its transaction', async () => {
    const { s, a, b, buy, itemId } = await oneEgg();
    /** Its first write runs a statement the database refuses, as a notice that cannot be stored would. */
    const refusingFirst = (tx: Executor, w: NotificationWriter): NotificationWriter => {
      let first = true;
      return {
        ...w,
        async insertRows(list, at) {
          if (first) {
            first = false;
            await tx.execute(sql`SELECT 1 / 0`);
          }
          return w.insertRows(list, at);
        },
      };
    };
    const warnings: string[] = [];
    await t.container.notifier.stop();
    const notifier = new Notifier(
      { repo: t.container.notificationsDeps.repo, clock: t.container.clock, events: t.container.events },
      t.container.events,
      {
        pages: createNoticePages(t.container.db, (tx) => refusingFirst(tx, createNotificationsRepo(tx))),
        log: { warn: (_o, msg) => void warnings.push(msg) },
      },
    );
    notifier.start();
    try {
      expect((await order(buy.id, a, itemId, 1)).statusCode).toBe(201);
      expect((await order(buy.id, b, itemId, 1)).statusCode).toBe(201);
      await notifier.flush();
    } finally {
      await notifier.stop();
      t.container.notifier.start();
    }
    // The refused statement was rolled back to its savepoint and the notice written again in the same
    // transaction; before the thirty-fifth session it aborted the transaction, and the claim and the notices
    // were written one after the other outside it (a kill between them lost the notices).
    expect(warnings).toEqual([]);
    expect(await unnoticed(buy.id)).toBe(0);
    expect(await types(s.community.id, b)).toEqual(['order_waitlisted', 'buy_opened']);
  });

  it('the live notifier claims the pages whose notices it writes: nothing is left for the sweep', async () => {
    const { s, a, b, buy, itemId } = await oneEgg();
    const [ra, rb] = await Promise.all([order(buy.id, a, itemId, 1), order(buy.id, b, itemId, 1)]);
    expect([ra.statusCode, rb.statusCode]).toEqual([201, 201]);
    await settle();
    expect(await unnoticed(buy.id)).toBe(0);
    expect(await t.container.notifier.recover(0)).toBe(0);
    const told = [...(await types(s.community.id, a)), ...(await types(s.community.id, b))];
    expect(told.filter((x) => x === 'order_waitlisted')).toHaveLength(1);
  });
});

describe("notices of every other change, stored with its commit (a leader's edit, a transition, money)", () => {
  const unnoticed = async (buyId: string) =>
    (await t.container.db.select().from(domainEvents).where(eq(domainEvents.buyId, buyId))).filter(
      (r) => !r.noticed,
    ).length;

  /** Runs `changes` while nothing turns events into notices, as when the server is killed just after them. */
  const killedAfter = async (buyId: string, changes: () => Promise<void>) => {
    await t.container.notifier.stop();
    try {
      await changes();
      expect(await unnoticed(buyId)).toBeGreaterThan(0);
      expect(await t.container.notifier.recover(0)).toBeGreaterThan(0);
      expect(await unnoticed(buyId)).toBe(0);
      expect(await t.container.notifier.recover(0)).toBe(0);
    } finally {
      t.container.notifier.start();
    }
  };

  it("a leader's price change and cancel: the sweep tells every participant, once", async () => {
    const s = await createBuyScene(t.container, { residents: 3 });
    const [a, b, c] = [s.residents[0]!, s.residents[1]!, s.residents[2]!];
    const buy = await createOpenBuy(t.app, s.leader, s.community.id);
    const itemId = buy.items[0]!.id;
    await order(buy.id, a, itemId, 1);
    await order(buy.id, b, itemId, 2);
    await killedAfter(buy.id, async () => {
      const patched = await inject('PATCH', `/api/buys/${buy.id}`, s.leader, {
        items: [{ id: itemId, name: '鸡蛋', priceFen: 2800 }],
      });
      expect(patched.statusCode).toBe(200);
      expect(await types(s.community.id, a)).toEqual(['buy_opened']);
    });
    // (Swept apart: what a swept notice says is read as it is then, and a cancelled buy's price is news to nobody.)
    await killedAfter(buy.id, async () => {
      const cancelled = await inject('POST', `/api/buys/${buy.id}/cancel`, s.leader, {
        reason: '供应商缺货',
      });
      expect(cancelled.statusCode).toBe(200);
    });
    for (const who of [a, b]) {
      expect(await types(s.community.id, who)).toEqual(['buy_cancelled', 'buy_items_changed', 'buy_opened']);
      expect((await feed(s.community.id, who)).notifications[0]!.data).toMatchObject({
        reason: '供应商缺货',
      });
    }
    expect(await types(s.community.id, c)).toEqual(['buy_opened']);
  });

  it('a payment confirmed: the sweep tells its household, once', async () => {
    const s = await createClosedBuyScene(t.app, t.container);
    const a = s.residents[0]!;
    let paymentId = '';
    await killedAfter(s.buy.id, async () => {
      const marked = await inject('POST', `/api/buys/${s.buy.id}/money/payments`, a, { method: 'wechat' });
      expect(marked.statusCode).toBe(201);
      paymentId = marked.json().payment.id;
      expect((await inject('POST', `/api/payments/${paymentId}/confirm`, s.leader)).statusCode).toBe(200);
    });
    const told = (await feed(s.community.id, a)).notifications.filter((n) => n.type === 'payment_confirmed');
    expect(told).toHaveLength(1);
    expect(told[0]!.data).toMatchObject({ amountFen: 2650 });
    expect((await types(s.community.id, s.residents[1]!)).includes('payment_confirmed')).toBe(false);
  });

  it('the live notifier claims them as they come: nothing is left for the sweep, nobody is told twice', async () => {
    const s = await createBuyScene(t.container, { residents: 2 });
    const buy = await createOpenBuy(t.app, s.leader, s.community.id);
    await order(buy.id, s.residents[0]!, buy.items[0]!.id, 1);
    expect(
      (await inject('POST', `/api/buys/${buy.id}/cancel`, s.leader, { reason: '缺货' })).statusCode,
    ).toBe(200);
    expect(await unnoticed(buy.id)).toBe(0);
    expect(await t.container.notifier.recover(0)).toBe(0);
    expect(await types(s.community.id, s.residents[0]!)).toEqual(['buy_cancelled', 'buy_opened']);
  });
});

describe('reading', () => {
  it('read marker: all, up to one, never back; new notifications are unread again', async () => {
    const s = await createBuyScene(t.container, { residents: 1 });
    const r = s.residents[0]!;
    const url = `/api/communities/${s.community.id}/notifications/read`;
    await createOpenBuy(t.app, s.leader, s.community.id);
    await createOpenBuy(t.app, s.leader, s.community.id);
    await settle();
    const before = await feed(s.community.id, r);
    expect(before.unreadCount).toBe(2);
    const [newest, older] = before.notifications as [FeedItem, FeedItem];

    const upTo = await inject('POST', url, r, { upTo: older.id });
    expect(upTo.json()).toEqual({ unreadCount: 1 });
    expect((await feed(s.community.id, r)).notifications.map((n) => n.read)).toEqual([false, true]);

    // Bodiless: everything.
    expect((await inject('POST', url, r)).json()).toEqual({ unreadCount: 0 });
    expect((await feed(s.community.id, r)).notifications.map((n) => n.id === newest.id && n.read)).toEqual([
      true,
      false,
    ]);
    // Marking an older one read does not un-read the newer one.
    expect((await inject('POST', url, r, { upTo: older.id })).json()).toEqual({ unreadCount: 0 });

    // Another member of the household has their own marker.
    await createOpenBuy(t.app, s.leader, s.community.id);
    await settle();
    expect((await feed(s.community.id, r)).unreadCount).toBe(1);
    expect((await feed(s.community.id, s.leader)).unreadCount).toBe(3);
  });

  // Two writers at once (two instances' notifiers on one PostgreSQL): a notice can commit after a newer one and
  // after the member marked everything read. It was not there to be read. The embedded database has one
  // connection, so no notice commits while a read is made: nothing to interleave there.
  it.runIf(process.env.LINLI_TEST_DB === 'postgres')(
    'a notice that commits after "all read", dated before the newest one read, stays unread',
    async () => {
      const s = await createBuyScene(t.container, { residents: 1 });
      const r = s.residents[0]!;
      const url = `/api/communities/${s.community.id}/notifications/read`;
      const insert = `INSERT INTO notifications (id, community_id, household_id, buy_id, type, data, created_at)
        VALUES ($1, $2, NULL, $3, 'buy_opened', $4::jsonb,
          date_trunc('milliseconds', now() - $5::interval))`;
      const notice = (id: string, ago: string) => [
        id,
        s.community.id,
        randomUUID(),
        JSON.stringify({ buyTitle: id, deadline: null }),
        ago,
      ];
      // Members joined an hour ago: what came before they joined counts as read.
      await t.handle.pool!.query(
        `UPDATE members SET created_at = created_at - interval '1 hour' WHERE community_id = $1`,
        [s.community.id],
      );
      const late = randomUUID();
      const slow = await t.handle.pool!.connect();
      try {
        await slow.query('BEGIN');
        await slow.query(insert, notice(late, '2 seconds'));
        const early = randomUUID();
        await t.handle.pool!.query(insert, notice(early, '1 second'));
        expect((await feed(s.community.id, r)).notifications.map((n) => n.id)).toEqual([early]);
        expect((await inject('POST', url, r)).json()).toEqual({ unreadCount: 0 });
        await slow.query('COMMIT');
        const after = await feed(s.community.id, r);
        expect(after.notifications.map((n) => [n.id, n.read])).toEqual([
          [early, true],
          [late, false],
        ]);
        expect(after.unreadCount).toBe(1);
        // Read now that it is there: marked read like any other, and the marker still only moves forward.
        expect((await inject('POST', url, r, { upTo: late })).json()).toEqual({ unreadCount: 0 });
        expect((await feed(s.community.id, r)).notifications.map((n) => n.read)).toEqual([true, true]);
      } finally {
        await slow.query('ROLLBACK').catch(() => {});
        slow.release();
      }
    },
  );

  it('paginates newest first with nextBefore', async () => {
    const s = await createBuyScene(t.container, { residents: 1 });
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.unshift((await createOpenBuy(t.app, s.leader, s.community.id)).id);
    await settle();
    const who = s.residents[0]!;
    const p1 = await feed(s.community.id, who, '?limit=2');
    expect(p1.notifications.map((n) => n.buyId)).toEqual(ids.slice(0, 2));
    expect(p1.nextBefore).toBe(p1.notifications[1]!.id);
    const p2 = await feed(s.community.id, who, `?limit=2&before=${p1.nextBefore}`);
    expect(p2.notifications.map((n) => n.buyId)).toEqual(ids.slice(2));
    expect(p2.nextBefore).toBeNull();
  });

  it("another household's notifications are never visible, not even as a cursor", async () => {
    const s = await createBuyScene(t.container, { residents: 2 });
    const [a, b] = [s.residents[0]!, s.residents[1]!];
    const buy = await createOpenBuy(
      t.app,
      s.leader,
      s.community.id,
      buyBody([{ name: '鸡蛋', priceFen: 2500, stock: 1 }]),
    );
    await order(buy.id, a, buy.items[0]!.id, 1);
    await order(buy.id, b, buy.items[0]!.id, 1);
    const mine = (await feed(s.community.id, b)).notifications[0]!;
    expect(mine.type).toBe('order_waitlisted');
    for (const who of [a, s.leader, s.admin]) {
      const f = await feed(s.community.id, who);
      expect(f.notifications.map((n) => n.id)).not.toContain(mine.id);
      const cursor = await inject(
        'GET',
        `/api/communities/${s.community.id}/notifications?before=${mine.id}`,
        who,
      );
      expect(cursor.statusCode).toBe(422);
      const read = await inject('POST', `/api/communities/${s.community.id}/notifications/read`, who, {
        upTo: mine.id,
      });
      expect(read.statusCode).toBe(422);
    }
    // Nor from another compound.
    const other = await createTestCommunity(t.container);
    const outsider = await createTestMember(t.container, other.community.id);
    const res = await inject('GET', `/api/communities/${s.community.id}/notifications`, outsider);
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('not_a_member');
  });
});

describe('bad input never 500s', () => {
  it('401, 403, bad ids, bad query, bad body', async () => {
    const s = await createBuyScene(t.container, { residents: 1 });
    const who = s.residents[0]!;
    const base = `/api/communities/${s.community.id}/notifications`;
    const stranger = await createTestUser(t.container);
    const cases: [string, string, Who | null, unknown, number][] = [
      ['GET', base, null, undefined, 401],
      ['POST', `${base}/read`, null, {}, 401],
      ['GET', base, stranger, undefined, 403],
      ['POST', `${base}/read`, stranger, {}, 403],
      ['GET', `/api/communities/not-a-uuid/notifications`, who, undefined, 400],
      ['POST', `/api/communities/not-a-uuid/notifications/read`, who, {}, 400],
      ['GET', `/api/communities/${crypto.randomUUID()}/notifications`, who, undefined, 403],
      ['GET', `${base}?limit=0`, who, undefined, 400],
      ['GET', `${base}?limit=101`, who, undefined, 400],
      ['GET', `${base}?limit=abc`, who, undefined, 400],
      ['GET', `${base}?before=nope`, who, undefined, 400],
      ['GET', `${base}?before=${crypto.randomUUID()}`, who, undefined, 422],
      ['POST', `${base}/read`, who, { upTo: 'nope' }, 400],
      ['POST', `${base}/read`, who, { upTo: 7 }, 400],
      ['POST', `${base}/read`, who, { upTo: crypto.randomUUID() }, 422],
      ['POST', `${base}/read`, who, { everything: true }, 400],
      ['POST', `${base}/read`, who, [1, 2], 400],
      ['POST', `${base}/read`, who, { upTo: 'x'.repeat(2_000_000) }, 413],
    ];
    for (const [method, url, user, payload, status] of cases) {
      const res = await t.app.inject({
        method: method as 'GET' | 'POST',
        url,
        headers: user ? bearer(user) : {},
        ...(payload === undefined ? {} : { payload: payload as object }),
      });
      expect([method, url.slice(0, 80), res.statusCode]).toEqual([method, url.slice(0, 80), status]);
      expect(res.json().error.code).toEqual(expect.any(String));
    }
    const malformed = await t.app.inject({
      method: 'POST',
      url: `${base}/read`,
      headers: { ...bearer(who), 'content-type': 'application/json' },
      payload: '{"upTo":',
    });
    expect(malformed.statusCode).toBe(400);
  });

  it('appears in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/communities/{communityId}/notifications',
        '/api/communities/{communityId}/notifications/read',
      ]),
    );
  });
});
