import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../shared/events.ts';
import {
  NOTIFYING_EVENTS,
  notificationsFor,
  waitlistedLines,
  type EventContext,
  type OrderFacts,
} from './mapping.ts';

const C = '00000000-0000-4000-8000-00000000000c';
const B = '00000000-0000-4000-8000-00000000000b';
const H = '00000000-0000-4000-8000-00000000000a';
const O = '00000000-0000-4000-8000-000000000001';
const I1 = '00000000-0000-4000-8000-0000000000e1';
const I2 = '00000000-0000-4000-8000-0000000000e2';
const M = '00000000-0000-4000-8000-0000000000ff';
const at = '2026-05-01T00:00:00.000Z';
const stamp = { communityId: C, buyId: B, at };
const buy = { id: B, communityId: C, title: '鸡蛋团购', deadline: '2026-05-02T04:00:00.000Z' };
const order = (o: Partial<OrderFacts> = {}): OrderFacts => ({
  id: O,
  householdId: H,
  householdLabel: '3-502',
  status: 'active',
  lines: [
    { itemId: I2, itemName: '牛奶', qty: 1, waitlistedQty: 0 },
    { itemId: I1, itemName: '鸡蛋', qty: 3, waitlistedQty: 1 },
  ],
  ...o,
});
const map = (event: DomainEvent, ctx: Partial<EventContext> = {}) => notificationsFor(event, { buy, ...ctx });

describe('notificationsFor: buy events', () => {
  it('buy.published → ONE community-wide row with the title and deadline', () => {
    expect(map({ type: 'buy.published', ...stamp })).toEqual([
      {
        kind: 'row',
        row: {
          communityId: C,
          householdId: null,
          buyId: B,
          type: 'buy_opened',
          data: { buyTitle: '鸡蛋团购', deadline: buy.deadline },
        },
      },
    ]);
  });

  it('buy.closed / buy.failed by the deadline → also a row for the leader’s household; not when they closed it', () => {
    const leader = { memberId: M, household: { id: H, label: '3-201' }, liveOrders: 48, amountFen: 499_720 };
    const closed: DomainEvent = { type: 'buy.closed', ...stamp };
    expect(map(closed, { leader })[1]).toEqual({
      kind: 'row',
      row: {
        communityId: C,
        householdId: H,
        buyId: B,
        type: 'leader_buy_closed',
        data: { buyTitle: '鸡蛋团购', householdLabel: '3-201', orders: 48, amountFen: 499_720 },
      },
    });
    expect(map({ type: 'buy.failed', ...stamp }, { leader })[1]).toMatchObject({
      row: {
        householdId: H,
        type: 'leader_buy_failed',
        data: { buyTitle: '鸡蛋团购', householdLabel: '3-201' },
      },
    });
    // Closed by the leader's own hand, by a leader without a household, or with no leader left: nothing more.
    expect(map({ ...closed, byMemberId: M }, { leader })).toHaveLength(1);
    expect(map({ type: 'buy.failed', byMemberId: M, ...stamp }, { leader })).toHaveLength(1);
    expect(map(closed, { leader: { ...leader, household: null } })).toHaveLength(1);
    expect(map(closed, { leader: null })).toHaveLength(1);
    // An admin closing it early: the leader is told.
    expect(map({ ...closed, byMemberId: O }, { leader })).toHaveLength(2);
  });

  it('pool.joined → a row for the host leader’s household; none without one', () => {
    const leader = { memberId: M, household: { id: H, label: '3-201' }, liveOrders: 0, amountFen: 0 };
    const joined: DomainEvent = { type: 'pool.joined', compoundName: '和平苑', gate: '北门', ...stamp };
    expect(map(joined, { leader })).toEqual([
      {
        kind: 'row',
        row: {
          communityId: C,
          householdId: H,
          buyId: B,
          type: 'pool_joined',
          data: { buyTitle: '鸡蛋团购', householdLabel: '3-201', compoundName: '和平苑', gate: '北门' },
        },
      },
    ]);
    expect(map(joined, { leader: { ...leader, household: null } })).toEqual([]);
    expect(map(joined)).toEqual([]);
  });

  it.each([
    ['a buy’s own', {}, {}],
    [
      'a 联合团购’s, with how many compounds reached it together',
      { pool: { compounds: 3, qty: 40, amountFen: 160_000 } },
      { compounds: 3 },
    ],
  ])(
    'buy.threshold_met (%s) → ONE community-wide row, unless the compound was told before',
    (_, extra, data) => {
      const met: DomainEvent = { type: 'buy.threshold_met', ...stamp, ...extra };
      expect(map(met, { toldBefore: false })).toEqual([
        {
          kind: 'row',
          row: {
            communityId: C,
            householdId: null,
            buyId: B,
            type: 'buy_threshold_met',
            data: { buyTitle: '鸡蛋团购', deadline: buy.deadline, ...data },
          },
        },
      ]);
      expect(map(met, { toldBefore: true })).toEqual([]);
      expect(map(met)).toEqual([]); // not looked up: nothing said rather than said twice
    },
  );

  it.each([
    [{ type: 'buy.closed', ...stamp }, 'buy_closed', { kind: 'live' }, {}],
    [{ type: 'buy.failed', ...stamp }, 'buy_failed', { kind: 'released', reason: 'buy_failed' }, {}],
    [
      { type: 'buy.cancelled', reason: '供应商缺货', ...stamp },
      'buy_cancelled',
      { kind: 'released', reason: 'buy_cancelled' },
      { reason: '供应商缺货' },
    ],
    [{ type: 'buy.status_changed', status: 'arrived', ...stamp }, 'buy_arrived', { kind: 'allocated' }, {}],
  ] as const)('%o → a fan-out over the buy’s households', (event, type, audience, extra) => {
    expect(map(event)).toEqual([
      {
        kind: 'fan_out',
        fanOut: { communityId: C, buyId: B, type, data: { buyTitle: '鸡蛋团购', ...extra }, audience },
      },
    ]);
  });

  it('other status changes (confirmed, completed) notify nobody', () => {
    expect(map({ type: 'buy.status_changed', status: 'confirmed', ...stamp })).toEqual([]);
    expect(map({ type: 'buy.status_changed', status: 'completed', ...stamp })).toEqual([]);
  });

  it('buy.items_changed → the holders of the changed items, with names and prices as they are now', () => {
    const items = [{ id: I1, name: '鸡蛋', unit: '盒', priceFen: 2600 }];
    expect(map({ type: 'buy.items_changed', itemIds: [I1], ...stamp }, { items })).toEqual([
      {
        kind: 'fan_out',
        fanOut: {
          communityId: C,
          buyId: B,
          type: 'buy_items_changed',
          data: {
            buyTitle: '鸡蛋团购',
            items: [{ itemId: I1, itemName: '鸡蛋', unit: '盒', priceFen: 2600 }],
          },
          audience: { kind: 'holders', itemIds: [I1] },
        },
      },
    ]);
    expect(map({ type: 'buy.items_changed', itemIds: [I2], ...stamp }, { items: [] })).toEqual([]);
  });

  it('a buy that no longer exists, and events nobody is told about, give nothing', () => {
    expect(notificationsFor({ type: 'buy.published', ...stamp }, { buy: null })).toEqual([]);
    expect(map({ type: 'buy.updated', ...stamp })).toEqual([]);
    expect(map({ type: 'community.created', communityId: C, at })).toEqual([]);
  });
});

