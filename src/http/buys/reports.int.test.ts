import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenBuy, inAnHour } from '../../../test/support/buys.ts';
import {
  addRole,
  createTestCommunity,
  createTestMember,
  createVerifiedResident,
  makeProxyHousehold,
  type TestMember,
  type TestResident,
} from '../../../test/support/community.ts';
import { bearer } from '../../../test/support/users.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

type Who = { token: string };
const get = (url: string, who?: Who) => t.app.inject({ method: 'GET', url, headers: who ? bearer(who) : {} });
const putOrder = async (url: string, who: Who, lines: { itemId: string; qty: number }[]) => {
  const r = await t.app.inject({ method: 'PUT', url, headers: bearer(who), payload: { lines } });
  if (r.statusCode >= 300) throw new Error(`order: ${r.statusCode} ${r.body}`);
  return r.json().order as { id: string };
};

async function workbook(body: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(body as unknown as ArrayBuffer);
  return wb;
}

/** The values of a sheet's rows (1-based cells), trailing empties dropped. */
function rowsOf(ws: ExcelJS.Worksheet): unknown[][] {
  const out: unknown[][] = [];
  ws.eachRow({ includeEmpty: true }, (row) => {
    // Array.from visits the holes of exceljs' sparse row arrays (map would skip them).
    const values = Array.from((row.values as unknown[]).slice(1), (v) => v ?? null);
    while (values.length > 0 && values.at(-1) === null) values.pop();
    out.push(values);
  });
  return out;
}

/** RFC 4180: quoted fields, doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      record.push(field);
      records.push(record);
      record = [];
      field = '';
      i++;
    } else field += ch;
  }
  return records;
}

interface Scene {
  communityId: string;
  buyId: string;
  eggId: string;
  milkId: string;
  admin: TestMember;
  leader: TestMember;
  volunteer: TestMember;
  residents: Record<string, TestResident>;
  buildings: { id: string; name: string }[];
}

/**
 * Two buildings. Eggs (stock 5) and milk (unlimited), a leader fee of ¥1.
 * 1-201: 2 eggs + 1 milk; 1-101: 2 eggs; 2-101: 2 eggs (1 allocated, 1 waiting); 2-102: 1 egg (waiting);
 * 1-102: ordered then cancelled; 2-201: a proxy household, 3 milk ordered by building 2's volunteer.
 */
async function scene(title = '鸡蛋团购'): Promise<Scene> {
  const tc = await createTestCommunity(t.container, { buildings: 2, floors: 2, roomsPerFloor: 2 });
  const communityId = tc.community.id;
  const leader = await createTestMember(t.container, communityId, 'Leader');
  await addRole(t.container, leader, { leader: true });
  const volunteer = await createTestMember(t.container, communityId, 'Volunteer');
  await addRole(t.container, volunteer, { volunteerBuildingIds: [tc.buildings[1]!.id] });
  const residents: Record<string, TestResident> = {};
  for (const label of ['1-101', '1-102', '1-201', '2-101', '2-102'])
    residents[label] = await createVerifiedResident(t.container, communityId, label);
  const proxy = tc.household('2-201');
  await makeProxyHousehold(t.container, proxy.id, { contactName: '王阿姨', contactPhone: '13900000000' });

  const buy = await createOpenBuy(t.app, leader, communityId, {
    title,
    deadline: inAnHour(),
    supplierName: '崇明农场',
    supplierContact: '021-12345678',
    deliveryDate: '2026-12-02',
    pickupMode: 'building',
    leaderFeeFen: 100,
    items: [
      { name: '鸡蛋', spec: '30枚/盒', unit: '盒', priceFen: 2500, stock: 5, perHouseholdMax: 5 },
      { name: '牛奶', unit: '箱', priceFen: 5990 },
    ],
  });
  const [egg, milk] = buy.items as [{ id: string }, { id: string }];
  const mine = `/api/buys/${buy.id}/orders/mine`;
  await putOrder(mine, residents['1-201']!, [
    { itemId: egg.id, qty: 2 },
    { itemId: milk.id, qty: 1 },
  ]);
  await putOrder(mine, residents['1-102']!, [{ itemId: milk.id, qty: 1 }]);
  await putOrder(mine, residents['1-101']!, [{ itemId: egg.id, qty: 2 }]);
  await putOrder(mine, residents['2-101']!, [{ itemId: egg.id, qty: 2 }]);
  await putOrder(mine, residents['2-102']!, [{ itemId: egg.id, qty: 1 }]);
  const cancelled = await t.app.inject({ method: 'DELETE', url: mine, headers: bearer(residents['1-102']!) });
  expect(cancelled.statusCode).toBe(200);
  await putOrder(`/api/buys/${buy.id}/orders/households/${proxy.id}`, volunteer, [
    { itemId: milk.id, qty: 3 },
  ]);
  return {
    communityId,
    buyId: buy.id,
    eggId: egg.id,
    milkId: milk.id,
    admin: tc.admin,
    leader,
    volunteer,
    residents,
    buildings: tc.buildings,
  };
}

