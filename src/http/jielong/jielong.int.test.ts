import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { buyBody, createBuyScene, createOpenBuy, inAnHour } from '../../../test/support/buys.ts';
import { addRole, createTestMember } from '../../../test/support/community.ts';
import { bearer } from '../../../test/support/users.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

type Who = { token: string };
const post = (url: string, who: Who | null, payload?: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url,
    headers: { ...(who ? bearer(who) : {}), ...headers },
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
const get = (url: string, who: Who | null) =>
  t.app.inject({ method: 'GET', url, headers: who ? bearer(who) : {} });

const ITEMS = [
  { name: '鸡蛋', unit: '盒', priceFen: 2500, stock: 6, perHouseholdMax: 3 },
  { name: '牛奶', unit: '箱', priceFen: 6000 },
];

/** A compound with buildings 1 and 2 (1-101 … 2-302), 1-101 … 1-302 verified, and an open buy. */
async function scene() {
  const s = await createBuyScene(t.container, { residents: 6, buildings: 2 });
  const buy = await createOpenBuy(t.app, s.leader, s.community.id, buyBody(ITEMS));
  const [egg, milk] = buy.items.map((i) => i.id) as [string, string];
  const preview = (text: string, who: Who = s.leader) =>
    post(`/api/buys/${buy.id}/jielong/preview`, who, { text });
  const commit = (entries: unknown[], who: Who = s.leader, headers: Record<string, string> = {}) =>
    post(`/api/buys/${buy.id}/jielong/commit`, who, { entries }, headers);
  return { ...s, buy, egg, milk, preview, commit };
}

type Line = { line: number; status: string; reasons: string[]; householdId: string | null; items: unknown[] };
const byLine = (lines: Line[]) => new Map(lines.map((l) => [l.line, l]));

const LIST = [
  '#接龙',
  '鸡蛋牛奶团 鸡蛋25元/盒',
  '例 3-502 鸡蛋1盒',
  '1. 1-101 鸡蛋2盒 王阿姨',
  '2. 1号楼102 纯牛奶1箱',
  '3. 1-201 两盒',
  '4. 9-999 鸡蛋1',
  '5. 2-101 鸡蛋1',
  '6. 1-101 牛奶1',
  '7. 1-202 鸡蛋9盒',
  '谢谢团长！',
  '8. 1-301 取消',
].join('\n');

describe('POST /api/buys/{id}/jielong/preview', () => {
  it('sorts the lines into understood, unsure (with reasons), unreadable and done, and changes nothing', async () => {
    const s = await scene();
    const r = await s.preview(LIST);
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.title).toBe('鸡蛋牛奶团 鸡蛋25元/盒');
    const lines = byLine(body.lines);
    expect(lines.get(4)).toMatchObject({
      status: 'understood',
      householdId: s.household('1-101').id,
      items: [{ itemId: s.egg, qty: 2 }],
      note: '王阿姨',
    });
    expect(lines.get(5)).toMatchObject({ status: 'understood', items: [{ itemId: s.milk, qty: 1 }] });
    expect(lines.get(6)).toMatchObject({ status: 'unsure', reasons: ['no_item_named'], label: '1-201' });
    expect(lines.get(7)).toMatchObject({
      status: 'unsure',
      reasons: ['unknown_household'],
      householdId: null,
    });
    expect(lines.get(8)).toMatchObject({ status: 'unsure', reasons: ['household_not_verified'] });
    expect(lines.get(9)).toMatchObject({ status: 'unsure', reasons: ['duplicate_in_list'] });
    expect(lines.get(10)).toMatchObject({ status: 'unsure', reasons: ['qty_over_max'] });
    expect(lines.get(11)).toMatchObject({ status: 'unreadable', reasons: ['not_an_order'] });
    expect(lines.get(12)).toMatchObject({ status: 'done', action: 'cancel' });
    expect(body.counts).toEqual({ understood: 2, unsure: 5, unreadable: 1, done: 1 });
    expect(body.households).toHaveLength(12);
    expect(body.households[0]).toEqual({ id: expect.any(String), label: '1-101', verified: true });
    const orders = await get(`/api/buys/${s.buy.id}/orders`, s.leader);
    expect(orders.json().orders).toEqual([]);
  });

  it('refuses malformed, missing, oversized, unauthorised and wrong-state requests without a 500', async () => {
    const s = await scene();
    const url = `/api/buys/${s.buy.id}/jielong/preview`;
    const other = await createBuyScene(t.container, { residents: 1 });
    const cases: [unknown, Who | null, number, string?][] = [
      [{ text: 42 }, s.leader, 400, 'validation_failed'],
      [{}, s.leader, 400, 'validation_failed'],
      [{ text: '' }, s.leader, 400, 'validation_failed'],
      [{ text: 'x'.repeat(200_001) }, s.leader, 400, 'validation_failed'],
      [{ text: '1. 1-101 鸡蛋1' }, null, 401],
      [{ text: '1. 1-101 鸡蛋1' }, s.residents[0]!, 403, 'not_buy_manager'],
      [{ text: '1. 1-101 鸡蛋1' }, other.leader, 403, 'not_a_member'],
    ];
    for (const [payload, who, status, code] of cases) {
      const r = await post(url, who, payload);
      expect(r.statusCode, JSON.stringify(payload).slice(0, 40)).toBe(status);
      if (code) expect(r.json().error.code).toBe(code);
    }
    const noBody = await post(url, s.leader);
    expect(noBody.statusCode).toBe(400);
    const huge = await post(url, s.leader, { text: '1. 1-101 鸡蛋1\n'.repeat(100_000) });
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBeTruthy();
    expect((await post(`/api/buys/not-a-uuid/jielong/preview`, s.leader, { text: 'x' })).statusCode).toBe(
      400,
    );
    const missing = await post(`/api/buys/${crypto.randomUUID()}/jielong/preview`, s.leader, { text: 'x' });
    expect(missing.statusCode).toBe(404);

    // Another leader of the same compound does not run this buy.
    const leader2 = await createTestMember(t.container, s.community.id, 'Leader 2');
    await addRole(t.container, leader2, { leader: true });
    expect((await post(url, leader2, { text: 'x' })).json().error.code).toBe('not_buy_manager');
    // The compound's admin can step in.
    expect((await post(url, s.admin, { text: '1. 1-101 鸡蛋1' })).statusCode).toBe(200);

    // Wrong state: a draft, and a closed buy.
    const draft = await post(`/api/communities/${s.community.id}/buys`, s.leader, buyBody(ITEMS));
    const d = await post(`/api/buys/${draft.json().id}/jielong/preview`, s.leader, { text: 'x' });
    expect(d.statusCode).toBe(409);
    expect(d.json().error.code).toBe('buy_not_open');
    expect((await post(`/api/buys/${s.buy.id}/close`, s.leader)).statusCode).toBe(200);
    const closed = await post(url, s.leader, { text: '1. 1-101 鸡蛋1' });
    expect(closed.statusCode).toBe(409);
    expect(closed.json().error).toMatchObject({
      code: 'buy_not_open',
      details: { status: expect.any(String) },
    });
  });
});

