import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenBuy, inAnHour } from '../../../test/support/buys.ts';
import {
  addRole,
  createTestCommunity,
  createTestMember,
  createVerifiedResident,
  type TestCommunity,
  type TestMember,
  type TestResident,
} from '../../../test/support/community.ts';
import { call } from '../../../test/support/distribution.ts';
import { createTestUser } from '../../../test/support/users.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';

let t: TestApp;
let s: TestCommunity;
let leader: TestMember;
let other: TestMember;
let resident: TestResident;
let elsewhere: TestCommunity;

type Who = { token: string };
const send = async (method: string, url: string, who: Who | undefined, body?: unknown, status = 200) => {
  const res = await call(t.app, method, url, who, body);
  expect(res.statusCode, res.body).toBe(status);
  return res.json();
};
const list = () => `/api/communities/${s.community.id}/suppliers`;
const code = async (method: string, url: string, who: Who | undefined, status: number, body?: unknown) => {
  const res = await call(t.app, method, url, who, body);
  expect(res.statusCode, `${method} ${url} ${JSON.stringify(body)}: ${res.body}`).toBe(status);
  return (res.json() as { error: { code: string } }).error.code;
};

beforeAll(async () => {
  t = await createTestApp();
  s = await createTestCommunity(t.container);
  leader = await createTestMember(t.container, s.community.id, 'Leader Lu');
  await addRole(t.container, leader, { leader: true });
  other = await createTestMember(t.container, s.community.id, 'Leader Ou');
  await addRole(t.container, other, { leader: true });
  resident = await createVerifiedResident(t.container, s.community.id, '1-101');
  elsewhere = await createTestCommunity(t.container, { name: 'Elsewhere' });
});
afterAll(async () => {
  await t.close();
});

