import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buyBody, createOpenBuy } from '../../../test/support/buys.ts';
import { createTestCommunity, createVerifiedResident } from '../../../test/support/community.ts';
import { call, createConfirmedBuy } from '../../../test/support/distribution.ts';
import { createTestUser } from '../../../test/support/users.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';

let t: TestApp;
let s: Awaited<ReturnType<typeof createConfirmedBuy>>;

type Who = { token: string };
const coverage = async (who: Who, query = '') => {
  const res = await call(t.app, 'GET', `/api/communities/${s.community.id}/coverage${query}`, who);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};
const ok = async <R extends { statusCode: number; body: string }>(p: Promise<R>, status = 200) => {
  const res = await p;
  expect(res.statusCode, res.body).toBe(status);
  return res;
};
const b1 = () => s.buildings[0]!.id;
const b2 = () => s.buildings[1]!.id;
const labels = (c: { leftOut: { label: string }[] }) => c.leftOut.map((h) => h.label);

beforeAll(async () => {
  t = await createTestApp();
  // Two buildings of four homes; 1-101, 1-102, 1-201 and 2-101 hold goods in a confirmed buy.
  s = await createConfirmedBuy(t.container, t.app);
});
afterAll(async () => {
  await t.close();
});

describe('GET /api/communities/{id}/coverage', () => {
  it("counts an admin's compound per building: goods on their way, or nothing", async () => {
    const c = await coverage(s.admin);
    expect(c.days).toBe(3);
    expect(Date.now() - Date.parse(c.since)).toBeGreaterThanOrEqual(3 * 86_400_000);
    expect(c.counts).toEqual({ households: 8, received: 0, coming: 4, leftOut: 4, leftOutInNeed: 0 });
    expect(c.buildings).toEqual([
      {
        buildingId: b1(),
        name: s.buildings[0]!.name,
        households: 4,
        received: 0,
        coming: 3,
        leftOut: 1,
        leftOutInNeed: 0,
      },
      {
        buildingId: b2(),
        name: s.buildings[1]!.name,
        households: 4,
        received: 0,
        coming: 1,
        leftOut: 3,
        leftOutInNeed: 0,
      },
    ]);
    expect(c.leftOut).toBeNull();
  });

  it("lists a building's left-out households, with whom to call, to that building's volunteer only", async () => {
    await ok(
      call(t.app, 'POST', `/api/communities/${s.community.id}/proxies`, s.volunteer2, {
        householdId: s.household('2-202').id,
        contactName: '赵阿姨',
        contactPhone: '13900000000',
      }),
      201,
    );
    const c = await coverage(s.volunteer2, `?buildingId=${b2()}`);
    // Never received, all three; by room. Nobody uses the app in any; 2-202 is now a proxy with its contact.
    const nobody = (label: string, over: object = {}) => ({
      householdId: s.household(label).id,
      label,
      room: label.slice(2),
      isProxy: false,
      members: 0,
      lastReceivedAt: null,
      contacts: [],
      needs: [],
      needsNote: null,
      ...over,
    });
    expect(c.leftOut).toEqual([
      nobody('2-102'),
      nobody('2-201'),
      nobody('2-202', { isProxy: true, contacts: [{ name: '赵阿姨', phone: '13900000000', proxy: true }] }),
    ]);
    // The counts without a building's list name nobody.
    const raw = JSON.stringify(await coverage(s.volunteer2));
    expect(raw).not.toContain('赵阿姨');
    expect(raw).not.toContain('13900000000');
  });

  it("shows a volunteer their own buildings only, and refuses another building's list", async () => {
    const c = await coverage(s.volunteer1);
    expect(c.counts).toEqual({ households: 4, received: 0, coming: 3, leftOut: 1, leftOutInNeed: 0 });
    expect(c.buildings.map((b: { buildingId: string }) => b.buildingId)).toEqual([b1()]);
    expect(labels(await coverage(s.volunteer1, `?buildingId=${b1()}`))).toEqual(['1-202']);
    const refused = await call(
      t.app,
      'GET',
      `/api/communities/${s.community.id}/coverage?buildingId=${b2()}`,
      s.volunteer1,
    );
    expect(refused.statusCode).toBe(403);
  });

  it('counts a join in an open buy as goods on their way at once (the order journal is read)', async () => {
    const neighbour = await createVerifiedResident(t.container, s.community.id, '2-102');
    const buy = await createOpenBuy(t.app, s.leader, s.community.id, { ...buyBody(), title: '蔬菜包' });
    await ok(
      call(t.app, 'PUT', `/api/buys/${buy.id}/orders/mine`, neighbour, {
        lines: [{ itemId: buy.items[0]!.id, qty: 1 }],
      }),
      201,
    );
    const c = await coverage(s.admin, `?buildingId=${b2()}`);
    expect(c.counts).toEqual({ households: 8, received: 0, coming: 5, leftOut: 3, leftOutInNeed: 0 });
    expect(labels(c)).toEqual(['2-201', '2-202']);
    await ok(call(t.app, 'POST', `/api/buys/${buy.id}/cancel`, s.leader, { reason: '供应商缺货' }));
    expect(labels(await coverage(s.admin, `?buildingId=${b2()}`))).toEqual(['2-102', '2-201', '2-202']);
    expect((await coverage(s.admin, `?buildingId=${b2()}`)).leftOut[0]).toMatchObject({
      label: '2-102',
      members: 1,
      contacts: [{ name: neighbour.displayName, phone: neighbour.phone, proxy: false }],
    });
  });

  it('counts a delivered package as received for the window asked, and then as how long ago', async () => {
    await ok(
      call(t.app, 'POST', `/api/buys/${s.buy.id}/arrival`, s.leader, {
        policy: 'seq',
        received: [{ itemId: s.buy.egg, receivedQty: 100 }],
      }),
    );
    const list = (await call(t.app, 'GET', `/api/buys/${s.buy.id}/packages`, s.leader)).json();
    const code = list.buildings
      .flatMap((b: { households: { label: string; code: string }[] }) => b.households)
      .find((h: { label: string }) => h.label === '1-101').code;
    await ok(
      call(t.app, 'POST', `/api/buys/${s.buy.id}/packages/deliver`, s.volunteer1, { code, method: 'door' }),
    );
    // Delivered just now; the other three packages wait at the gate (on their way).
    expect((await coverage(s.volunteer1)).counts).toEqual({
      households: 4,
      received: 1,
      coming: 2,
      leftOut: 1,
      leftOutInNeed: 0,
    });
    await t.container.db.execute(
      sql`UPDATE packages SET delivered_at = now() - interval '5 days' WHERE buy_id = ${s.buy.id} AND delivered_at IS NOT NULL`,
    );
    const three = await coverage(s.volunteer1, `?buildingId=${b1()}`);
    expect(three.counts).toEqual({ households: 4, received: 0, coming: 2, leftOut: 2, leftOutInNeed: 0 });
    // Never received before received five days ago.
    expect(labels(three)).toEqual(['1-202', '1-101']);
    const at = Date.parse(three.leftOut[1].lastReceivedAt);
    expect(Math.abs(Date.now() - 5 * 86_400_000 - at)).toBeLessThan(60_000);
    expect((await coverage(s.volunteer1, '?days=7')).counts).toEqual({
      households: 4,
      received: 1,
      coming: 2,
      leftOut: 1,
      leftOutInNeed: 0,
    });
  });

  it("exports the caller's left-out households as a sheet, with whom to call", async () => {
    const sheetOf = async (who: Who, query = '') => {
      const res = await call(
        t.app,
        'GET',
        `/api/communities/${s.community.id}/exports/coverage.xlsx${query}`,
        who,
      );
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toContain('spreadsheetml');
      expect(res.headers['cache-control']).toBe('private, no-store');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
      const rows: string[][] = [];
      wb.worksheets[0]!.eachRow((row) =>
        rows.push((row.values as unknown[]).slice(1).map((v) => String(v ?? ''))),
      );
      return rows;
    };
    const all = await sheetOf(s.admin);
    expect(all[0]![0]).toContain('近 3 天没收到物资的住户');
    const body = all.slice(3, -1);
    // Building 1's 1-101 (delivered five days ago) and 1-202, then building 2's three.
    expect(body.map((r) => r[1])).toEqual(['1-202', '1-101', '2-102', '2-201', '2-202']);
    const proxy = body.find((r) => r[1] === '2-202')!;
    expect(proxy.slice(5)).toEqual(['是', '赵阿姨（代管联系人）', '13900000000']);
    expect(body.find((r) => r[1] === '1-202')![6]).toBe('没人注册');
    expect(all.at(-1)![1]).toBe('5 户');
    // A volunteer's sheet is their building's; with a week's window 1-101 is covered.
    expect((await sheetOf(s.volunteer1, '?days=7')).slice(3, -1).map((r) => r[1])).toEqual(['1-202']);
    for (const who of [s.residents.a, s.leader])
      expect(
        (await call(t.app, 'GET', `/api/communities/${s.community.id}/exports/coverage.xlsx`, who))
          .statusCode,
      ).toBe(403);
    const bad = await call(
      t.app,
      'GET',
      `/api/communities/${s.community.id}/exports/coverage.xlsx?days=0`,
      s.admin,
    );
    expect(bad.statusCode).toBe(400);
  });

  it('refuses residents, leaders, strangers and anonymous callers, and bad input, never with a 500', async () => {
    const url = `/api/communities/${s.community.id}/coverage`;
    for (const who of [s.residents.a, s.leader]) {
      const res = await call(t.app, 'GET', url, who);
      expect(res.statusCode, res.body).toBe(403);
    }
    const other = await createTestCommunity(t.container, { name: '别的小区' });
    const stranger = await createVerifiedResident(t.container, other.community.id, '1-101');
    expect((await call(t.app, 'GET', url, stranger)).statusCode).toBe(403);
    expect((await call(t.app, 'GET', url, await createTestUser(t.container))).statusCode).toBe(403);
    expect((await call(t.app, 'GET', url)).statusCode).toBe(401);
    for (const q of ['?days=0', '?days=31', '?days=abc', '?days=2.5', '?buildingId=nope'])
      expect((await call(t.app, 'GET', url + q, s.admin)).json().error.code, q).toBe('validation_failed');
    const missing = await call(t.app, 'GET', `${url}?buildingId=${randomUUID()}`, s.admin);
    expect([missing.statusCode, missing.json().error.code]).toEqual([404, 'building_not_found']);
    const elsewhere = await call(t.app, 'GET', `${url}?buildingId=${other.buildings[0]!.id}`, s.admin);
    expect(elsewhere.statusCode).toBe(404);
    const unknown = await call(t.app, 'GET', `/api/communities/${randomUUID()}/coverage`, s.admin);
    expect(unknown.statusCode).toBe(404);
    expect((await call(t.app, 'GET', `/api/communities/nope/coverage`, s.admin)).statusCode).toBe(400);
  });
});