describe('notificationsFor: order events', () => {
  const placed = { type: 'order.placed', orderId: O, byMemberId: M, ...stamp } as const;

  it('an order with waitlisted quantity → that household, with the waiting lines (sorted by item)', () => {
    const out = map(placed, { order: order(), lastWaitlisted: null });
    expect(out).toEqual([
      {
        kind: 'row',
        row: {
          communityId: C,
          householdId: H,
          buyId: B,
          type: 'order_waitlisted',
          data: {
            buyTitle: '鸡蛋团购',
            householdLabel: '3-502',
            orderId: O,
            items: [{ itemId: I1, itemName: '鸡蛋', qty: 3, waitlistedQty: 1 }],
          },
        },
      },
    ]);
  });

  it('nothing waitlisted, a cancelled order, or the same waitlist as last told → nothing', () => {
    expect(map(placed, { order: order({ lines: [] }) })).toEqual([]);
    expect(map(placed, { order: order({ status: 'cancelled' }) })).toEqual([]);
    expect(map(placed, { order: null })).toEqual([]);
    const last = waitlistedLines(order());
    expect(map({ ...placed, type: 'order.updated' }, { order: order(), lastWaitlisted: last })).toEqual([]);
  });

  it('a waitlist that grew is told again', () => {
    const last = waitlistedLines(order());
    const more = order({ lines: [{ itemId: I1, itemName: '鸡蛋', qty: 3, waitlistedQty: 2 }] });
    expect(map({ ...placed, type: 'order.updated' }, { order: more, lastWaitlisted: last })).toHaveLength(1);
  });

  it('order.promoted → that household, with the item and quantity', () => {
    const out = map(
      { type: 'order.promoted', orderId: O, itemId: I1, qty: 1, ...stamp },
      { order: order(), items: [{ id: I1, name: '鸡蛋', unit: null, priceFen: 2500 }] },
    );
    expect(out).toEqual([
      {
        kind: 'row',
        row: {
          communityId: C,
          householdId: H,
          buyId: B,
          type: 'order_promoted',
          data: {
            buyTitle: '鸡蛋团购',
            householdLabel: '3-502',
            orderId: O,
            itemId: I1,
            itemName: '鸡蛋',
            qty: 1,
          },
        },
      },
    ]);
  });

  it('order.cancelled by someone outside the household → that household; by the household itself → nothing', () => {
    const cancelled = { type: 'order.cancelled', orderId: O, byMemberId: M, ...stamp } as const;
    const o = order({ status: 'cancelled' });
    expect(map(cancelled, { order: o, cancelledByOwnHousehold: false })).toEqual([
      {
        kind: 'row',
        row: {
          communityId: C,
          householdId: H,
          buyId: B,
          type: 'order_cancelled_for_you',
          data: { buyTitle: '鸡蛋团购', householdLabel: '3-502', orderId: O },
        },
      },
    ]);
    expect(map(cancelled, { order: o, cancelledByOwnHousehold: true })).toEqual([]);
    const { byMemberId: _, ...anonymous } = cancelled;
    expect(map(anonymous, { order: o })).toEqual([]);
  });
});

