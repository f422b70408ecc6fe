import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { buyBody, createBuyScene, createOpenBuy, type BuyScene } from '../../../test/support/buys.ts';
import { bearer } from '../../../test/support/users.ts';
import type { BuyStatusChange, DomainEvent } from '../../core/shared/events.ts';

/**
 * A change of a buy's status carries the buy's status as it leaves it (`change`: BuyStatusChange), so that an open
 * buy page shows it without fetching the buy (web/src/features/buys/list-patch.ts). What it carries must be
 * what GET /api/buys/{id} then says, version included, on both order paths (.ci/run's ORDER_TESTS): the
 * journal path moves the buy's version with its order batches.
 */
let t: TestApp;
let s: BuyScene;
beforeAll(async () => {
  t = await createTestApp();
  s = await createBuyScene(t.container, { residents: 2 });
});
afterAll(async () => {
  await t.close();
});

const post = (url: string, payload?: object) =>
  t.app.inject({ method: 'POST', url, headers: bearer(s.leader), ...(payload ? { payload } : {}) });

const readBuy = async (id: string) => {
  const r = await t.app.inject({ method: 'GET', url: `/api/buys/${id}`, headers: bearer(s.residents[0]!) });
  expect(r.statusCode, r.body).toBe(200);
  return r.json() as Record<string, unknown>;
};

/** The buy's events stored after `after` (an event id), with the changes they carry. */
const eventsOf = async (buyId: string, after = 0) =>
  (await t.container.eventStore.buyEventsAfter(buyId, after, 1_000)).map((x) => ({ id: x.id, ...x.event }));

const changeOf = (e: DomainEvent) => ('change' in e ? e.change : undefined);

/** The fields of GET /api/buys/{id} a status change carries. */
const statusFields = (b: Record<string, unknown>): BuyStatusChange => ({
  version: b.version as number,
  status: b.status as string,
  publishedAt: b.publishedAt as string | null,
  closedAt: b.closedAt as string | null,
  cancelReason: b.cancelReason as string | null,
  updatedAt: b.updatedAt as string,
});

const lastId = async (buyId: string) => (await eventsOf(buyId)).at(-1)?.id ?? 0;

/**
 * Runs a change of status and returns the buy events it stored (not the ledger's `money.updated`, which follows
 * in its own time) and the buy as GET then shows it.
 */
async function transition(buyId: string, action: string, payload?: object) {
  const from = await lastId(buyId);
  const r = await post(`/api/buys/${buyId}/${action}`, payload);
  expect(r.statusCode, r.body).toBe(200);
  const events = (await eventsOf(buyId, from)).filter((e) => e.type.startsWith('buy.'));
  return { events, after: await readBuy(buyId) };
}

describe('a change of status carries the buy’s new status', () => {
  it('publish, close after joins, confirm, arrive, complete: each event’s change is what GET then shows', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: `/api/communities/${s.community.id}/buys`,
      headers: bearer(s.leader),
      payload: buyBody([{ name: '鸡蛋', priceFen: 2500, stock: 2, perHouseholdMax: 3 }]),
    });
    expect(created.statusCode, created.body).toBe(201);
    const buy = created.json() as { id: string; items: { id: string }[] };

    const published = await transition(buy.id, 'publish');
    expect(published.events.map((e) => e.type)).toEqual(['buy.published', 'buy.updated']);
    for (const e of published.events) expect(changeOf(e), e.type).toEqual(statusFields(published.after));
    expect(published.after).toMatchObject({ status: 'open', closedAt: null });

    // Joins move the version (an order batch each; on the journal path, in memory first).
    for (const [n, who] of s.residents.entries()) {
      const r = await t.app.inject({
        method: 'PUT',
        url: `/api/buys/${buy.id}/orders/mine`,
        headers: bearer(who),
        payload: { lines: [{ itemId: buy.items[0]!.id, qty: n + 1 }] },
      });
      expect(r.statusCode, r.body).toBeLessThan(300);
    }
    const before = await readBuy(buy.id);

    const closed = await transition(buy.id, 'close');
    expect(closed.events.map((e) => e.type)).toEqual(['buy.closed', 'buy.updated']);
    for (const e of closed.events) expect(changeOf(e), e.type).toEqual(statusFields(closed.after));
    expect(closed.after.version).toBe((before.version as number) + 1);
    expect(closed.after).toMatchObject({ status: 'closed', publishedAt: published.after.publishedAt });
    expect(typeof closed.after.closedAt).toBe('string');

    for (const [action, status] of [
      ['confirm', 'confirmed'],
      ['arrive', 'arrived'],
      ['complete', 'completed'],
    ] as const) {
      const step = await transition(buy.id, action);
      expect(step.events.map((e) => e.type)).toEqual(['buy.status_changed', 'buy.updated']);
      for (const e of step.events) expect(changeOf(e), e.type).toEqual(statusFields(step.after));
      expect(step.after).toMatchObject({ status, closedAt: closed.after.closedAt });
    }
  });

  it('a failed close and a cancellation: their buy.updated carries it; the event that releases orders does not', async () => {
    const failing = await createOpenBuy(t.app, s.leader, s.community.id, { ...buyBody(), minTotalQty: 50 });
    const failed = await transition(failing.id, 'close');
    expect(failed.events.map((e) => [e.type, changeOf(e) !== undefined])).toEqual([
      ['buy.failed', false],
      ['buy.updated', true],
    ]);
    expect(changeOf(failed.events[1]!)).toEqual(statusFields(failed.after));
    expect(failed.after.status).toBe('failed');

    const open = await createOpenBuy(t.app, s.leader, s.community.id);
    const cancelled = await transition(open.id, 'cancel', { reason: '供应商缺货' });
    expect(cancelled.events.map((e) => [e.type, changeOf(e) !== undefined])).toEqual([
      ['buy.cancelled', false],
      ['buy.updated', true],
    ]);
    expect(changeOf(cancelled.events[1]!)).toEqual(statusFields(cancelled.after));
    expect(cancelled.after).toMatchObject({ status: 'cancelled', cancelReason: '供应商缺货' });
  });

  it('a change of details carries none (the page fetches the buy)', async () => {
    const open = await createOpenBuy(t.app, s.leader, s.community.id);
    const from = await lastId(open.id);
    const r = await t.app.inject({
      method: 'PATCH',
      url: `/api/buys/${open.id}`,
      headers: bearer(s.leader),
      payload: { description: '周六下午到货' },
    });
    expect(r.statusCode, r.body).toBe(200);
    const events = await eventsOf(open.id, from);
    expect(events.map((e) => e.type)).toContain('buy.updated');
    for (const e of events) expect(changeOf(e), e.type).toBeUndefined();
  });
});