describe('POST /api/buys/{id}/jielong/commit and re-import', () => {
  it('places the reviewed entries in list order, then a re-import adds only what is new and flags conflicts', async () => {
    const s = await scene();
    const first = (await s.preview(LIST)).json();
    const lines = byLine(first.lines);
    // The leader fixes line 6 (1-201 两盒 → 鸡蛋 2) and commits it with the understood lines.
    const entries = [
      { ...pick(lines.get(4)!), note: '王阿姨', text: '1. 1-101 鸡蛋2盒 王阿姨' },
      pick(lines.get(5)!),
      { line: 6, householdId: s.household('1-201').id, action: 'add', items: [{ itemId: s.egg, qty: 2 }] },
    ];
    const r = await s.commit(entries);
    expect(r.statusCode).toBe(200);
    expect(r.json().counts).toEqual({ placed: 3, cancelled: 0, failed: 0 });
    expect(
      r
        .json()
        .results.map((x: { order: { seq: number; householdLabel: string } }) => [
          x.order.seq,
          x.order.householdLabel,
        ]),
    ).toEqual([
      [1, '1-101'],
      [2, '1-102'],
      [3, '1-201'],
    ]);
    const orders = (await get(`/api/buys/${s.buy.id}/orders`, s.leader)).json().orders;
    expect(orders).toHaveLength(3);
    expect(orders[0]).toMatchObject({
      householdLabel: '1-101',
      note: '王阿姨',
      lines: [{ itemId: s.egg, qty: 2 }],
    });

    // The same list again: nothing new.
    const again = byLine((await s.preview(LIST)).json().lines);
    expect(again.get(4)!.status).toBe('done');
    expect(again.get(5)!.status).toBe('done');

    // Meanwhile a resident orders in the app; then a longer list comes in.
    const mine = await t.app.inject({
      method: 'PUT',
      url: `/api/buys/${s.buy.id}/orders/mine`,
      headers: bearer(s.residents[3]!),
      payload: { lines: [{ itemId: s.milk, qty: 1 }] },
    });
    expect(mine.json().order.householdLabel).toBe('1-202');
    const longer = [
      '#接龙',
      '鸡蛋牛奶团',
      '1. 1-101 鸡蛋3盒 王阿姨',
      '2. 1号楼102 纯牛奶1箱',
      '3. 1-201 鸡蛋2',
      '4. 1-202 鸡蛋1',
      '5. 1-301 牛奶2',
      '6. 1-102 取消',
    ].join('\n');
    const next = byLine((await s.preview(longer)).json().lines);
    expect(next.get(3)).toMatchObject({
      status: 'unsure',
      reasons: ['changed_qty'],
      current: [{ itemId: s.egg, qty: 2 }],
    });
    expect(next.get(5)!.status).toBe('done');
    expect(next.get(6)).toMatchObject({ status: 'unsure', reasons: ['already_ordered'] });
    expect(next.get(7)!.status).toBe('understood');
    expect(next.get(8)).toMatchObject({
      status: 'unsure',
      reasons: ['cancel_needs_confirm'],
      action: 'cancel',
    });
    expect(next.get(4)).toMatchObject({ status: 'done', reasons: ['cancelled_later_in_list'] });

    // The leader confirms the new line, the changed quantity and the cancellation.
    const second = await s.commit([pick(next.get(3)!), pick(next.get(7)!), pick(next.get(8)!)]);
    expect(second.json().counts).toEqual({ placed: 2, cancelled: 1, failed: 0 });
    const after = (await get(`/api/buys/${s.buy.id}/orders`, s.leader)).json().orders as {
      seq: number;
      householdLabel: string;
      status: string;
      lines: { qty: number }[];
    }[];
    expect(after.map((o) => [o.seq, o.householdLabel, o.status])).toEqual([
      [1, '1-101', 'active'],
      [2, '1-102', 'cancelled'],
      [3, '1-201', 'active'],
      [4, '1-202', 'active'],
      [5, '1-301', 'active'],
    ]);
    expect(after[0]!.lines[0]!.qty).toBe(3);
    // And the same longer list once more: nothing left to do but 1-202's conflict.
    const last = (await s.preview(longer)).json();
    expect(last.lines.filter((l: Line) => l.status !== 'done').map((l: Line) => [l.line, l.reasons])).toEqual(
      [[6, ['already_ordered']]],
    );
  });

  it('keeps stock, limits and idempotency: a retried commit replays, over-stock waits, bad entries fail alone', async () => {
    const s = await scene();
    const egg = (household: string, qty: number, line: number) => ({
      line,
      householdId: s.household(household).id,
      action: 'add',
      items: [{ itemId: s.egg, qty }],
    });
    const entries = [egg('1-101', 3, 1), egg('1-102', 3, 2), egg('1-201', 2, 3), egg('1-202', 4, 4)];
    const key = { 'idempotency-key': 'import-1' };
    const r = await s.commit(entries, s.leader, key);
    expect(r.statusCode).toBe(200);
    const results = r.json().results;
    expect(results[2].order).toMatchObject({
      status: 'waitlisted',
      lines: [{ allocatedQty: 0, waitlistedQty: 2 }],
    });
    expect(results[3]).toMatchObject({ ok: false, error: { code: expect.any(String) } });
    expect(r.json().counts).toEqual({ placed: 3, cancelled: 0, failed: 1 });
    // A retry gets the first answer whole, the failed line's too; another list under the key is a 422.
    const retry = await s.commit(entries, s.leader, key);
    expect([retry.statusCode, retry.body]).toEqual([200, r.body]);
    const another = await s.commit([egg('1-301', 1, 1)], s.leader, key);
    expect([another.statusCode, another.json().error.code]).toEqual([422, 'idempotency_key_reused']);
    const orders = (await get(`/api/buys/${s.buy.id}/orders`, s.leader)).json().orders;
    expect(orders).toHaveLength(3);
    const buy = (await get(`/api/buys/${s.buy.id}`, s.leader)).json();
    expect(buy.items[0]).toMatchObject({ allocatedQty: 6, stock: 6 });

    // A household of another compound fails on its own (404), the rest goes through.
    const other = await createBuyScene(t.container, { residents: 1 });
    const mixed = await s.commit([
      { line: 1, householdId: other.households[0]!.id, action: 'add', items: [{ itemId: s.milk, qty: 1 }] },
      { line: 2, householdId: s.household('1-301').id, action: 'add', items: [{ itemId: s.milk, qty: 1 }] },
    ]);
    expect(mixed.json().results.map((x: { ok: boolean }) => x.ok)).toEqual([false, true]);
    expect(mixed.json().results[0].error.code).toBe('household_not_found');

    // After the buy closed, the retry still gets its first answer; a new commit is a 409.
    const closed = await t.app.inject({
      method: 'POST',
      url: `/api/buys/${s.buy.id}/close`,
      headers: bearer(s.leader),
    });
    expect(closed.statusCode).toBe(200);
    const late = await s.commit(entries, s.leader, key);
    expect([late.statusCode, late.body]).toEqual([200, r.body]);
    const fresh = await s.commit(entries, s.leader, { 'idempotency-key': 'import-2' });
    expect([fresh.statusCode, fresh.json().error.code]).toEqual([409, 'buy_not_open']);
  });

  it('refuses malformed, missing, oversized, unauthorised and wrong-state commits without a 500', async () => {
    const s = await scene();
    const url = `/api/buys/${s.buy.id}/jielong/commit`;
    const h = s.household('1-101').id;
    const ok = { line: 1, householdId: h, action: 'add', items: [{ itemId: s.egg, qty: 1 }] };
    const other = await createBuyScene(t.container, { residents: 1 });
    const cases: [unknown, Who | null, number, string?][] = [
      [{ entries: 'x' }, s.leader, 400, 'validation_failed'],
      [{}, s.leader, 400, 'validation_failed'],
      [{ entries: [] }, s.leader, 400, 'validation_failed'],
      [{ entries: [{ ...ok, householdId: 'nope' }] }, s.leader, 400, 'validation_failed'],
      [{ entries: [{ ...ok, items: [{ itemId: s.egg, qty: 10_000 }] }] }, s.leader, 400, 'validation_failed'],
      [{ entries: [{ ...ok, action: 'delete' }] }, s.leader, 400, 'validation_failed'],
      [{ entries: Array.from({ length: 10_001 }, () => ok) }, s.leader, 413],
      [{ entries: [ok, { ...ok, line: 2 }] }, s.leader, 422, 'duplicate_household'],
      [{ entries: [{ ...ok, action: 'cancel' }] }, s.leader, 422, 'cancel_with_items'],
      [{ entries: [{ ...ok, items: [] }] }, s.leader, 422, 'empty_order'],
      [
        { entries: [{ ...ok, items: [{ itemId: crypto.randomUUID(), qty: 1 }] }] },
        s.leader,
        422,
        'item_not_in_buy',
      ],
      [{ entries: [ok] }, null, 401],
      [{ entries: [ok] }, s.residents[0]!, 403, 'not_buy_manager'],
      [{ entries: [ok] }, other.leader, 403, 'not_a_member'],
    ];
    for (const [payload, who, status, code] of cases) {
      const r = await post(url, who, payload);
      expect(r.statusCode, JSON.stringify(payload).slice(0, 60)).toBe(status);
      if (code) expect(r.json().error.code).toBe(code);
    }
    expect((await get(`/api/buys/${s.buy.id}/orders`, s.leader)).json().orders).toEqual([]);
    expect(
      (await post(`/api/buys/${s.buy.id}/cancel`, s.leader, { reason: 'supplier gone' })).statusCode,
    ).toBe(200);
    const wrong = await post(url, s.leader, { entries: [ok] });
    expect(wrong.statusCode).toBe(409);
    expect(wrong.json().error.code).toBe('buy_not_open');
  });
});