describe('the register of households that need looking after', () => {
  const put = (who: Who | undefined, label: string, body: unknown) =>
    call(t.app, 'PUT', `/api/households/${s.household(label).id}/needs`, who, body);
  const register = (who: Who) => call(t.app, 'GET', `/api/communities/${s.community.id}/needs`, who);

  it("is kept by the building's volunteer and the admins, tidied, and puts those households first in 物资覆盖", async () => {
    const saved = await ok(
      put(s.volunteer2, '2-202', {
        needs: ['medication', 'elderly_alone', 'medication'],
        note: '  胰岛素，每天一次  ',
      }),
    );
    const entry = {
      householdId: s.household('2-202').id,
      label: '2-202',
      needs: ['elderly_alone', 'medication'],
      note: '胰岛素，每天一次',
      updatedAt: expect.any(String),
    };
    expect(saved.json().household).toEqual(entry);
    expect((await ok(register(s.volunteer2))).json().households).toEqual([{ ...entry, buildingId: b2() }]);
    expect((await ok(register(s.admin))).json().households).toEqual([{ ...entry, buildingId: b2() }]);
    // Not her building's.
    expect((await ok(register(s.volunteer1))).json().households).toEqual([]);

    const c = await coverage(s.admin, `?buildingId=${b2()}`);
    expect(labels(c)).toEqual(['2-202', '2-102', '2-201']);
    expect(c.leftOut[0]).toMatchObject({
      needs: ['elderly_alone', 'medication'],
      needsNote: '胰岛素，每天一次',
    });
    expect(c.counts.leftOutInNeed).toBe(1);
    expect(c.buildings.map((b: { leftOutInNeed: number }) => b.leftOutInNeed)).toEqual([0, 1]);
    // The counts without a building's list say how many, not who or why.
    expect(JSON.stringify(await coverage(s.volunteer2))).not.toContain('胰岛素');

    // An admin changes it; nothing left takes it off the register.
    expect((await ok(put(s.admin, '2-202', { needs: ['infant'] }))).json().household.note).toBeNull();
    const cleared = await ok(put(s.admin, '2-202', { needs: [], note: '  ' }));
    expect(cleared.json().household).toMatchObject({ needs: [], note: null });
    expect((await ok(register(s.admin))).json().households).toEqual([]);
    expect((await coverage(s.admin)).counts.leftOutInNeed).toBe(0);
  });

  it('refuses residents, leaders, another building’s volunteer and bad input, never with a 500', async () => {
    for (const who of [s.residents.a, s.leader, s.volunteer1]) {
      const res = await put(who, '2-201', { needs: ['other'] });
      expect(res.statusCode, res.body).toBe(403);
    }
    for (const who of [s.residents.a, s.leader]) expect((await register(who)).statusCode).toBe(403);
    expect((await put(undefined, '2-201', { needs: ['other'] })).statusCode).toBe(401);
    const unknown = await call(t.app, 'PUT', `/api/households/${randomUUID()}/needs`, s.admin, { needs: [] });
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'household_not_found']);
    for (const body of [
      { needs: ['rich'] },
      { needs: 'other' },
      {},
      { needs: [], note: 'x'.repeat(501) },
      { needs: Array.from({ length: 11 }, () => 'other') },
    ]) {
      const res = await put(s.admin, '2-201', body);
      expect([res.statusCode, res.json().error.code], JSON.stringify(body)).toEqual([
        400,
        'validation_failed',
      ]);
    }
    expect((await ok(register(s.admin))).json().households).toEqual([]);
  });
});