let s: Scene;
beforeAll(async () => {
  s = await scene();
});

describe('GET /api/buys/{id}/summary', () => {
  it('totals per item, per building, per household and overall; cancelled orders do not count', async () => {
    const r = await get(`/api/buys/${s.buyId}/summary`, s.leader);
    expect(r.statusCode).toBe(200);
    const body = r.json();
    expect(body.buy).toMatchObject({
      title: '鸡蛋团购',
      supplierName: '崇明农场',
      deliveryDate: '2026-12-02',
      pickupMode: 'building',
      community: { name: 'Test Compound' },
    });
    expect(body.items).toEqual([
      expect.objectContaining({
        name: '鸡蛋',
        orderedQty: 7,
        allocatedQty: 5,
        waitlistedQty: 2,
        amountFen: 12500,
      }),
      expect.objectContaining({
        name: '牛奶',
        orderedQty: 4,
        allocatedQty: 4,
        waitlistedQty: 0,
        amountFen: 23960,
      }),
    ]);
    expect(
      body.buildings.map(
        (b: { name: string; households: number; items: { allocatedQty: number }[]; amountFen: number }) => [
          b.name,
          b.households,
          b.items.map((i) => i.allocatedQty),
          b.amountFen,
        ],
      ),
    ).toEqual([
      ['1', 2, [4, 1], 11090 + 5100],
      ['2', 2, [1, 3], 2600 + 18070],
    ]);
    expect(
      body.households.map(
        (h: { label: string; status: string; amountFen: number; placedByVolunteer: boolean }) => [
          h.label,
          h.status,
          h.amountFen,
          h.placedByVolunteer,
        ],
      ),
    ).toEqual([
      ['1-101', 'active', 5100, false],
      ['1-201', 'active', 11090, false],
      ['2-101', 'active', 2600, false],
      ['2-102', 'waitlisted', 0, false],
      ['2-201', 'active', 18070, true],
    ]);
    expect(body.totals).toEqual({
      orders: 5,
      households: 4,
      orderedQty: 11,
      allocatedQty: 9,
      waitlistedQty: 2,
      goodsFen: 36460,
      leaderFeesFen: 400,
      amountFen: 36860,
    });
    // The same money as the write path's running totals.
    const buy = (await get(`/api/buys/${s.buyId}`, s.leader)).json();
    expect(buy.totals.amountFen).toBe(body.totals.amountFen);
  });

  it('names and phones: none for the leader; a proxy household’s contact for admins', async () => {
    const leaderView = (await get(`/api/buys/${s.buyId}/summary`, s.leader)).body;
    expect(leaderView).not.toContain('王阿姨');
    expect(leaderView).not.toContain('13900000000');
    expect(leaderView).not.toContain('Resident');
    const admin = (await get(`/api/buys/${s.buyId}/summary`, s.admin)).json();
    const proxy = admin.households.find((h: { label: string }) => h.label === '2-201');
    expect(proxy).toMatchObject({ isProxy: true, proxyContact: { name: '王阿姨', phone: '13900000000' } });
    expect(JSON.stringify(admin)).not.toContain('Resident');
  });

  it('searches, filters and pages the households; the totals stay whole', async () => {
    const summary = async (query: string, who: Who = s.leader) => {
      const r = await get(`/api/buys/${s.buyId}/summary?${query}`, who);
      expect(r.statusCode).toBe(200);
      const body = r.json();
      expect(body.totals.orders).toBe(5);
      return {
        labels: body.households.map((h: { label: string }) => h.label),
        found: body.householdsFound,
        counts: body.householdCounts,
      };
    };
    expect(await summary('')).toEqual({
      labels: ['1-101', '1-201', '2-101', '2-102', '2-201'],
      found: 5,
      counts: { all: 5, waiting: 2, proxy: 1 },
    });
    expect(await summary('q=2101')).toMatchObject({ labels: ['2-101'], found: 1 });
    expect(await summary(`q=${encodeURIComponent('２－１０２')}`)).toMatchObject({
      labels: ['2-102'],
      found: 1,
    });
    expect(await summary('q=201&limit=1')).toMatchObject({ labels: ['1-201'], found: 2 });
    expect(await summary('q=201&limit=1&offset=1')).toMatchObject({ labels: ['2-201'], found: 2 });
    expect(await summary('filter=waiting')).toMatchObject({ labels: ['2-101', '2-102'], found: 2 }); // 2-101 in part
    expect(await summary('filter=proxy')).toMatchObject({ labels: ['2-201'], found: 1 });
    expect(await summary('limit=2&offset=4')).toMatchObject({ labels: ['2-201'], found: 5 });
    expect(await summary('q=nobody')).toMatchObject({ labels: [], found: 0 });
    // A proxy household's contact finds it for an admin, who may see it, and not for the leader, who may not.
    expect(await summary(`q=${encodeURIComponent('王阿姨')}`, s.admin)).toMatchObject({ labels: ['2-201'] });
    expect(await summary(`q=${encodeURIComponent('王阿姨')}`)).toMatchObject({ labels: [], found: 0 });
    expect(await summary('q=13900000000')).toMatchObject({ labels: [], found: 0 });
  });

  it.each([
    ['filter=everyone'],
    ['limit=0'],
    ['limit=1001'],
    ['limit=ten'],
    ['offset=-1'],
    ['offset=1.5'],
    [`q=${'3'.repeat(101)}`],
  ])('refuses a bad household view (%s) with 400', async (query) => {
    const r = await get(`/api/buys/${s.buyId}/summary?${query}`, s.leader);
    expect([r.statusCode, r.json().error.code]).toEqual([400, 'validation_failed']);
  });
});