describe('GET /api/buys/{id}/jielong', () => {
  it('writes the 接龙 and the summary for any member, by household label only', async () => {
    const s = await scene();
    await s.commit([
      {
        line: 1,
        householdId: s.household('1-102').id,
        action: 'add',
        items: [{ itemId: s.egg, qty: 2 }],
        note: '王阿姨',
      },
      {
        line: 2,
        householdId: s.household('1-101').id,
        action: 'add',
        items: [
          { itemId: s.egg, qty: 1 },
          { itemId: s.milk, qty: 1 },
        ],
      },
    ]);
    const r = await get(`/api/buys/${s.buy.id}/jielong`, s.residents[5]!);
    expect(r.statusCode).toBe(200);
    const { jielong, summary } = r.json();
    expect(jielong.split('\n')).toEqual([
      '#接龙',
      expect.stringMatching(/^鸡蛋团购 鸡蛋 25元\/盒 牛奶 60元\/箱 截止\d+月\d+日 \d\d:\d\d$/),
      '',
      '例 3-502 鸡蛋1盒',
      '',
      '1. 1-102 鸡蛋2盒',
      '2. 1-101 鸡蛋1盒 牛奶1箱',
    ]);
    expect(jielong).not.toContain('王阿姨');
    expect(summary).toContain('鸡蛋 共3盒：1号楼102室2盒、1号楼101室1盒');
    expect(summary).toContain('1号楼 共2户：101室 鸡蛋1盒 牛奶1箱；102室 鸡蛋2盒');

    // Reading it back with the parser gives the same orders (the preview sees them all as done).
    const back = (await s.preview(jielong)).json();
    expect(back.counts).toMatchObject({ done: 2, understood: 0, unsure: 0 });
  });

  it('refuses unauthorised and unknown requests', async () => {
    const s = await scene();
    const other = await createBuyScene(t.container, { residents: 1 });
    expect((await get(`/api/buys/${s.buy.id}/jielong`, null)).statusCode).toBe(401);
    const outsider = await get(`/api/buys/${s.buy.id}/jielong`, other.residents[0]!);
    expect(outsider.statusCode).toBe(403);
    expect(outsider.json().error.code).toBe('not_a_member');
    expect((await get(`/api/buys/${crypto.randomUUID()}/jielong`, s.leader)).statusCode).toBe(404);
    expect((await get(`/api/buys/123/jielong`, s.leader)).statusCode).toBe(400);
    // A draft is the leader's until published.
    const draft = await post(`/api/communities/${s.community.id}/buys`, s.leader, {
      ...buyBody(ITEMS),
      deadline: inAnHour(),
    });
    expect((await get(`/api/buys/${draft.json().id}/jielong`, s.residents[0]!)).statusCode).toBe(404);
    expect((await get(`/api/buys/${draft.json().id}/jielong`, s.leader)).statusCode).toBe(200);
  });
});

function pick(l: Line & { action?: string; note?: string | null }) {
  return { line: l.line, householdId: l.householdId, action: l.action, items: l.items };
}
