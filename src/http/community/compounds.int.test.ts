import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../core/shared/events.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import {
  createTestCommunity,
  createTestMember,
  createVerifiedResident,
  makeProxyHousehold,
} from '../../../test/support/community.ts';
import { bearer, createTestSession, createTestUser, type TestUser } from '../../../test/support/users.ts';

let t: TestApp;
const seen: DomainEvent[] = [];

beforeAll(async () => {
  t = await createTestApp();
  t.container.events.subscribe((e) => seen.push(e));
});
afterAll(async () => {
  await t.close();
});

const call = (
  user: TestUser | null,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  payload?: object,
) => t.app.inject({ method, url, headers: user ? bearer(user) : {}, ...(payload ? { payload } : {}) });

describe('compounds', () => {
  it('creates a compound, makes the creator admin, publishes community.created', async () => {
    const u = await createTestUser(t.container, 'Organiser');
    const res = await call(u, 'POST', '/api/communities', { name: ' 阳光小区 ', address: '长宁路 1 号' });
    expect(res.statusCode).toBe(201);
    const { community, me } = res.json();
    expect(community).toMatchObject({ name: '阳光小区', address: '长宁路 1 号' });
    expect(me.roles).toEqual({ admin: true, leader: false, volunteerBuildingIds: [] });
    expect(seen).toContainEqual(
      expect.objectContaining({ type: 'community.created', communityId: community.id }),
    );

    const got = await call(u, 'GET', `/api/communities/${community.id}`);
    expect(got.statusCode).toBe(200);
    expect(got.json().community.stats).toEqual({
      buildings: 0,
      households: 0,
      verifiedHouseholds: 0,
      members: 1,
    });
    expect(got.json().me.memberId).toBe(me.memberId);
  });

  it('works with a cookie session and its CSRF token, and refuses a write without it', async () => {
    const u = await createTestUser(t.container);
    const s = await createTestSession(t.container, u.userId);
    const no = await t.app.inject({
      method: 'POST',
      url: '/api/communities',
      headers: { cookie: s.cookie },
      payload: { name: 'A' },
    });
    expect(no.statusCode).toBe(403);
    const yes = await t.app.inject({
      method: 'POST',
      url: '/api/communities',
      headers: { cookie: s.cookie, 'x-csrf-token': s.csrf },
      payload: { name: 'A' },
    });
    expect(yes.statusCode).toBe(201);
  });

  it.each([
    ['missing name', {}],
    ['empty name', { name: '   ' }],
    ['name too long', { name: 'x'.repeat(101) }],
    ['wrong type', { name: 5 }],
    ['address too long', { name: 'A', address: 'x'.repeat(201) }],
  ])('refuses %s with 400', async (_n, body) => {
    const u = await createTestUser(t.container);
    const res = await call(u, 'POST', '/api/communities', body);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('validation_failed');
  });

  it('counts stats and lets only admins update', async () => {
    const tc = await createTestCommunity(t.container, { buildings: 2, floors: 2, roomsPerFloor: 2 });
    await createVerifiedResident(t.container, tc.community.id, '1-101');
    await makeProxyHousehold(t.container, tc.household('2-201').id, { contactName: '李伯' });
    const resident = await createVerifiedResident(t.container, tc.community.id, '1-102');
    const stats = (await call(resident, 'GET', `/api/communities/${tc.community.id}`)).json().community.stats;
    expect(stats).toEqual({ buildings: 2, households: 8, verifiedHouseholds: 3, members: 3 });

    expect(
      (await call(resident, 'PATCH', `/api/communities/${tc.community.id}`, { name: 'X' })).statusCode,
    ).toBe(403);
    const ok = await call(tc.admin, 'PATCH', `/api/communities/${tc.community.id}`, {
      name: '新名字',
      address: null,
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().community).toMatchObject({ name: '新名字', address: null });
  });
});

describe('buildings and rooms from a pattern', () => {
  it('generates 288 households for 12 × 6 × 4 and is idempotent', async () => {
    const tc = await createTestCommunity(t.container, { buildings: 0 });
    const url = `/api/communities/${tc.community.id}/buildings/generate`;
    const body = { buildingFrom: 1, buildingTo: 12, floors: 6, roomsPerFloor: 4 };
    const first = await call(tc.admin, 'POST', url, body);
    expect(first.statusCode).toBe(201);
    expect(first.json()).toEqual({ buildingsCreated: 12, householdsCreated: 288, householdsSkipped: 0 });
    const again = await call(tc.admin, 'POST', url, { ...body, buildingTo: 13 });
    expect(again.json()).toEqual({ buildingsCreated: 1, householdsCreated: 24, householdsSkipped: 288 });

    const list = (await call(tc.admin, 'GET', `/api/communities/${tc.community.id}/households`)).json()
      .households;
    expect(list).toHaveLength(312);
    expect(list[0].label).toBe('1-101');
    expect(list.at(-1).label).toBe('13-604');
    const buildings = (await call(tc.admin, 'GET', `/api/communities/${tc.community.id}/buildings`)).json()
      .buildings;
    expect(buildings.map((b: { name: string }) => b.name).slice(0, 3)).toEqual(['1', '2', '3']);
    expect(buildings[0]).toMatchObject({ householdCount: 24, verifiedCount: 0 });
  });

  it('caps one request at 5,000 households (422) and refuses a reversed range', async () => {
    const tc = await createTestCommunity(t.container, { buildings: 0 });
    const url = `/api/communities/${tc.community.id}/buildings/generate`;
    const big = await call(tc.admin, 'POST', url, {
      buildingFrom: 1,
      buildingTo: 99,
      floors: 60,
      roomsPerFloor: 20,
    });
    expect(big.statusCode).toBe(422);
    expect(big.json().error.code).toBe('too_many_households');
    const reversed = await call(tc.admin, 'POST', url, {
      buildingFrom: 5,
      buildingTo: 2,
      floors: 1,
      roomsPerFloor: 1,
    });
    expect(reversed.statusCode).toBe(422);
    expect(reversed.json().error.code).toBe('bad_building_range');
  });

  it('creates exactly 5,000 households in one request', async () => {
    const tc = await createTestCommunity(t.container, { buildings: 0 });
    const res = await call(tc.admin, 'POST', `/api/communities/${tc.community.id}/buildings/generate`, {
      buildingFrom: 1,
      buildingTo: 25,
      floors: 20,
      roomsPerFloor: 10,
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().householdsCreated).toBe(5000);
  });

  it.each([
    ['floors 0', { buildingFrom: 1, buildingTo: 1, floors: 0, roomsPerFloor: 1 }],
    ['floors 61', { buildingFrom: 1, buildingTo: 1, floors: 61, roomsPerFloor: 1 }],
    ['rooms 21', { buildingFrom: 1, buildingTo: 1, floors: 1, roomsPerFloor: 21 }],
    ['building 100', { buildingFrom: 1, buildingTo: 100, floors: 1, roomsPerFloor: 1 }],
    ['fraction', { buildingFrom: 1.5, buildingTo: 2, floors: 1, roomsPerFloor: 1 }],
    ['string', { buildingFrom: '1', buildingTo: 2, floors: 1, roomsPerFloor: 1 }],
    ['missing', { buildingFrom: 1 }],
  ])('refuses %s with 400', async (_n, body) => {
    const tc = await createTestCommunity(t.container, { buildings: 0 });
    const res = await call(tc.admin, 'POST', `/api/communities/${tc.community.id}/buildings/generate`, body);
    expect(res.statusCode).toBe(400);
  });

  it('is for admins only', async () => {
    const tc = await createTestCommunity(t.container, { buildings: 0 });
    const m = await createTestMember(t.container, tc.community.id);
    const res = await call(m, 'POST', `/api/communities/${tc.community.id}/buildings/generate`, {
      buildingFrom: 1,
      buildingTo: 1,
      floors: 1,
      roomsPerFloor: 1,
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('CSV import', () => {
  it('imports valid lines, reports bad ones, skips existing labels, creates buildings', async () => {
    const tc = await createTestCommunity(t.container, { buildings: 1, floors: 1, roomsPerFloor: 1 });
    const csv = '\uFEFF楼号,房号\r\n1,101\r\n３号楼,５０２室\r\nnope\r\n3,503\r\n3,503\r\n';
    const res = await call(tc.admin, 'POST', `/api/communities/${tc.community.id}/households/import`, {
      csv,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ created: 2, skipped: 2, buildingsCreated: 1 });
    expect(res.json().errors).toEqual([{ line: 4, message: expect.stringContaining('two columns') }]);
    const labels = (await call(tc.admin, 'GET', `/api/communities/${tc.community.id}/households`))
      .json()
      .households.map((h: { label: string }) => h.label);
    expect(labels).toEqual(['1-101', '3-502', '3-503']);
  });

  it('refuses a CSV over 200 KB with 413 and a non-string with 400', async () => {
    const tc = await createTestCommunity(t.container, { buildings: 0 });
    const url = `/api/communities/${tc.community.id}/households/import`;
    const big = await call(tc.admin, 'POST', url, { csv: '1,101\n'.repeat(40_000) });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('csv_too_large');
    expect((await call(tc.admin, 'POST', url, { csv: 5 })).statusCode).toBe(400);
    expect((await call(tc.admin, 'POST', url, {})).statusCode).toBe(400);
  });

  it('is for admins only', async () => {
    const tc = await createTestCommunity(t.container, { buildings: 0 });
    const m = await createTestMember(t.container, tc.community.id);
    const res = await call(m, 'POST', `/api/communities/${tc.community.id}/households/import`, {
      csv: '1,101',
    });
    expect(res.statusCode).toBe(403);
  });
});

describe('editing buildings and households', () => {
  it('renames a building and relabels its households; 409 on a taken name', async () => {
    const tc = await createTestCommunity(t.container, { buildings: 2, floors: 1, roomsPerFloor: 1 });
    const b1 = tc.buildings[0]!.id;
    const ok = await call(tc.admin, 'PATCH', `/api/buildings/${b1}`, { name: '5号楼' });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().building.name).toBe('5');
    const hs = (
      await call(tc.admin, 'GET', `/api/communities/${tc.community.id}/households?buildingId=${b1}`)
    ).json();
    expect(hs.households.map((h: { label: string }) => h.label)).toEqual(['5-101']);
    const taken = await call(tc.admin, 'PATCH', `/api/buildings/${b1}`, { name: '2' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('building_exists');
    const bad = await call(tc.admin, 'PATCH', `/api/buildings/${b1}`, { name: '3-4' });
    expect(bad.statusCode).toBe(422);
  });

  it('adds, edits and deletes a household; 409 for duplicates and occupied rooms', async () => {
    const tc = await createTestCommunity(t.container, { buildings: 1, floors: 1, roomsPerFloor: 2 });
    const url = `/api/communities/${tc.community.id}/households`;
    const b = tc.buildings[0]!.id;
    const created = await call(tc.admin, 'POST', url, { buildingId: b, room: '２０１室' });
    expect(created.statusCode).toBe(201);
    expect(created.json().household).toMatchObject({
      label: '1-201',
      room: '201',
      isProxy: false,
      verified: false,
    });
    expect((await call(tc.admin, 'POST', url, { buildingId: b, room: '201' })).json().error.code).toBe(
      'household_exists',
    );
    expect((await call(tc.admin, 'POST', url, { buildingId: b, room: 'x y' })).statusCode).toBe(422);

    const id = created.json().household.id;
    const edited = await call(tc.admin, 'PATCH', `/api/households/${id}`, { room: '202' });
    expect(edited.json().household.label).toBe('1-202');
    expect((await call(tc.admin, 'PATCH', `/api/households/${id}`, { room: '101' })).statusCode).toBe(409);

    await createVerifiedResident(t.container, tc.community.id, '1-101');
    const busy = await call(tc.admin, 'DELETE', `/api/households/${tc.household('1-101').id}`);
    expect(busy.statusCode).toBe(409);
    expect(busy.json().error.code).toBe('household_in_use');
    const buildingBusy = await call(tc.admin, 'DELETE', `/api/buildings/${b}`);
    expect(buildingBusy.statusCode).toBe(409);
    expect(buildingBusy.json().error.code).toBe('building_in_use');

    expect((await call(tc.admin, 'DELETE', `/api/households/${id}`)).statusCode).toBe(204);
    expect((await call(tc.admin, 'DELETE', `/api/households/${id}`)).statusCode).toBe(404);
  });

  it('a household in another compound is not found from this one', async () => {
    const a = await createTestCommunity(t.container, { buildings: 1 });
    const b = await createTestCommunity(t.container, { buildings: 1 });
    const res = await call(a.admin, 'POST', `/api/communities/${a.community.id}/households`, {
      buildingId: b.buildings[0]!.id,
      room: '901',
    });
    expect(res.statusCode).toBe(404);
    expect((await call(a.admin, 'DELETE', `/api/buildings/${b.buildings[0]!.id}`)).statusCode).toBe(403);
  });

  it('deletes an empty building with its rooms', async () => {
    const tc = await createTestCommunity(t.container, { buildings: 2 });
    expect((await call(tc.admin, 'DELETE', `/api/buildings/${tc.buildings[1]!.id}`)).statusCode).toBe(204);
    const stats = (await call(tc.admin, 'GET', `/api/communities/${tc.community.id}`)).json().community.stats;
    expect(stats).toMatchObject({ buildings: 1, households: 2 });
  });

  it('residents see households by label with no proxy contact', async () => {
    const tc = await createTestCommunity(t.container, { buildings: 1 });
    await makeProxyHousehold(t.container, tc.household('1-102').id, {
      contactName: '王阿姨',
      contactPhone: '13900000000',
    });
    const r = await createVerifiedResident(t.container, tc.community.id, '1-101');
    const res = await call(r, 'GET', `/api/communities/${tc.community.id}/households`);
    expect(res.statusCode).toBe(200);
    expect(res.json().households).toEqual([
      {
        id: tc.household('1-101').id,
        label: '1-101',
        buildingId: tc.buildings[0]!.id,
        room: '101',
        isProxy: false,
        verified: true,
      },
      {
        id: tc.household('1-102').id,
        label: '1-102',
        buildingId: tc.buildings[0]!.id,
        room: '102',
        isProxy: true,
        verified: true,
      },
    ]);
    expect(res.body).not.toContain('王阿姨');
    expect(res.body).not.toContain('13900000000');
  });
});