describe('supplier order sheet', () => {
  it('XLSX: header block, item rows with allocated quantities and amounts, a total, 按楼栋', async () => {
    const r = await get(`/api/buys/${s.buyId}/exports/supplier.xlsx`, s.leader);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toContain('spreadsheetml');
    expect(r.headers['content-disposition']).toBe(
      `attachment; filename="buy-${s.buyId.slice(0, 8)}-supplier.xlsx"; filename*=UTF-8''${encodeURIComponent('鸡蛋团购-供应商订单.xlsx')}`,
    );
    const wb = await workbook(r.rawPayload);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['供应商订单', '按楼栋']);
    const rows = rowsOf(wb.getWorksheet('供应商订单')!);
    expect(rows[0]).toEqual(['鸡蛋团购 — 供应商订单']);
    expect(rows).toContainEqual(['供应商', '崇明农场']);
    expect(rows).toContainEqual(['联系方式', '021-12345678']);
    expect(rows).toContainEqual(['送货日期', '2026-12-02']);
    expect(rows).toContainEqual(['取货方式', '楼栋自提']);
    expect(rows).toContainEqual(['送货地点', 'Test Compound']);
    const header = rows.findIndex((row) => row[0] === '序号');
    expect(rows.slice(header)).toEqual([
      ['序号', '商品', '规格', '单位', '单价（元）', '数量', '金额（元）'],
      [1, '鸡蛋', '30枚/盒', '盒', 25, 5, 125],
      [2, '牛奶', null, '箱', 59.9, 4, 239.6],
      ['合计', null, null, null, null, 9, 364.6],
    ]);
    const ws = wb.getWorksheet('供应商订单')!;
    expect(ws.getRow(header + 2).getCell(5).numFmt).toBe('0.00');
    expect(rowsOf(wb.getWorksheet('按楼栋')!).slice(1)).toEqual([
      ['楼栋', '户数', '鸡蛋（30枚/盒）', '牛奶', '金额（元）'],
      ['1号楼', 2, 4, 1, 159.9],
      ['2号楼', 2, 1, 3, 204.7],
      ['合计', 4, 5, 4, 364.6],
    ]);
  });

  it('CSV: UTF-8 with a BOM, the same rows, RFC 4180', async () => {
    const r = await get(`/api/buys/${s.buyId}/exports/supplier.csv`, s.admin);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(r.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('鸡蛋团购-供应商订单.csv')}`,
    );
    expect([...r.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parseCsv(r.rawPayload.toString('utf8').slice(1));
    expect(records[0]).toEqual(['鸡蛋团购 — 供应商订单']);
    expect(records).toContainEqual(['1', '鸡蛋', '30枚/盒', '盒', '25.00', '5', '125.00']);
    expect(records).toContainEqual(['2', '牛奶', '', '箱', '59.90', '4', '239.60']);
    expect(records).toContainEqual(['合计', '', '', '', '', '9', '364.60']);
    expect(records).toContainEqual(['1号楼', '2', '4', '1', '159.90']);
    expect(records).toContainEqual(['2号楼', '2', '1', '3', '204.70']);
  });

  it('CSV guards text that a spreadsheet would run as a formula', async () => {
    const evil = await scene('=HYPERLINK("http://x","点我")');
    const r = await get(`/api/buys/${evil.buyId}/exports/supplier.csv`, evil.leader);
    expect(r.statusCode).toBe(200);
    const records = parseCsv(r.rawPayload.toString('utf8').slice(1));
    expect(records[0]![0]).toBe(`'=HYPERLINK("http://x","点我") — 供应商订单`);
    expect(records).toContainEqual(['团购', `'=HYPERLINK("http://x","点我")`]);
    // The file name keeps the title, with the characters a file system rejects replaced.
    expect(r.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('=HYPERLINK(_http___x_,_点我_)-供应商订单.csv').replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}`,
    );
  });
});

describe('packing lists', () => {
  it('XLSX for the leader: one sheet per building, households in label order, a tick column, totals', async () => {
    const r = await get(`/api/buys/${s.buyId}/exports/packing.xlsx`, s.leader);
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('鸡蛋团购-分装单.xlsx')}`,
    );
    const wb = await workbook(r.rawPayload);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['1号楼', '2号楼']);
    expect(rowsOf(wb.getWorksheet('1号楼')!)).toEqual([
      ['1号楼 分装单 — 鸡蛋团购'],
      ['户号', '鸡蛋（30枚/盒）', '牛奶', '金额（元）', '已收 ✓', '备注'],
      ['1-101', 2, 0, 51],
      ['1-201', 2, 1, 110.9],
      ['合计 2 户', 4, 1, 161.9],
    ]);
    // 2-102 waits for eggs: nothing to pack. The leader is not building 2's volunteer: no proxy contact.
    expect(rowsOf(wb.getWorksheet('2号楼')!).slice(2)).toEqual([
      ['2-101', 1, 0, 26],
      ['2-201', 0, 3, 180.7, null, '代办'],
      ['合计 2 户', 1, 3, 206.7],
    ]);
  });

  it('a volunteer gets only their buildings, with their proxy households’ contacts', async () => {
    const r = await get(`/api/buys/${s.buyId}/exports/packing.xlsx`, s.volunteer);
    expect(r.statusCode).toBe(200);
    const wb = await workbook(r.rawPayload);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['2号楼']);
    expect(rowsOf(wb.getWorksheet('2号楼')!)[3]).toEqual([
      '2-201',
      0,
      3,
      180.7,
      null,
      '代办 王阿姨 13900000000',
    ]);

    const json = await get(`/api/buys/${s.buyId}/packing`, s.volunteer);
    expect(json.statusCode).toBe(200);
    const body = json.json();
    expect(body.items.map((i: { name: string }) => i.name)).toEqual(['鸡蛋', '牛奶']);
    expect(body.buildings).toHaveLength(1);
    expect(body.buildings[0]).toMatchObject({
      name: '2',
      households: [
        { label: '2-101', quantities: [1, 0], amountFen: 2600, proxyContact: null },
        {
          label: '2-201',
          quantities: [0, 3],
          amountFen: 18070,
          isProxy: true,
          proxyContact: { name: '王阿姨' },
        },
      ],
      totals: { quantities: [1, 3], amountFen: 20670 },
    });
  });

  it('?buildingId narrows the list; a building outside the volunteer’s scope is 403, unknown is 404', async () => {
    const b1 = s.buildings[0]!;
    const b2 = s.buildings[1]!;
    const one = (await get(`/api/buys/${s.buyId}/packing?buildingId=${b1.id}`, s.leader)).json();
    expect(one.buildings.map((b: { name: string }) => b.name)).toEqual(['1']);
    expect((await get(`/api/buys/${s.buyId}/packing?buildingId=${b2.id}`, s.volunteer)).statusCode).toBe(200);
    const other = await get(`/api/buys/${s.buyId}/exports/packing.xlsx?buildingId=${b1.id}`, s.volunteer);
    expect([other.statusCode, other.json().error.code]).toEqual([403, 'not_volunteer_of_building']);
    const unknown = await get(`/api/buys/${s.buyId}/packing?buildingId=${crypto.randomUUID()}`, s.admin);
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'building_not_found']);
    const bad = await get(`/api/buys/${s.buyId}/packing?buildingId=nope`, s.admin);
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'validation_failed']);
  });
});

