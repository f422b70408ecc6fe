import { describe, expect, it } from 'vitest';
import { itemsText, notificationHref, notificationText } from './notification-text.ts';

const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;
const text = (type: string, data: Record<string, unknown>) => notificationText({ type, data }, '、', yuan);

describe('notificationText', () => {
  it('names the buy for simple types', () => {
    expect(text('buy_opened', { buyTitle: '鸡蛋团购', deadline: 'x' })).toEqual({
      key: 'notifications.text.buy_opened',
      values: { title: '鸡蛋团购' },
    });
    expect(text('buy_arrived', { buyTitle: 'A' }).key).toBe('notifications.text.buy_arrived');
    expect(text('claim_verified', { householdLabel: '2-502' })).toEqual({
      key: 'notifications.text.claim_verified',
      values: { label: '2-502' },
    });
    expect(text('leader_buy_closed', { buyTitle: 'A', orders: 48, amountFen: 499_720 })).toEqual({
      key: 'notifications.text.leader_buy_closed',
      values: { title: 'A', count: 48, amount: '¥4997.20' },
    });
    expect(text('leader_buy_failed', { buyTitle: 'A' }).key).toBe('notifications.text.leader_buy_failed');
    expect(text('pool_joined', { buyTitle: 'A', compoundName: '和平苑', gate: '北门' }).values).toEqual({
      title: 'A',
      compound: '和平苑',
      gate: '北门',
    });
    expect(text('buy_threshold_met', { buyTitle: 'A', deadline: 'x' })).toEqual({
      key: 'notifications.text.buy_threshold_met',
      values: { title: 'A' },
    });
    expect(text('buy_threshold_met', { buyTitle: 'A', deadline: 'x', compounds: 3 })).toEqual({
      key: 'notifications.text.buy_threshold_met_pool',
      values: { title: 'A', count: 3 },
    });
    expect(text('buy_cancelled', { buyTitle: 'A', reason: '断货' }).values).toEqual({
      title: 'A',
      reason: '断货',
    });
  });
  it('lists what waits, and what was promoted', () => {
    const w = text('order_waitlisted', {
      buyTitle: 'A',
      householdLabel: '3-502',
      items: [
        { itemId: '1', itemName: '鸡蛋', qty: 3, waitlistedQty: 1 },
        { itemId: '2', itemName: '牛奶', qty: 2, waitlistedQty: 2 },
      ],
    });
    expect(w.values).toEqual({ title: 'A', label: '3-502', items: '鸡蛋×1、牛奶×2' });
    expect(
      text('order_promoted', { buyTitle: 'A', householdLabel: '3-502', itemName: '鸡蛋', qty: 2 }).values,
    ).toEqual({ title: 'A', label: '3-502', item: '鸡蛋', count: 2 });
  });
  it('tells a household still waiting at close apart from one that got goods', () => {
    expect(text('buy_closed', { buyTitle: 'A', orderStatus: 'waitlisted' }).key).toBe(
      'notifications.text.buy_closed_waitlisted',
    );
    expect(text('buy_closed', { buyTitle: 'A', orderStatus: 'active' }).key).toBe(
      'notifications.text.buy_closed',
    );
  });
  it('shows new prices', () => {
    const t = text('buy_items_changed', { buyTitle: 'A', items: [{ itemName: '鸡蛋', priceFen: 2550 }] });
    expect(t.values.items).toBe('鸡蛋 ¥25.50');
  });
  it('names the proxy household a volunteer reads a notice for, where the sentence speaks to the household', () => {
    const forProxy = (type: string, data: Record<string, unknown>) =>
      notificationText({ type, data, onBehalfOf: '2-101' }, '、', yuan);
    expect(forProxy('refund_sent', { buyTitle: 'A', amountFen: 2500 })).toEqual({
      key: 'notifications.textFor.refund_sent',
      values: { title: 'A', amount: '¥25.00', reason: '', label: '2-101' },
    });
    expect(forProxy('buy_arrived', { buyTitle: 'A' }).key).toBe('notifications.textFor.buy_arrived');
    expect(forProxy('buy_closed', { buyTitle: 'A', orderStatus: 'waitlisted' }).key).toBe(
      'notifications.textFor.buy_closed_waitlisted',
    );
    expect(forProxy('report_resolved', { buyTitle: 'A', resolution: 'rejected' }).key).toBe(
      'notifications.textFor.report_resolved_rejected',
    );
    // Those that name it already, or are the compound's news, read the same.
    expect(forProxy('order_waitlisted', { buyTitle: 'A', householdLabel: '2-101' }).key).toBe(
      'notifications.text.order_waitlisted',
    );
    expect(forProxy('buy_closed', { buyTitle: 'A' }).key).toBe('notifications.text.buy_closed');
    // The household's own reader: its own words.
    expect(text('refund_sent', { buyTitle: 'A', amountFen: 2500 }).key).toBe(
      'notifications.text.refund_sent',
    );
  });

  it('survives unknown types and malformed data', () => {
    expect(text('street_post', { buyTitle: 'A' })).toEqual({
      key: 'notifications.text.unknown',
      values: { title: 'A' },
    });
    expect(text('order_waitlisted', { items: 'nope', buyTitle: 5 }).values).toEqual({
      title: '5',
      label: '',
      items: '',
    });
    expect(itemsText([null, { itemName: '' }, { itemName: '米' }], 'qty', ', ')).toBe('米');
  });
});

