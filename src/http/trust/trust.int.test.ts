import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenBuy, inAnHour } from '../../../test/support/buys.ts';
import {
  addRole,
  createTestCommunity,
  createVerifiedResident,
  type TestCommunity,
  type TestResident,
} from '../../../test/support/community.ts';
import { call } from '../../../test/support/distribution.ts';
import { createTestUser } from '../../../test/support/users.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';

let t: TestApp;
let s: TestCommunity;
let leader: TestResident;
let resident: TestResident;

const eggs = (priceFen: number, spec = '30 枚') => ({ name: '土鸡蛋', spec, unit: '盒', priceFen });
const buy = (items: object[], supplierName?: string) => ({
  title: '鸡蛋团',
  deadline: inAnHour(),
  items,
  ...(supplierName ? { supplierName } : {}),
});
const trust = async (buyId: string, who = resident, status = 200) => {
  const res = await call(t.app, 'GET', `/api/buys/${buyId}/trust`, who);
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
};

beforeAll(async () => {
  t = await createTestApp();
  s = await createTestCommunity(t.container, { floors: 2 });
  leader = await createVerifiedResident(t.container, s.community.id, '1-201', 'Leader Lin');
  await addRole(t.container, leader, { leader: true });
  resident = await createVerifiedResident(t.container, s.community.id, '1-101', 'Resident Ren');
});
afterAll(async () => {
  await t.close();
});

describe('GET /api/buys/{id}/trust (放心买)', () => {
  it("compares each price with the compound's earlier ones and tells the leader's and supplier's record", async () => {
    // Earlier: eggs at ¥30 (cancelled) and ¥32 (still open), from 崇明农场; milk at ¥60; eggs of another size.
    const first = await createOpenBuy(
      t.app,
      leader,
      s.community.id,
      buy([eggs(3000), { name: '牛奶', priceFen: 6000 }], '崇明农场'),
    );
    expect(
      (await call(t.app, 'POST', `/api/buys/${first.id}/cancel`, leader, { reason: '缺货' })).statusCode,
    ).toBe(200);
    await createOpenBuy(t.app, leader, s.community.id, buy([eggs(3200), eggs(1200, '10 枚')], '崇明 农场'));
    await createOpenBuy(t.app, s.admin, s.community.id, buy([eggs(9900)], '别家'));
    // Now: eggs at ¥45 (the median of ¥30 and ¥32 … and ¥99 is ¥32: 141 %), rice never bought here.
    const now = await createOpenBuy(
      t.app,
      leader,
      s.community.id,
      buy([eggs(4500), { name: '大米', spec: '5 斤', priceFen: 3500 }], '崇明农场'),
    );
    const r = await trust(now.id);
    expect(r.leader).toEqual({
      label: '1-201',
      role: 'leader',
      record: { buys: 3, completed: 0, ongoing: 2, failed: 0, cancelled: 1, reports: 0, reportsResolved: 0 },
    });
    expect(r.supplier).toEqual({
      name: '崇明农场',
      record: { buys: 2, completed: 0, ongoing: 1, failed: 0, cancelled: 1 },
      registered: null,
    });
    expect(r.items).toEqual([
      {
        itemId: now.items[0]!.id,
        name: '土鸡蛋',
        spec: '30 枚',
        unit: '盒',
        priceFen: 4500,
        check: {
          samples: 3,
          medianFen: 3200,
          minFen: 3000,
          maxFen: 9900,
          lastFen: 9900,
          lastAt: expect.any(String),
          pct: 141,
          flag: 'high',
        },
      },
      { itemId: now.items[1]!.id, name: '大米', spec: '5 斤', unit: null, priceFen: 3500, check: null },
    ]);
    // The earlier buys know nothing of the later ones.
    expect((await trust(first.id)).items.every((i: { check: unknown }) => i.check === null)).toBe(true);
    // Nobody's name or phone.
    const body = JSON.stringify(r);
    for (const who of [leader, resident, s.admin]) {
      expect(body).not.toContain(who.displayName);
      expect(body).not.toContain(who.phone);
    }
  });

  it('says nothing of a supplier a buy does not name, and shows a draft to those who manage it only', async () => {
    const draft = await call(
      t.app,
      'POST',
      `/api/communities/${s.community.id}/buys`,
      leader,
      buy([eggs(3100)]),
    );
    expect(draft.statusCode, draft.body).toBe(201);
    const id = draft.json().id as string;
    const r = await trust(id, leader);
    expect(r.supplier).toBeNull();
    expect(r.items[0].check).toMatchObject({ pct: 97, flag: null });
    await trust(id, resident, 404);
  });

  it('refuses strangers, anonymous callers and malformed ids, never with a 500', async () => {
    const stranger = await createTestUser(t.container, 'Stranger');
    const other = await createTestCommunity(t.container, { name: 'Elsewhere' });
    const open = await createOpenBuy(t.app, leader, s.community.id, buy([eggs(3300)]));
    expect((await call(t.app, 'GET', `/api/buys/${open.id}/trust`)).statusCode).toBe(401);
    await trust(open.id, stranger as TestResident, 403);
    await trust(open.id, other.admin as TestResident, 403);
    await trust(randomUUID(), resident, 404);
    expect((await call(t.app, 'GET', '/api/buys/nope/trust', resident)).statusCode).toBe(400);
  });
});