describe('送过物资: goods brought to a household outside any buy', () => {
  const give = (who: Who | undefined, label: string, body: unknown = {}) =>
    call(t.app, 'POST', `/api/households/${s.household(label).id}/supplies`, who, body);
  const takeBack = (who: Who | undefined, id: string) =>
    call(t.app, 'DELETE', `/api/household-supplies/${id}`, who);
  const inNeed = async (who: Who) => {
    const res = await ok(call(t.app, 'GET', `/api/communities/${s.community.id}/todo`, who));
    return (res.json().tasks as { kind: string }[]).filter((x) => x.kind === 'in_need');
  };
  const leftOut2 = async () => labels(await coverage(s.volunteer2, `?buildingId=${b2()}`));

  it("counts as received in 物资覆盖 and on the building's 待办, until it is taken back", async () => {
    // 2-201 is on the register and has received nothing: on building 2's volunteer's 待办.
    await ok(
      call(t.app, 'PUT', `/api/households/${s.household('2-201').id}/needs`, s.admin, {
        needs: ['elderly_alone'],
      }),
    );
    expect(await inNeed(s.volunteer2)).toEqual([{ kind: 'in_need', count: 1, days: 3 }]);
    expect(await leftOut2()).toContain('2-201');
    const before = (await coverage(s.admin)).counts;

    const given = await ok(give(s.volunteer2, '2-201', { note: '  一袋米、街道保供包 ' }), 201);
    const supply = given.json().supply;
    expect(supply).toEqual({
      id: expect.any(String),
      householdId: s.household('2-201').id,
      label: '2-201',
      note: '一袋米、街道保供包',
      givenAt: expect.any(String),
    });
    expect(await leftOut2()).not.toContain('2-201');
    expect((await coverage(s.admin)).counts).toMatchObject({
      received: before.received + 1,
      leftOut: before.leftOut - 1,
      leftOutInNeed: before.leftOutInNeed - 1,
    });
    expect(await inNeed(s.volunteer2)).toEqual([]);

    // Taken back: not by another building's volunteer or a resident; by an admin; then it is gone.
    for (const who of [s.volunteer1, s.residents.a, s.leader])
      expect((await takeBack(who, supply.id)).statusCode).toBe(403);
    await ok(takeBack(s.admin, supply.id), 204);
    const gone = await takeBack(s.admin, supply.id);
    expect([gone.statusCode, gone.json().error.code]).toEqual([404, 'supply_not_found']);
    expect(await leftOut2()).toContain('2-201');
    expect(await inNeed(s.volunteer2)).toEqual([{ kind: 'in_need', count: 1, days: 3 }]);

    // The volunteer takes her own back; nothing written is nothing kept.
    const again = (await ok(give(s.volunteer2, '2-201'), 201)).json().supply;
    expect(again.note).toBeNull();
    await ok(takeBack(s.volunteer2, again.id), 204);
    await ok(call(t.app, 'PUT', `/api/households/${s.household('2-201').id}/needs`, s.admin, { needs: [] }));
  });

  it('refuses residents, leaders, another building’s volunteer and bad input, never with a 500', async () => {
    for (const who of [s.residents.a, s.leader, s.volunteer1])
      expect((await give(who, '2-201')).statusCode).toBe(403);
    expect((await give(undefined, '2-201')).statusCode).toBe(401);
    const unknown = await call(t.app, 'POST', `/api/households/${randomUUID()}/supplies`, s.admin, {});
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'household_not_found']);
    for (const body of [{ note: 'x'.repeat(201) }, { note: 5 }, []]) {
      const res = await give(s.admin, '2-201', body);
      expect([res.statusCode, res.json().error.code], JSON.stringify(body)).toEqual([
        400,
        'validation_failed',
      ]);
    }
    expect(await leftOut2()).toContain('2-201');
  });
});