describe('邻里街坊 notices', () => {
  const P = '00000000-0000-4000-8000-0000000000d1';
  const facts = {
    postHouseholdId: H,
    postTitle: '求药',
    byLabel: '1-102',
    byRole: null,
    byOwnSide: false,
    at,
  };
  const taken: DomainEvent = {
    type: 'post.changed',
    communityId: C,
    postId: P,
    kind: 'need',
    action: 'take',
    status: 'taken',
    ...facts,
  };
  const replied: DomainEvent = { type: 'post.replied', communityId: C, postId: P, replyId: O, ...facts };
  const data = { postId: P, postTitle: '求药', byLabel: '1-102', byRole: null };

  it("tells the post's household who took its need and who answered it, without a buy", () => {
    expect(notificationsFor(taken, { buy: null })).toEqual([
      { kind: 'row', row: { communityId: C, householdId: H, buyId: null, type: 'help_offered', data } },
    ]);
    expect(notificationsFor(replied, { buy: null })).toEqual([
      { kind: 'row', row: { communityId: C, householdId: H, buyId: null, type: 'post_replied', data } },
    ]);
  });

  it('tells the household that its helper let the need go: it waits for someone again', () => {
    expect(notificationsFor({ ...taken, action: 'release', status: 'open' }, { buy: null })).toEqual([
      { kind: 'row', row: { communityId: C, householdId: H, buyId: null, type: 'help_released', data } },
    ]);
    expect(
      notificationsFor({ ...taken, action: 'release', status: 'open', byOwnSide: true }, { buy: null }),
    ).toEqual([]);
  });

  it('tells the household that its helper (or an admin) marked its need resolved, not when it did so itself', () => {
    expect(notificationsFor({ ...taken, action: 'resolve', status: 'resolved' }, { buy: null })).toEqual([
      { kind: 'row', row: { communityId: C, householdId: H, buyId: null, type: 'help_resolved', data } },
    ]);
    expect(
      notificationsFor({ ...taken, action: 'resolve', status: 'resolved', byOwnSide: true }, { buy: null }),
    ).toEqual([]);
  });

  it('tells nobody of its own side, of other actions, or of a post without a household', () => {
    expect(notificationsFor({ ...replied, byOwnSide: true }, { buy: null })).toEqual([]);
    expect(notificationsFor({ ...taken, action: 'close', status: 'closed' }, { buy: null })).toEqual([]);
    expect(notificationsFor({ ...taken, postHouseholdId: null }, { buy: null })).toEqual([]);
  });
});

describe('a verified claim', () => {
  const verified: DomainEvent = {
    type: 'household.verified',
    communityId: C,
    householdId: H,
    memberId: O,
    claimLabel: '2-502',
    at,
  };

  it("tells the household's members they may join buys now, without a buy", () => {
    expect(NOTIFYING_EVENTS.has('household.verified')).toBe(true);
    expect(notificationsFor(verified, { buy: null })).toEqual([
      {
        kind: 'row',
        row: {
          communityId: C,
          householdId: H,
          buyId: null,
          type: 'claim_verified',
          data: { householdLabel: '2-502' },
        },
      },
    ]);
  });

  it('tells no one of a proxy household a volunteer registered (nobody there uses the app)', () => {
    const { claimLabel: _none, ...proxy } = verified as Extract<DomainEvent, { type: 'household.verified' }>;
    expect(notificationsFor(proxy, { buy: null })).toEqual([]);
  });
});