describe('who may see what', () => {
  const routes = [
    'summary',
    'exports/supplier.xlsx',
    'exports/supplier.csv',
    'packing',
    'exports/packing.xlsx',
  ];

  it.each(routes)('%s: 401 without a session, 400 for a bad id, 404 for an unknown buy', async (route) => {
    expect((await get(`/api/buys/${s.buyId}/${route}`)).statusCode).toBe(401);
    const bad = await get(`/api/buys/not-a-uuid/${route}`, s.leader);
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'validation_failed']);
    const unknown = await get(`/api/buys/${crypto.randomUUID()}/${route}`, s.leader);
    expect([unknown.statusCode, unknown.json().error.code]).toEqual([404, 'buy_not_found']);
  });

  it.each(routes)('%s: residents 403, members of other compounds 403', async (route) => {
    const resident = await get(`/api/buys/${s.buyId}/${route}`, s.residents['1-101']!);
    expect([resident.statusCode, resident.json().error.code]).toEqual([403, 'not_buy_manager']);
    const elsewhere = await createTestCommunity(t.container);
    const outsider = await get(`/api/buys/${s.buyId}/${route}`, elsewhere.admin);
    expect([outsider.statusCode, outsider.json().error.code]).toEqual([403, 'not_a_member']);
  });

  it.each(['summary', 'exports/supplier.xlsx', 'exports/supplier.csv'])(
    '%s: volunteers and other leaders 403',
    async (route) => {
      const volunteer = await get(`/api/buys/${s.buyId}/${route}`, s.volunteer);
      expect([volunteer.statusCode, volunteer.json().error.code]).toEqual([403, 'not_buy_manager']);
      const otherLeader = await createTestMember(t.container, s.communityId, 'Other leader');
      await addRole(t.container, otherLeader, { leader: true });
      expect((await get(`/api/buys/${s.buyId}/${route}`, otherLeader)).statusCode).toBe(403);
    },
  );

  it('a draft: 404 to residents, empty but valid reports for its leader', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: `/api/communities/${s.communityId}/buys`,
      headers: bearer(s.leader),
      payload: { title: '草稿', deadline: inAnHour(), items: [{ name: '米', priceFen: 100 }] },
    });
    const id = created.json().id as string;
    expect((await get(`/api/buys/${id}/summary`, s.residents['1-101']!)).statusCode).toBe(404);
    const summary = (await get(`/api/buys/${id}/summary`, s.leader)).json();
    expect(summary.totals.amountFen).toBe(0);
    const packing = await get(`/api/buys/${id}/exports/packing.xlsx`, s.leader);
    expect(packing.statusCode).toBe(200);
    expect((await workbook(packing.rawPayload)).worksheets.map((w) => w.name)).toEqual(['分装单']);
    const supplier = await get(`/api/buys/${id}/exports/supplier.xlsx`, s.leader);
    expect(supplier.statusCode).toBe(200);
  });

  it('the routes are in the OpenAPI document', async () => {
    const paths = Object.keys((await get('/api/openapi.json')).json().paths);
    for (const p of [
      'summary',
      'packing',
      'exports/supplier.xlsx',
      'exports/supplier.csv',
      'exports/packing.xlsx',
    ])
      expect(paths).toContain(`/api/buys/{buyId}/${p}`);
  });
});
