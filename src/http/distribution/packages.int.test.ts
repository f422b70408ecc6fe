import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderAdjustments } from '../../db/schema/buys.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import {
  call,
  createConfirmedBuy,
  createProxyScene,
  openAndConfirm,
} from '../../../test/support/distribution.ts';
import { createOpenBuy, inAnHour } from '../../../test/support/buys.ts';
import { createTestSession } from '../../../test/support/users.ts';
import { verifyAuditTrail } from '../../core/audit/verify-audit.ts';

let t: TestApp;
let s: Awaited<ReturnType<typeof createConfirmedBuy>>;
let codes: Record<string, string>;
let otherBuyCode: string;

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

beforeAll(async () => {
  t = await createTestApp();
  s = await createConfirmedBuy(t.container, t.app);
  const arrive = (buyId: string, egg: string, eggs: number) =>
    call(t.app, 'POST', `/api/buys/${buyId}/arrival`, s.leader, {
      policy: 'seq',
      received: [{ itemId: egg, receivedQty: eggs }],
    });
  expect((await arrive(s.buy.id, s.buy.egg, 5)).statusCode).toBe(200);
  const list = (await call(t.app, 'GET', `/api/buys/${s.buy.id}/packages`, s.leader)).json();
  codes = Object.fromEntries(
    list.buildings.flatMap((b: { households: { label: string; code: string }[] }) =>
      b.households.map((h) => [h.label, h.code]),
    ),
  );
  // A second arrived buy of the same compound, for "a label from another buy".
  const other = await openAndConfirm(t.app, s.leader, s.community.id, s.residents);
  expect((await arrive(other.id, other.egg, 100)).statusCode).toBe(200);
  const mine = (await call(t.app, 'GET', `/api/buys/${other.id}/packages/mine`, s.residents.a)).json();
  otherBuyCode = mine.package.code;
});
afterAll(async () => {
  await t.close();
});

const deliver = (code: string, who: { token: string } | undefined, method = 'door') =>
  call(t.app, 'POST', `/api/buys/${s.buy.id}/packages/deliver`, who, { code, method });

describe('sorting lists and labels', () => {
  it('lists rooms in order per building with the quantities after the shortage', async () => {
    const res = await call(t.app, 'GET', `/api/buys/${s.buy.id}/packages`, s.leader);
    expect(res.statusCode).toBe(200);
    const list = res.json();
    expect(list.buildings.map((b: { name: string }) => b.name)).toEqual(['1', '2']);
    expect(list.buildings[0].households.map((h: { label: string }) => h.label)).toEqual([
      '1-101',
      '1-102',
      '1-201',
    ]);
    // 2-101 lost its 3 eggs; it still gets its milk.
    expect(list.buildings[1].households[0].quantities).toEqual([0, 1]);
  });

  it('scopes volunteers to their buildings and refuses residents', async () => {
    const v = (await call(t.app, 'GET', `/api/buys/${s.buy.id}/packages`, s.volunteer1)).json();
    expect(v.buildings.map((b: { name: string }) => b.name)).toEqual(['1']);
    const outside = await call(
      t.app,
      'GET',
      `/api/buys/${s.buy.id}/packages?buildingId=${s.buildings[1]!.id}`,
      s.volunteer1,
    );
    expect([outside.statusCode, outside.json().error.code]).toEqual([403, 'not_volunteer_of_building']);
    expect((await call(t.app, 'GET', `/api/buys/${s.buy.id}/packages`, s.residents.a)).statusCode).toBe(403);
    expect(
      (await call(t.app, 'GET', `/api/buys/${s.buy.id}/packages?buildingId=nope`, s.leader)).statusCode,
    ).toBe(400);
  });

  it("shows the register's needs to the building's volunteer and the admins, not to the leader", async () => {
    const put = await call(t.app, 'PUT', `/api/households/${s.household('1-102').id}/needs`, s.admin, {
      needs: ['mobility', 'elderly_alone'],
      note: '下不了楼',
    });
    expect(put.statusCode, put.body).toBe(200);
    const needsOf = async (who: { token: string }) => {
      const list = (await call(t.app, 'GET', `/api/buys/${s.buy.id}/packages`, who)).json();
      return Object.fromEntries(
        list.buildings.flatMap((b: { households: { label: string; needs: string[] }[] }) =>
          b.households.map((h) => [h.label, h.needs]),
        ),
      );
    };
    expect(await needsOf(s.volunteer1)).toEqual({
      '1-101': [],
      '1-102': ['elderly_alone', 'mobility'],
      '1-201': [],
    });
    expect((await needsOf(s.admin))['1-102']).toEqual(['elderly_alone', 'mobility']);
    expect((await needsOf(s.leader))['1-102']).toEqual([]);
    // The note stays on the register: the sorting list says what, not the details.
    const raw = (await call(t.app, 'GET', `/api/buys/${s.buy.id}/packages`, s.volunteer1)).body;
    expect(raw).not.toContain('下不了楼');
    await call(t.app, 'PUT', `/api/households/${s.household('1-102').id}/needs`, s.admin, { needs: [] });
  });

  it('gives labels a QR code', async () => {
    const labels = (await call(t.app, 'GET', `/api/buys/${s.buy.id}/labels`, s.volunteer2)).json();
    expect(labels.buildings[0].households[0].qr).toMatch(/^data:image\/svg\+xml;base64,/);
  });
});