describe('street notices', () => {
  const data = { postId: 'p1', postTitle: '降压药断了', byLabel: '1-302', byRole: 'volunteer' };
  const who = (label: string | null, role: string | null) => [label, role].filter(Boolean).join('/');

  it('names the post and who', () => {
    expect(notificationText({ type: 'help_offered', data }, '、', yuan, who)).toEqual({
      key: 'notifications.text.help_offered',
      values: { title: '降压药断了', who: '1-302/volunteer' },
    });
    expect(
      notificationText(
        { type: 'post_replied', data: { ...data, byLabel: null, byRole: 'admin' } },
        '、',
        yuan,
        who,
      ),
    ).toEqual({ key: 'notifications.text.post_replied', values: { title: '降压药断了', who: 'admin' } });
    expect(notificationText({ type: 'help_released', data }, '、', yuan, who)).toEqual({
      key: 'notifications.text.help_released',
      values: { title: '降压药断了', who: '1-302/volunteer' },
    });
    expect(notificationText({ type: 'help_resolved', data }, '、', yuan, who)).toEqual({
      key: 'notifications.text.help_resolved',
      values: { title: '降压药断了', who: '1-302/volunteer' },
    });
  });

  it('says the label alone without a way to name roles', () => {
    expect(text('post_replied', { ...data, byRole: null }).values).toEqual({
      title: '降压药断了',
      who: '1-302',
    });
  });

  it('leads to the buy (the leader’s notice: its management), or to the post', () => {
    expect(notificationHref({ type: 'buy_opened', buyId: 'b1', data: {} }, 'c1')).toBe('/c/c1/buys/b1');
    // The arrival: the household's package (its code, how to get it).
    expect(notificationHref({ type: 'buy_arrived', buyId: 'b1', data: {} }, 'c1')).toBe(
      '/c/c1/buys/b1/package',
    );
    for (const type of ['package_delivered', 'package_undelivered'] as const)
      expect(notificationHref({ type, buyId: 'b1', data: {} }, 'c1')).toBe('/c/c1/buys/b1/package');
    // A proxy household's (代管): its volunteer takes the goods to its door, from 送货到户; its other news opens
    // the buy, where they order for it.
    for (const type of ['buy_arrived', 'package_delivered', 'package_undelivered'] as const)
      expect(notificationHref({ type, buyId: 'b1', data: {}, onBehalfOf: '2-101' }, 'c1')).toBe(
        '/c/c1/buys/b1/deliveries',
      );
    expect(
      notificationHref({ type: 'order_waitlisted', buyId: 'b1', data: {}, onBehalfOf: '2-101' }, 'c1'),
    ).toBe('/c/c1/buys/b1');
    // Its money and its reported problem: the volunteer's pages for it (代付, 代收退款, 代签收).
    const forProxy = (type: string) =>
      notificationHref(
        { type, buyId: 'b1', data: {}, onBehalfOf: '2-101', onBehalfOfHouseholdId: 'h 9' },
        'c1',
      );
    expect(['payment_confirmed', 'payment_disputed'].map(forProxy)).toEqual([
      '/c/c1/buys/b1/pay?household=h%209',
      '/c/c1/buys/b1/pay?household=h%209',
    ]);
    expect(['refund_due', 'refund_sent', 'order_adjusted'].map(forProxy)).toEqual(
      Array(3).fill('/c/c1/buys/b1/pay?household=h%209#refunds'),
    );
    expect(forProxy('report_resolved')).toBe('/c/c1/buys/b1/package?household=h%209');
    expect(forProxy('buy_arrived')).toBe('/c/c1/buys/b1/deliveries');
    // Without the id (the admin who registered it): its money in 收款对账; the rest as before.
    expect(notificationHref({ type: 'refund_sent', buyId: 'b1', data: {}, onBehalfOf: '2-101' }, 'c1')).toBe(
      '/c/c1/buys/b1/money',
    );
    expect(
      notificationHref({ type: 'report_resolved', buyId: 'b1', data: {}, onBehalfOf: '2-101' }, 'c1'),
    ).toBe('/c/c1/buys/b1');
    expect(notificationHref({ type: 'leader_buy_closed', buyId: 'b1', data: {} }, 'c1')).toBe(
      '/c/c1/buys/b1/manage',
    );
    expect(notificationHref({ type: 'help_offered', buyId: null, data }, 'c1')).toBe('/c/c1/street/p1');
    expect(notificationHref({ type: 'post_replied', buyId: null, data: { postId: 5 } }, 'c1')).toBeNull();
    expect(notificationHref({ type: 'street_post', buyId: null, data: {} }, 'c1')).toBeNull();
    expect(notificationHref({ type: 'claim_verified', buyId: null, data: {} }, 'c1')).toBe('/c/c1/buys');
  });
});
