import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../core/shared/events.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import {
  addRole,
  createPendingResident,
  createTestCommunity,
  createTestMember,
  createVerifiedResident,
} from '../../../test/support/community.ts';
import { bearer, type TestUser } from '../../../test/support/users.ts';

let t: TestApp;
const seen: DomainEvent[] = [];

beforeAll(async () => {
  t = await createTestApp();
  t.container.events.subscribe((e) => seen.push(e));
});
afterAll(async () => {
  await t.close();
});

const call = (user: TestUser | null, method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: user ? bearer(user) : {}, ...(payload ? { payload } : {}) });

describe('members and roles', () => {
  it('admins see every member with contacts; volunteers only their buildings; residents nothing', async () => {
    const tc = await createTestCommunity(t.container, { buildings: 2 });
    const r1 = await createVerifiedResident(t.container, tc.community.id, '1-101', '甲');
    const r2 = await createVerifiedResident(t.container, tc.community.id, '2-101', '乙');
    const vol = await createTestMember(t.container, tc.community.id, '楼长');
    await addRole(t.container, vol, { volunteerBuildingIds: [tc.buildings[1]!.id] });
    const url = `/api/communities/${tc.community.id}/members`;

    const all = (await call(tc.admin, 'GET', url)).json().members;
    expect(all).toHaveLength(4);
    expect(all).toContainEqual({
      id: r1.memberId,
      displayName: '甲',
      phone: r1.phone,
      roles: { admin: false, leader: false, volunteerBuildingIds: [] },
      household: { id: r1.household.id, label: '1-101', status: 'verified' },
    });

    const scoped = (await call(vol, 'GET', url)).json().members;
    expect(scoped.map((m: { id: string }) => m.id)).toEqual([r2.memberId]);

    const denied = await call(r1, 'GET', url);
    expect(denied.statusCode).toBe(403);
    expect(denied.body).not.toContain(r2.phone);
  });

  it('sets roles, publishes member.roles_changed, and keeps the last admin', async () => {
    const tc = await createTestCommunity(t.container, { buildings: 2 });
    const m = await createTestMember(t.container, tc.community.id);
    const roles = {
      admin: false,
      leader: true,
      volunteerBuildingIds: [tc.buildings[0]!.id, tc.buildings[0]!.id],
    };
    const res = await call(tc.admin, 'PUT', `/api/members/${m.memberId}/roles`, roles);
    expect(res.statusCode).toBe(200);
    expect(res.json().member.roles).toEqual({
      admin: false,
      leader: true,
      volunteerBuildingIds: [tc.buildings[0]!.id],
    });
    expect(seen).toContainEqual(
      expect.objectContaining({ type: 'member.roles_changed', memberId: m.memberId }),
    );

    const last = await call(tc.admin, 'PUT', `/api/members/${tc.admin.memberId}/roles`, {
      admin: false,
      leader: false,
      volunteerBuildingIds: [],
    });
    expect(last.statusCode).toBe(409);
    expect(last.json().error.code).toBe('last_admin');

    await call(tc.admin, 'PUT', `/api/members/${m.memberId}/roles`, {
      admin: true,
      leader: false,
      volunteerBuildingIds: [],
    });
    const step = await call(tc.admin, 'PUT', `/api/members/${tc.admin.memberId}/roles`, {
      admin: false,
      leader: false,
      volunteerBuildingIds: [],
    });
    expect(step.statusCode).toBe(200);
    // No longer an admin: cannot change roles any more.
    const after = await call(tc.admin, 'PUT', `/api/members/${m.memberId}/roles`, {
      admin: true,
      leader: true,
      volunteerBuildingIds: [],
    });
    expect(after.statusCode).toBe(403);
  });

  it('two admins demoting each other at once leave one admin', async () => {
    const tc = await createTestCommunity(t.container);
    const second = await createTestMember(t.container, tc.community.id);
    await addRole(t.container, second, { admin: true });
    const none = { admin: false, leader: false, volunteerBuildingIds: [] };
    const results = await Promise.all([
      call(tc.admin, 'PUT', `/api/members/${second.memberId}/roles`, none),
      call(second, 'PUT', `/api/members/${tc.admin.memberId}/roles`, none),
    ]);
    expect(results.filter((r) => r.statusCode === 200)).toHaveLength(1);
    const members = (
      await call(
        results[0]!.statusCode === 200 ? tc.admin : second,
        'GET',
        `/api/communities/${tc.community.id}/members`,
      )
    ).json().members;
    expect(members.filter((m: { roles: { admin: boolean } }) => m.roles.admin)).toHaveLength(1);
  });

  it('refuses buildings of another compound (422), bad bodies (400), residents (403), unknown members (404)', async () => {
    const tc = await createTestCommunity(t.container);
    const other = await createTestCommunity(t.container);
    const m = await createTestMember(t.container, tc.community.id);
    const url = `/api/members/${m.memberId}/roles`;
    const foreign = await call(tc.admin, 'PUT', url, {
      admin: false,
      leader: false,
      volunteerBuildingIds: [other.buildings[0]!.id],
    });
    expect(foreign.statusCode).toBe(422);
    expect(foreign.json().error.code).toBe('unknown_building');
    expect(
      (await call(tc.admin, 'PUT', url, { admin: 'yes', leader: false, volunteerBuildingIds: [] }))
        .statusCode,
    ).toBe(400);
    expect((await call(tc.admin, 'PUT', url, { admin: false, leader: false })).statusCode).toBe(400);
    expect(
      (await call(tc.admin, 'PUT', url, { admin: false, leader: false, volunteerBuildingIds: ['x'] }))
        .statusCode,
    ).toBe(400);
    expect(
      (await call(m, 'PUT', url, { admin: true, leader: false, volunteerBuildingIds: [] })).statusCode,
    ).toBe(403);
    expect(
      (await call(other.admin, 'PUT', url, { admin: true, leader: false, volunteerBuildingIds: [] }))
        .statusCode,
    ).toBe(403);
  });
});