describe('marking packages delivered', () => {
  it('refuses bad codes, other buys, residents and volunteers of another building', async () => {
    const malformed = await deliver('!!', s.leader);
    expect([malformed.statusCode, malformed.json().error.code]).toEqual([422, 'bad_code']);
    const unknown = await deliver('AAAAAA', s.leader);
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'package_not_found']);
    const other = await deliver(otherBuyCode, s.leader);
    expect([other.statusCode, other.json().error.code]).toEqual([409, 'code_from_another_buy']);
    const resident = await deliver(codes['1-101']!, s.residents.a);
    expect([resident.statusCode, resident.json().error.code]).toEqual([403, 'not_buy_manager']);
    const elsewhere = await deliver(codes['1-101']!, s.volunteer2);
    expect([elsewhere.statusCode, elsewhere.json().error.code]).toEqual([403, 'not_volunteer_of_building']);
    expect((await deliver(codes['1-101']!, s.volunteer1, 'teleport')).statusCode).toBe(400);
    expect(
      (await call(t.app, 'POST', `/api/buys/${s.buy.id}/packages/deliver`, s.volunteer1, {})).statusCode,
    ).toBe(400);
    expect((await deliver(codes['1-101']!, undefined)).statusCode).toBe(401);
  });

  it('marks delivered once, by typed code in any case, and refuses a second time', async () => {
    const ok = await deliver(codes['1-101']!.toLowerCase(), s.volunteer1);
    expect(ok.statusCode).toBe(200);
    expect(ok.json().package).toMatchObject({ householdLabel: '1-101', status: 'delivered' });
    const twice = await deliver(codes['1-101']!, s.volunteer1);
    expect([twice.statusCode, twice.json().error.code]).toEqual([409, 'already_delivered']);
    const scanned = await deliver(
      `http://x/c/1/buys/2/deliveries?code=${codes['2-101']}`,
      s.volunteer2,
      'pickup',
    );
    expect(scanned.json().package.status).toBe('picked_up');
  });

  it('needs the buy to have arrived', async () => {
    const confirmed = await openAndConfirm(t.app, s.leader, s.community.id, s.residents);
    const res = await call(t.app, 'POST', `/api/buys/${confirmed.id}/packages/deliver`, s.leader, {
      code: 'AAAAAA',
    });
    expect([res.statusCode, res.json().error.code]).toEqual([409, 'buy_not_arrived']);
  });

  it('works with a browser session only with the CSRF token', async () => {
    const session = await createTestSession(t.container, s.volunteer1.userId);
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/buys/${s.buy.id}/packages/deliver`,
      headers: { cookie: session.cookie },
      payload: { code: codes['1-102'] },
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('taking a delivery mark back', () => {
  const pkgOf = async (label: string) => {
    const list = (await call(t.app, 'GET', `/api/buys/${s.buy.id}/packages`, s.leader)).json();
    return list.buildings
      .flatMap((b: { households: { label: string }[] }) => b.households)
      .find((h: { label: string }) => h.label === label) as { packageId: string; status: string };
  };
  const undo = async (label: string, who: { token: string } | undefined) =>
    call(t.app, 'POST', `/api/buys/${s.buy.id}/packages/${(await pkgOf(label)).packageId}/undo`, who);

  it('refuses a package not delivered, outsiders, other buildings, bad and unknown ids', async () => {
    const notYet = await undo('1-201', s.volunteer1);
    expect([notYet.statusCode, notYet.json().error.code]).toEqual([409, 'not_delivered']);
    expect((await deliver(codes['1-201']!, s.volunteer1)).statusCode).toBe(200);
    const resident = await undo('1-201', s.residents.c);
    expect([resident.statusCode, resident.json().error.code]).toEqual([403, 'not_buy_manager']);
    const elsewhere = await undo('1-201', s.volunteer2);
    expect([elsewhere.statusCode, elsewhere.json().error.code]).toEqual([403, 'not_volunteer_of_building']);
    expect((await undo('1-201', undefined)).statusCode).toBe(401);
    const bad = await call(t.app, 'POST', `/api/buys/${s.buy.id}/packages/nope/undo`, s.leader);
    expect(bad.statusCode).toBe(400);
    const unknown = await call(
      t.app,
      'POST',
      `/api/buys/${s.buy.id}/packages/00000000-0000-4000-8000-000000000000/undo`,
      s.leader,
    );
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'package_not_found']);
    const session = await createTestSession(t.container, s.volunteer1.userId);
    const noToken = await t.app.inject({
      method: 'POST',
      url: `/api/buys/${s.buy.id}/packages/${(await pkgOf('1-201')).packageId}/undo`,
      headers: { cookie: session.cookie },
    });
    expect(noToken.statusCode).toBe(403);
    expect((await pkgOf('1-201')).status).toBe('delivered');
  });

  it('puts the package back to wait with its code, on the board and in the audit trail; it can be delivered again', async () => {
    const board = async () =>
      (await call(t.app, 'GET', `/api/buys/${s.buy.id}/board`, s.leader)).json().totals.delivered as number;
    const before = await board();
    const res = await undo('1-201', s.volunteer1);
    expect(res.statusCode).toBe(200);
    expect(res.json().package).toMatchObject({
      householdLabel: '1-201',
      status: 'sorted',
      deliveredAt: null,
      code: codes['1-201'],
    });
    expect(await board()).toBe(before - 1);
    const again = await undo('1-201', s.volunteer1);
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'not_delivered']);
    // The household sees both, who did them and when; the chain still verifies.
    const audit = (await call(t.app, 'GET', `/api/buys/${s.buy.id}/audit`, s.residents.c)).json();
    const mine = audit.events.filter((e: { entity: string }) => e.entity === 'package');
    expect(mine.map((e: { action: string; householdLabel: string }) => [e.action, e.householdLabel])).toEqual(
      [
        ['delivery_undone', '1-201'],
        ['delivered', '1-201'],
      ],
    );
    expect(mine[0].after).toEqual({ status: 'sorted', code: codes['1-201'] });
    const neighbour = (await call(t.app, 'GET', `/api/buys/${s.buy.id}/audit`, s.residents.b)).json();
    expect(
      neighbour.events.filter(
        (e: { entity: string; householdLabel: string }) => e.householdLabel === '1-201',
      ),
    ).toEqual([]);
    expect((await verifyAuditTrail(t.container.auditDeps.audit)).firstBreak).toBeNull();
    expect((await deliver(codes['1-201']!, s.volunteer1, 'pickup')).json().package.status).toBe('picked_up');
  });
});

describe('receipts, reports and refunds', () => {
  let reportId: string;
  const mine = (who: { token: string }) => call(t.app, 'GET', `/api/buys/${s.buy.id}/packages/mine`, who);

  it('the household confirms receipt once', async () => {
    const res = await call(t.app, 'POST', `/api/buys/${s.buy.id}/packages/mine/confirm`, s.residents.a);
    expect(res.statusCode).toBe(200);
    expect(res.json().package.confirmedAt).not.toBeNull();
    const again = await call(t.app, 'POST', `/api/buys/${s.buy.id}/packages/mine/confirm`, s.residents.a);
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'already_confirmed']);
    // Confirmed by the household: the volunteer's mark is no longer theirs to take back.
    const undo = await call(
      t.app,
      'POST',
      `/api/buys/${s.buy.id}/packages/${res.json().package.id}/undo`,
      s.volunteer1,
    );
    expect([undo.statusCode, undo.json().error.code]).toEqual([409, 'receipt_confirmed']);
  });

  it('shows a waiting package as the label’s QR code, to show at the pickup table; none once handed over', async () => {
    const waiting = (await mine(s.residents.b)).json();
    expect(waiting.package.status).toBe('sorted');
    expect(waiting.qr).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(waiting.qr.split(',')[1], 'base64').toString()).toContain('<svg');
    expect((await mine(s.residents.a)).json()).toMatchObject({ package: { status: 'delivered' }, qr: null });
  });

  it('reports a missing item; bad reports are refused', async () => {
    const url = `/api/buys/${s.buy.id}/packages/mine/reports`;
    const tooMany = await call(t.app, 'POST', url, s.residents.b, {
      kind: 'missing',
      lines: [{ itemId: s.buy.egg, qty: 3 }],
    });
    expect([tooMany.statusCode, tooMany.json().error.code]).toEqual([422, 'qty_above_received']);
    expect((await call(t.app, 'POST', url, s.residents.b, { kind: 'lost', lines: [] })).statusCode).toBe(400);
    expect((await call(t.app, 'POST', url, s.residents.b, { kind: 'missing', lines: [] })).statusCode).toBe(
      400,
    );
    expect(
      (
        await call(t.app, 'POST', url, s.volunteer1, {
          kind: 'missing',
          lines: [{ itemId: s.buy.egg, qty: 1 }],
        })
      ).statusCode,
    ).toBe(403);
    const ok = await call(t.app, 'POST', url, s.residents.b, {
      kind: 'missing',
      note: '少了一盒',
      lines: [{ itemId: s.buy.egg, qty: 1 }],
    });
    expect(ok.statusCode).toBe(201);
    reportId = ok.json().report.id;
  });

  it('takes a photo from the household only, and shows it to those allowed', async () => {
    const put = (who: { token: string }, payload: Buffer, type = 'image/png') =>
      t.app.inject({
        method: 'PUT',
        url: `/api/delivery-reports/${reportId}/photo`,
        headers: { authorization: `Bearer ${who.token}`, 'content-type': type },
        payload,
      });
    expect((await put(s.residents.b, Buffer.from('not an image'))).json().error.code).toBe(
      'image_type_unsupported',
    );
    expect((await put(s.residents.b, Buffer.alloc(6 * 1024 * 1024))).statusCode).toBe(413);
    expect((await put(s.residents.a, PNG)).statusCode).toBe(404);
    expect((await put(s.leader, PNG)).statusCode).toBe(403);
    const ok = await put(s.residents.b, PNG);
    expect([ok.statusCode, ok.json().report.hasPhoto]).toEqual([200, true]);
    const get = (who: { token: string }) =>
      call(t.app, 'GET', `/api/delivery-reports/${reportId}/photo`, who);
    expect((await get(s.residents.b)).headers['content-type']).toBe('image/png');
    expect((await get(s.leader)).statusCode).toBe(200);
    expect((await get(s.volunteer1)).statusCode).toBe(200);
    expect((await get(s.volunteer2)).statusCode).toBe(404);
    expect((await get(s.residents.a)).statusCode).toBe(404);
  });

  it('the leader refunds it: report_refund adjustments, shown to the household; not twice', async () => {
    const url = `/api/delivery-reports/${reportId}/resolve`;
    expect((await call(t.app, 'POST', url, s.volunteer1, { resolution: 'refunded' })).statusCode).toBe(403);
    expect((await call(t.app, 'POST', url, s.leader, { resolution: 'maybe' })).statusCode).toBe(400);
    const reject = await call(t.app, 'POST', url, s.leader, { resolution: 'rejected' });
    expect([reject.statusCode, reject.json().error.code]).toEqual([422, 'reason_required']);
    const ok = await call(t.app, 'POST', url, s.leader, { resolution: 'refunded' });
    expect([ok.statusCode, ok.json().report.status]).toEqual([200, 'refunded']);
    const rows = await t.container.db
      .select()
      .from(orderAdjustments)
      .where(eq(orderAdjustments.refId, reportId));
    expect(rows.map((r) => [r.kind, r.qtyDelta, r.amountFenDelta, r.householdId])).toEqual([
      ['report_refund', -1, -2500, s.residents.b.household.id],
    ]);
    const m = (await mine(s.residents.b)).json();
    expect(m.refundFen).toBe(2500);
    expect(m.lines[0]).toMatchObject({ receivedQty: 2, refundedQty: 1 });
    const twice = await call(t.app, 'POST', url, s.leader, { resolution: 'refunded' });
    expect([twice.statusCode, twice.json().error.code]).toEqual([409, 'report_resolved']);
    expect(
      (
        await call(t.app, 'POST', `/api/delivery-reports/${crypto.randomUUID()}/resolve`, s.leader, {
          resolution: 'redelivered',
        })
      ).statusCode,
    ).toBe(404);
  });

  it('rejects with a reason', async () => {
    const r = await call(t.app, 'POST', `/api/buys/${s.buy.id}/packages/mine/reports`, s.residents.c, {
      kind: 'damaged',
      lines: [{ itemId: s.buy.egg, qty: 1 }],
    });
    const res = await call(t.app, 'POST', `/api/delivery-reports/${r.json().report.id}/resolve`, s.leader, {
      resolution: 'rejected',
      reason: '照片里鸡蛋完好',
    });
    expect(res.json().report).toMatchObject({ status: 'rejected', resolutionReason: '照片里鸡蛋完好' });
  });
});

describe('board, record, coordination, settings', () => {
  it('counts per building', async () => {
    const board = (await call(t.app, 'GET', `/api/buys/${s.buy.id}/board`, s.leader)).json();
    // 1-101 at the door, 2-101 picked up, 1-201 picked up after its first mark was taken back.
    expect(board.totals).toMatchObject({ sorted: 4, delivered: 3, confirmed: 1, openReports: 0, overdue: 0 });
    const v2 = (await call(t.app, 'GET', `/api/buys/${s.buy.id}/board`, s.volunteer2)).json();
    expect(v2.buildings.map((b: { name: string }) => b.name)).toEqual(['2']);
    expect((await call(t.app, 'GET', `/api/buys/${s.buy.id}/board`, s.residents.a)).statusCode).toBe(403);
  });

  it('exports the delivery record for the leader', async () => {
    const res = await call(t.app, 'GET', `/api/buys/${s.buy.id}/exports/deliveries.xlsx`, s.leader);
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    const row = ws.getRow(5).values as unknown[];
    expect(row.slice(1, 4)).toEqual(['1号楼', '1-101', codes['1-101']]);
    expect(row[6]).toBe('Volunteer One');
    expect(
      (await call(t.app, 'GET', `/api/buys/${s.buy.id}/exports/deliveries.xlsx`, s.volunteer1)).statusCode,
    ).toBe(403);
  });

  it('keeps the truck’s details to the leader and volunteers', async () => {
    const url = `/api/buys/${s.buy.id}/delivery`;
    const plan = {
      driverName: '老王',
      driverPhone: '13900000000',
      plate: '沪A12345',
      gate: '北门',
      windowStart: '2026-12-01T03:00:00+08:00',
      windowEnd: '2026-12-01T04:00:00+08:00',
    };
    expect((await call(t.app, 'PUT', url, s.volunteer1, plan)).statusCode).toBe(403);
    const bad = await call(t.app, 'PUT', url, s.leader, { ...plan, windowEnd: '2026-12-01T02:00:00+08:00' });
    expect([bad.statusCode, bad.json().error.code]).toEqual([422, 'bad_window']);
    expect((await call(t.app, 'PUT', url, s.leader, { ...plan, windowStart: 'tomorrow' })).statusCode).toBe(
      400,
    );
    // Year 1 at +01:00 is 1 BC in UTC, which the database refuses: a 400, not a 500.
    const bc = await call(t.app, 'PUT', url, s.leader, { ...plan, windowStart: '0001-01-01T00:00:00+01:00' });
    expect([bc.statusCode, bc.json().error.code]).toEqual([400, 'validation_failed']);
    expect((await call(t.app, 'PUT', url, s.leader, plan)).statusCode).toBe(200);
    const seen = await call(t.app, 'GET', url, s.volunteer2);
    expect(seen.json().plan).toMatchObject({ driverPhone: '13900000000', gate: '北门' });
    expect((await call(t.app, 'GET', url, s.residents.a)).statusCode).toBe(403);
    const post = await call(t.app, 'POST', `${url}/posts`, s.leader, {
      kind: 'at_gate',
      message: '北门',
      urgent: true,
    });
    expect(post.statusCode).toBe(201);
    expect((await call(t.app, 'POST', `${url}/posts`, s.residents.a, { kind: 'at_gate' })).statusCode).toBe(
      403,
    );
    expect((await call(t.app, 'POST', `${url}/posts`, s.leader, { kind: 'honk' })).statusCode).toBe(400);
  });

  it('lets admins set quiet hours', async () => {
    const url = `/api/communities/${s.community.id}/distribution-settings`;
    expect((await call(t.app, 'GET', url, s.residents.a)).json()).toMatchObject({
      quietStart: '22:00',
      quietEnd: '07:00',
    });
    expect(
      (await call(t.app, 'PUT', url, s.leader, { quietStart: '23:00', quietEnd: '06:00' })).statusCode,
    ).toBe(403);
    expect(
      (await call(t.app, 'PUT', url, s.admin, { quietStart: '25:00', quietEnd: '06:00' })).statusCode,
    ).toBe(400);
    const tz = await call(t.app, 'PUT', url, s.admin, {
      quietStart: '23:00',
      quietEnd: '06:00',
      timeZone: 'Mars/Base',
    });
    expect([tz.statusCode, tz.json().error.code]).toEqual([422, 'bad_time_zone']);
    const ok = await call(t.app, 'PUT', url, s.admin, {
      quietStart: '23:00',
      quietEnd: '06:00',
      staleHours: 4,
    });
    expect(ok.json()).toEqual({
      quietStart: '23:00',
      quietEnd: '06:00',
      timeZone: 'Asia/Shanghai',
      staleHours: 4,
    });
  });
});

describe('代签收: receiving for a proxy household', () => {
  it("its building's volunteer sees its package, confirms it once delivered (audited) and reports for it; nobody else", async () => {
    // 1-202 is registered for a neighbour without a smartphone; building 1's volunteer orders for it.
    const { tc, leader, v1, v2, resident, proxy } = await createProxyScene(t.container, t.app, '1-202');
    const buy = await createOpenBuy(t.app, leader, tc.community.id, {
      title: '鸡蛋团购',
      deadline: inAnHour(),
      items: [{ name: '鸡蛋', priceFen: 2500, stock: 100, perHouseholdMax: 5 }],
    });
    const egg = buy.items[0]!.id;
    const ordered = [
      await call(t.app, 'PUT', `/api/buys/${buy.id}/orders/mine`, resident, {
        lines: [{ itemId: egg, qty: 1 }],
      }),
      await call(t.app, 'PUT', `/api/buys/${buy.id}/orders/households/${proxy.id}`, v1, {
        lines: [{ itemId: egg, qty: 2 }],
      }),
    ];
    expect(ordered.map((r) => r.statusCode)).toEqual([201, 201]);
    for (const step of ['close', 'confirm'])
      expect((await call(t.app, 'POST', `/api/buys/${buy.id}/${step}`, leader)).statusCode).toBe(200);
    const url = `/api/buys/${buy.id}/packages/households/${proxy.id}`;

    // Before the goods arrive: no package yet.
    const early = await call(t.app, 'GET', url, v1);
    expect([early.statusCode, early.json().package]).toEqual([200, null]);
    expect(
      (
        await call(t.app, 'POST', `/api/buys/${buy.id}/arrival`, leader, {
          policy: 'seq',
          received: [{ itemId: egg, receivedQty: 3 }],
        })
      ).statusCode,
    ).toBe(200);

    const seen = await call(t.app, 'GET', url, v1);
    expect(seen.statusCode).toBe(200);
    expect(seen.json()).toMatchObject({
      household: { label: '1-202', onBehalf: true },
      package: { householdLabel: '1-202', status: 'sorted' },
      lines: [{ name: '鸡蛋', receivedQty: 2 }],
    });
    // The leader and admins may too; a volunteer of another building, a neighbour, nobody signed in may not.
    expect((await call(t.app, 'GET', url, leader)).statusCode).toBe(200);
    const refused = async (who: { token: string } | undefined, at = url) => {
      const res = await call(t.app, 'GET', at, who);
      return [res.statusCode, res.json().error?.code];
    };
    expect(await refused(v2)).toEqual([403, 'not_volunteer_of_building']);
    expect(await refused(resident)).toEqual([403, 'not_volunteer_of_building']);
    expect(await refused(undefined)).toEqual([401, 'unauthenticated']);
    // A household with a member of its own confirms and reports itself.
    const own = `/api/buys/${buy.id}/packages/households/${tc.household('1-101').id}`;
    expect(await refused(v1, own)).toEqual([409, 'not_proxy_household']);
    expect(await refused(v1, `/api/buys/${buy.id}/packages/households/${crypto.randomUUID()}`)).toEqual([
      404,
      'household_not_found',
    ]);
    expect(await refused(v1, `/api/buys/${buy.id}/packages/households/nope`)).toEqual([
      400,
      'validation_failed',
    ]);

    // Confirmed for it only once it is marked delivered: then once, and in the audit trail.
    const confirm = () => call(t.app, 'POST', `${url}/confirm`, v1);
    const notYet = await confirm();
    expect([notYet.statusCode, notYet.json().error.code]).toEqual([409, 'not_delivered']);
    const code = seen.json().package.code as string;
    const delivered = await call(t.app, 'POST', `/api/buys/${buy.id}/packages/deliver`, v1, {
      code,
      method: 'door',
    });
    expect(delivered.statusCode).toBe(200);
    const byOther = await call(t.app, 'POST', `${url}/confirm`, v2);
    expect([byOther.statusCode, byOther.json().error.code]).toEqual([403, 'not_volunteer_of_building']);
    const done = await confirm();
    expect(done.statusCode).toBe(200);
    expect(done.json().package.confirmedAt).not.toBeNull();
    const again = await confirm();
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'already_confirmed']);
    const board = (await call(t.app, 'GET', `/api/buys/${buy.id}/board`, leader)).json();
    expect(board.totals.confirmed).toBe(1);
    const audit = (await call(t.app, 'GET', `/api/buys/${buy.id}/audit`, leader)).json();
    expect(
      audit.events
        .filter((e: { entity: string }) => e.entity === 'package')
        .map((e: { action: string; householdLabel: string }) => [e.action, e.householdLabel]),
    ).toEqual([
      ['receipt_confirmed', '1-202'],
      ['delivered', '1-202'],
    ]);
    expect((await verifyAuditTrail(t.container.auditDeps.audit)).firstBreak).toBeNull();
    // Confirmed: the mark is no longer the volunteer's to take back.
    const undo = await call(t.app, 'POST', `/api/buys/${buy.id}/packages/${done.json().package.id}/undo`, v1);
    expect([undo.statusCode, undo.json().error.code]).toEqual([409, 'receipt_confirmed']);

    // A broken egg, reported for it with a photo; the leader sees the report as the household's.
    const report = await call(t.app, 'POST', `${url}/reports`, v1, {
      kind: 'damaged',
      note: '碎了一个',
      lines: [{ itemId: egg, qty: 1 }],
    });
    expect(report.statusCode).toBe(201);
    expect(report.json().report).toMatchObject({ householdLabel: '1-202', kind: 'damaged', status: 'open' });
    const tooMany = await call(t.app, 'POST', `${url}/reports`, v1, {
      kind: 'missing',
      lines: [{ itemId: egg, qty: 3 }],
    });
    expect([tooMany.statusCode, tooMany.json().error.code]).toEqual([422, 'qty_above_received']);
    expect((await call(t.app, 'POST', `${url}/reports`, v1, { kind: 'lost', lines: [] })).statusCode).toBe(
      400,
    );
    const photo = (who: { token: string }) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/delivery-reports/${report.json().report.id}/photo`,
        headers: { authorization: `Bearer ${who.token}`, 'content-type': 'image/png' },
        payload: PNG,
      });
    expect((await photo(v2)).statusCode).toBe(404);
    expect((await photo(v1)).json().report.hasPhoto).toBe(true);
    const reports = (await call(t.app, 'GET', `/api/buys/${buy.id}/reports`, leader)).json().reports;
    expect(reports.map((r: { householdLabel: string }) => r.householdLabel)).toEqual(['1-202']);
  });
});