describe('the register of suppliers', () => {
  it('takes a leader’s supplier unverified, lets an admin verify it, and shows it on 放心买', async () => {
    const added = await send(
      'POST',
      list(),
      leader,
      { name: ' 崇明绿港农场 ', contact: '136 0000 1234', licenceNo: '91310230MA1K000000', baogong: true },
      201,
    );
    expect(added).toMatchObject({
      name: '崇明绿港农场',
      contact: '136 0000 1234',
      licenceNo: '91310230MA1K000000',
      baogong: true,
      note: null,
      verifiedAt: null,
      mine: true,
      can: { edit: true, verify: false },
    });
    // The same name again, spaces aside: taken.
    expect(await code('POST', list(), other, 409, { name: '崇明 绿港农场' })).toBe('supplier_exists');

    const buy = await createOpenBuy(t.app, leader, s.community.id, {
      title: '蔬菜团',
      deadline: inAnHour(),
      supplierName: '崇明绿港农场',
      items: [{ name: '青菜', priceFen: 500 }],
    });
    const before = await send('GET', `/api/buys/${buy.id}/trust`, resident);
    expect(before.supplier.registered).toEqual({
      licenceNo: '91310230MA1K000000',
      baogong: true,
      verifiedAt: null,
    });

    // Only an admin verifies; the register is read as it is, so 放心买 shows it at once.
    expect(await code('PATCH', `/api/suppliers/${added.id}`, leader, 403, { verified: true })).toBe(
      'forbidden',
    );
    const verified = await send('PATCH', `/api/suppliers/${added.id}`, s.admin, { verified: true });
    expect(verified.verifiedAt).not.toBeNull();
    expect(verified.can).toEqual({ edit: true, verify: true });
    const after = await send('GET', `/api/buys/${buy.id}/trust`, resident);
    expect(after.supplier.registered.verifiedAt).toBe(verified.verifiedAt);

    // Verified, the leader can no longer change it; the admin can, and it stays verified.
    expect(await code('PATCH', `/api/suppliers/${added.id}`, leader, 403, { note: '改' })).toBe('forbidden');
    const noted = await send('PATCH', `/api/suppliers/${added.id}`, s.admin, {
      note: '居委核对过营业执照和保供证',
    });
    expect(noted).toMatchObject({ note: '居委核对过营业执照和保供证', verifiedAt: verified.verifiedAt });

    // Residents read the register, verified first, with the buys under way that name each entry; they add nothing.
    const { suppliers } = await send('GET', list(), resident);
    expect(suppliers[0]).toMatchObject({
      name: '崇明绿港农场',
      mine: false,
      can: { edit: false, verify: false },
      underWay: 1,
    });
    expect(await code('POST', list(), resident, 403, { name: '别家' })).toBe('forbidden');

    // Unverified again.
    expect(
      (await send('PATCH', `/api/suppliers/${added.id}`, s.admin, { verified: false })).verifiedAt,
    ).toBeNull();
  });

  it('counts the buys under way that name an entry: open to arrived, spaces and case aside, not drafts', async () => {
    const added = await send('POST', list(), leader, { name: 'Fresh Farm' }, 201);
    const underWay = async () =>
      ((await send('GET', list(), leader)).suppliers as { id: string; underWay: number }[]).find(
        (e) => e.id === added.id,
      )!.underWay;
    expect(await underWay()).toBe(0);
    const body = (supplierName: string) => ({
      title: 'Veg',
      deadline: inAnHour(),
      supplierName,
      items: [{ name: 'Greens', priceFen: 500 }],
    });
    await send('POST', `/api/communities/${s.community.id}/buys`, leader, body('Fresh Farm'), 201);
    expect(await underWay()).toBe(0);
    const open = await createOpenBuy(t.app, leader, s.community.id, body('fresh  farm'));
    await createOpenBuy(t.app, other, s.community.id, body('ＦＲＥＳＨ Farm'));
    // Another compound's buy of the same name is not this register's.
    const away = await createTestMember(t.container, elsewhere.community.id, 'Leader Away');
    await addRole(t.container, away, { leader: true });
    await createOpenBuy(t.app, away, elsewhere.community.id, body('Fresh Farm'));
    expect(await underWay()).toBe(2);
    await send('POST', `/api/buys/${open.id}/cancel`, leader, { reason: '停供' });
    expect(await underWay()).toBe(1);
  });

  it('lets the leader who added an entry change it until it is verified, and nobody else but admins', async () => {
    const mine = await send('POST', list(), other, { name: '浦东蔬菜保供' }, 201);
    expect(mine.verifiedAt).toBeNull();
    expect(
      (await send('PATCH', `/api/suppliers/${mine.id}`, other, { baogong: true, contact: '' })).baogong,
    ).toBe(true);
    expect(await code('PATCH', `/api/suppliers/${mine.id}`, leader, 403, { note: '不是我的' })).toBe(
      'forbidden',
    );
    // Renaming onto another entry's name is a conflict.
    expect(await code('PATCH', `/api/suppliers/${mine.id}`, other, 409, { name: '崇明绿港农场' })).toBe(
      'supplier_exists',
    );
  });

  it('answers bad requests with a 4xx, never a 500', async () => {
    const stranger = await createTestUser(t.container, 'Stranger');
    const [entry] = (await send('GET', list(), resident)).suppliers as { id: string }[];
    const bad: [string, string, Who | undefined, number, unknown?][] = [
      ['GET', list(), undefined, 401],
      ['GET', list(), stranger, 403],
      ['GET', list(), elsewhere.admin, 403],
      ['GET', `/api/communities/${randomUUID()}/suppliers`, resident, 404],
      ['POST', list(), leader, 400, {}],
      ['POST', list(), leader, 400, { name: '   ' }],
      ['POST', list(), leader, 400, { name: '长'.repeat(61) }],
      ['POST', list(), leader, 400, { name: 'x', licenceNo: '1'.repeat(31) }],
      ['POST', list(), leader, 400, { name: 'x', baogong: 'yes' }],
      ['POST', list(), elsewhere.admin, 403, { name: 'x' }],
      ['PATCH', `/api/suppliers/${randomUUID()}`, s.admin, 404, { verified: true }],
      ['PATCH', '/api/suppliers/nope', s.admin, 400, { verified: true }],
      ['PATCH', `/api/suppliers/${entry!.id}`, s.admin, 400, { verified: 'yes' }],
      ['PATCH', `/api/suppliers/${entry!.id}`, elsewhere.admin, 403, { verified: true }],
      ['PATCH', `/api/suppliers/${entry!.id}`, undefined, 401, { verified: true }],
    ];
    for (const [method, url, who, status, body] of bad) await code(method, url, who, status, body);
  });
});