describe('proxy households', () => {
  it("the building's volunteer registers a proxy; it counts as verified; contacts stay private", async () => {
    const tc = await createTestCommunity(t.container, { buildings: 2 });
    const vol = await createTestMember(t.container, tc.community.id, '楼长');
    await addRole(t.container, vol, { volunteerBuildingIds: [tc.buildings[0]!.id] });
    const url = `/api/communities/${tc.community.id}/proxies`;
    const body = {
      householdId: tc.household('1-102').id,
      contactName: '王阿姨',
      contactPhone: '13912345678',
      notes: '腿脚不便',
    };
    const res = await call(vol, 'POST', url, body);
    expect(res.statusCode).toBe(201);
    expect(res.json().proxy).toEqual({
      householdId: body.householdId,
      householdLabel: '1-102',
      buildingId: tc.buildings[0]!.id,
      contactName: '王阿姨',
      contactPhone: '13912345678',
      notes: '腿脚不便',
      managedBy: vol.memberId,
    });
    expect(seen).toContainEqual(
      expect.objectContaining({ type: 'household.verified', householdId: body.householdId }),
    );
    // Nobody there uses the app: no 已核验 notice is written for it (a claim's verification has one).
    await t.container.notifier.flush();
    const told = (await t.container.db.execute(
      sql`SELECT count(*)::int AS n FROM notifications WHERE household_id = ${body.householdId}`,
    )) as unknown as { rows: { n: number }[] };
    expect(told.rows[0]!.n).toBe(0);
    const update = await call(vol, 'POST', url, { ...body, notes: null });
    expect(update.statusCode).toBe(200);
    expect(update.json().proxy.notes).toBeNull();

    expect((await call(vol, 'GET', url)).json().proxies).toHaveLength(1);
    expect((await call(tc.admin, 'GET', url)).json().proxies).toHaveLength(1);
    const vol2 = await createTestMember(t.container, tc.community.id);
    await addRole(t.container, vol2, { volunteerBuildingIds: [tc.buildings[1]!.id] });
    expect((await call(vol2, 'GET', url)).json().proxies).toEqual([]);
    expect((await call(vol2, 'POST', url, body)).statusCode).toBe(403);

    const resident = await createVerifiedResident(t.container, tc.community.id, '1-101');
    expect((await call(resident, 'GET', url)).statusCode).toBe(403);
    expect((await call(resident, 'POST', url, body)).statusCode).toBe(403);
    const buildings = (await call(resident, 'GET', `/api/communities/${tc.community.id}/buildings`)).json()
      .buildings;
    expect(buildings[0]).toMatchObject({ householdCount: 2, verifiedCount: 2 });
  });

  it('refuses a household whose residents use Linli (409), bad input (400), another compound (404)', async () => {
    const tc = await createTestCommunity(t.container);
    const other = await createTestCommunity(t.container);
    await createPendingResident(t.container, tc.community.id, '1-101');
    const url = `/api/communities/${tc.community.id}/proxies`;
    const busy = await call(tc.admin, 'POST', url, {
      householdId: tc.household('1-101').id,
      contactName: '李伯',
    });
    expect(busy.statusCode).toBe(409);
    expect(busy.json().error.code).toBe('household_occupied');
    expect((await call(tc.admin, 'POST', url, { householdId: tc.household('1-102').id })).statusCode).toBe(
      400,
    );
    expect(
      (
        await call(tc.admin, 'POST', url, {
          householdId: tc.household('1-102').id,
          contactName: 'x'.repeat(51),
        })
      ).statusCode,
    ).toBe(400);
    expect(
      (await call(tc.admin, 'POST', url, { householdId: other.household('1-101').id, contactName: 'x' }))
        .statusCode,
    ).toBe(404);
  });
});

describe('privacy: a resident never sees names or phones of others', () => {
  it('across every read a resident can make', async () => {
    const tc = await createTestCommunity(t.container, { buildings: 1, adminName: '管理员甲' });
    const neighbour = await createVerifiedResident(t.container, tc.community.id, '1-102', '邻居乙');
    const pending = await createPendingResident(t.container, tc.community.id, '1-101', '新人丙');
    const resident = await createVerifiedResident(t.container, tc.community.id, '1-101', '居民丁');
    const c = tc.community.id;
    const reads = [
      `/api/communities/${c}`,
      `/api/communities/${c}/buildings`,
      `/api/communities/${c}/households`,
      `/api/communities/${c}/members`,
      `/api/communities/${c}/claims`,
      `/api/communities/${c}/proxies`,
      `/api/communities/${c}/invites`,
    ];
    for (const url of reads) {
      const res = await call(resident, 'GET', url);
      expect(res.statusCode).toBeLessThan(500);
      for (const secret of ['管理员甲', '邻居乙', '新人丙', tc.admin.phone, neighbour.phone, pending.phone]) {
        expect(res.body, url).not.toContain(secret);
      }
    }
  });
});
