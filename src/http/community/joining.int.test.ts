import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../core/shared/events.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import {
  addRole,
  createPendingResident,
  createTestCommunity,
  createTestMember,
  createVerifiedResident,
  makeProxyHousehold,
} from '../../../test/support/community.ts';
import { bearer, createTestUser, type TestUser } from '../../../test/support/users.ts';

let t: TestApp;
const seen: DomainEvent[] = [];

beforeAll(async () => {
  t = await createTestApp();
  t.container.events.subscribe((e) => seen.push(e));
});
afterAll(async () => {
  await t.close();
});

const call = (user: TestUser | null, method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) =>
  t.app.inject({ method, url, headers: user ? bearer(user) : {}, ...(payload ? { payload } : {}) });

describe('invites', () => {
  it('creates, lists, previews, renders QR codes and revokes', async () => {
    const tc = await createTestCommunity(t.container, { name: '阳光小区' });
    const created = await call(tc.admin, 'POST', `/api/communities/${tc.community.id}/invites`, {
      expiresInDays: 7,
      maxUses: 100,
    });
    expect(created.statusCode).toBe(201);
    const invite = created.json().invite;
    expect(invite).toMatchObject({ maxUses: 100, uses: 0, status: 'valid', revokedAt: null });
    expect(invite.url).toBe(`http://127.0.0.1:3000/join/${invite.code}`);
    expect(Date.parse(invite.expiresAt) - Date.now()).toBeGreaterThan(6.9 * 86_400_000);

    const list = await call(tc.admin, 'GET', `/api/communities/${tc.community.id}/invites`);
    expect(list.json().invites.map((i: { id: string }) => i.id)).toEqual([invite.id]);

    const preview = await call(null, 'GET', `/api/invite-codes/${invite.code}`);
    expect(preview.json()).toEqual({
      communityId: tc.community.id,
      communityName: '阳光小区',
      valid: true,
      status: 'valid',
    });

    const png = await call(tc.admin, 'GET', `/api/invites/${invite.id}/qr.png`);
    expect(png.statusCode).toBe(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    const svg = await call(tc.admin, 'GET', `/api/invites/${invite.id}/qr.svg`);
    expect(svg.headers['content-type']).toContain('image/svg+xml');
    expect(svg.body).toContain('<svg');

    expect((await call(tc.admin, 'DELETE', `/api/invites/${invite.id}`)).statusCode).toBe(204);
    expect((await call(tc.admin, 'DELETE', `/api/invites/${invite.id}`)).statusCode).toBe(204);
    expect((await call(null, 'GET', `/api/invite-codes/${invite.code}`)).json()).toMatchObject({
      valid: false,
      status: 'revoked',
    });
  });

  it('is for admins: residents get 403 on create, list, QR and revoke', async () => {
    const tc = await createTestCommunity(t.container);
    const inv = (await call(tc.admin, 'POST', `/api/communities/${tc.community.id}/invites`, {})).json()
      .invite;
    const m = await createTestMember(t.container, tc.community.id);
    expect((await call(m, 'POST', `/api/communities/${tc.community.id}/invites`, {})).statusCode).toBe(403);
    expect((await call(m, 'GET', `/api/communities/${tc.community.id}/invites`)).statusCode).toBe(403);
    expect((await call(m, 'GET', `/api/invites/${inv.id}/qr.png`)).statusCode).toBe(403);
    expect((await call(m, 'DELETE', `/api/invites/${inv.id}`)).statusCode).toBe(403);
  });

  it.each([
    ['expiresInDays 0', { expiresInDays: 0 }],
    ['expiresInDays 366', { expiresInDays: 366 }],
    ['maxUses 0', { maxUses: 0 }],
    ['maxUses string', { maxUses: '5' }],
  ])('refuses %s with 400', async (_n, body) => {
    const tc = await createTestCommunity(t.container);
    expect(
      (await call(tc.admin, 'POST', `/api/communities/${tc.community.id}/invites`, body)).statusCode,
    ).toBe(400);
  });

  it('creates an invite with no body at all', async () => {
    const tc = await createTestCommunity(t.container);
    const res = await call(tc.admin, 'POST', `/api/communities/${tc.community.id}/invites`);
    expect(res.statusCode).toBe(201);
    expect(res.json().invite).toMatchObject({ expiresAt: null, maxUses: null });
  });

  it('answers 404 for unknown codes and 400 for impossible ones', async () => {
    expect((await call(null, 'GET', '/api/invite-codes/unknownCode123')).statusCode).toBe(404);
    expect((await call(null, 'GET', `/api/invite-codes/${encodeURIComponent("x' or 1=1")}`)).statusCode).toBe(
      400,
    );
    const u = await createTestUser(t.container);
    expect((await call(u, 'POST', '/api/invite-codes/unknownCode123/accept')).statusCode).toBe(404);
  });
});

describe('joining through an invite', () => {
  it('accepting creates a membership once (idempotent) and counts one use', async () => {
    const tc = await createTestCommunity(t.container, { name: '梅园' });
    const inv = (
      await call(tc.admin, 'POST', `/api/communities/${tc.community.id}/invites`, { maxUses: 5 })
    ).json().invite;
    const u = await createTestUser(t.container);
    expect((await call(null, 'POST', `/api/invite-codes/${inv.code}/accept`)).statusCode).toBe(401);
    const first = await call(u, 'POST', `/api/invite-codes/${inv.code}/accept`);
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({
      joined: true,
      membership: { communityId: tc.community.id, communityName: '梅园', household: null },
    });
    const again = await call(u, 'POST', `/api/invite-codes/${inv.code}/accept`);
    expect(again.json()).toMatchObject({
      joined: false,
      membership: { memberId: first.json().membership.memberId },
    });
    const list = (await call(tc.admin, 'GET', `/api/communities/${tc.community.id}/invites`)).json().invites;
    expect(list[0].uses).toBe(1);
  });

  it('refuses used-up, revoked and expired invites with 409 and a clear code', async () => {
    const tc = await createTestCommunity(t.container);
    const url = `/api/communities/${tc.community.id}/invites`;
    const once = (await call(tc.admin, 'POST', url, { maxUses: 1 })).json().invite;
    expect(
      (await call(await createTestUser(t.container), 'POST', `/api/invite-codes/${once.code}/accept`))
        .statusCode,
    ).toBe(200);
    const late = await call(
      await createTestUser(t.container),
      'POST',
      `/api/invite-codes/${once.code}/accept`,
    );
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('invite_used_up');

    const revoked = (await call(tc.admin, 'POST', url, {})).json().invite;
    await call(tc.admin, 'DELETE', `/api/invites/${revoked.id}`);
    const r = await call(
      await createTestUser(t.container),
      'POST',
      `/api/invite-codes/${revoked.code}/accept`,
    );
    expect(r.json().error.code).toBe('invite_revoked');

    const expiring = (await call(tc.admin, 'POST', url, { expiresInDays: 1 })).json().invite;
    const { invites } = await import('../../db/schema/community.ts');
    const { eq } = await import('drizzle-orm');
    await t.container.db
      .update(invites)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(invites.id, expiring.id));
    const e = await call(
      await createTestUser(t.container),
      'POST',
      `/api/invite-codes/${expiring.code}/accept`,
    );
    expect(e.statusCode).toBe(409);
    expect(e.json().error.code).toBe('invite_expired');
  });

  it('lets concurrent joiners through a one-use invite only once', async () => {
    const tc = await createTestCommunity(t.container);
    const inv = (
      await call(tc.admin, 'POST', `/api/communities/${tc.community.id}/invites`, { maxUses: 1 })
    ).json().invite;
    const users = await Promise.all([1, 2, 3, 4].map(() => createTestUser(t.container)));
    const results = await Promise.all(
      users.map((u) => call(u, 'POST', `/api/invite-codes/${inv.code}/accept`)),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409, 409, 409]);
  });
});

describe('household claims', () => {
  it('claim → pending → verified by the building volunteer, with events', async () => {
    const tc = await createTestCommunity(t.container, { buildings: 2 });
    const m = await createTestMember(t.container, tc.community.id, '张三');
    const res = await call(m, 'POST', `/api/communities/${tc.community.id}/claims`, {
      householdId: tc.household('2-101').id,
    });
    expect(res.statusCode).toBe(201);
    const claim = res.json().claim;
    expect(claim).toMatchObject({ householdLabel: '2-101', status: 'pending' });
    expect(claim.claimant).toBeUndefined();
    expect(seen).toContainEqual(expect.objectContaining({ type: 'household.claimed', memberId: m.memberId }));

    const volunteer1 = await createTestMember(t.container, tc.community.id);
    await addRole(t.container, volunteer1, { volunteerBuildingIds: [tc.buildings[0]!.id] });
    const volunteer2 = await createTestMember(t.container, tc.community.id);
    await addRole(t.container, volunteer2, { volunteerBuildingIds: [tc.buildings[1]!.id] });

    const otherBuilding = await call(volunteer1, 'POST', `/api/claims/${claim.id}/verify`);
    expect(otherBuilding.statusCode).toBe(403);
    const pending1 = await call(
      volunteer1,
      'GET',
      `/api/communities/${tc.community.id}/claims?status=pending`,
    );
    expect(pending1.json().claims).toEqual([]);
    const pending2 = await call(
      volunteer2,
      'GET',
      `/api/communities/${tc.community.id}/claims?status=pending`,
    );
    expect(pending2.json().claims).toEqual([
      expect.objectContaining({
        id: claim.id,
        claimant: { memberId: m.memberId, displayName: '张三', phone: m.phone },
      }),
    ]);

    const verified = await call(volunteer2, 'POST', `/api/claims/${claim.id}/verify`);
    expect(verified.statusCode).toBe(200);
    expect(verified.json().claim.status).toBe('verified');
    expect(seen).toContainEqual(
      expect.objectContaining({ type: 'household.verified', householdId: tc.household('2-101').id }),
    );
    const twice = await call(tc.admin, 'POST', `/api/claims/${claim.id}/reject`, { reason: 'x' });
    expect(twice.statusCode).toBe(409);
    expect(twice.json().error.code).toBe('claim_already_decided');

    const me = (await call(m, 'GET', `/api/communities/${tc.community.id}`)).json().me;
    expect(me.household).toEqual({ id: tc.household('2-101').id, label: '2-101', status: 'verified' });

    // The claimant hears it (消息), and the notice leads to the buys they may join now.
    await t.container.notifier.flush();
    const inbox = await call(m, 'GET', `/api/communities/${tc.community.id}/notifications`);
    expect(inbox.statusCode).toBe(200);
    expect(
      inbox.json().notifications.map((n: { type: string; buyId: string | null; data: object }) => n),
    ).toEqual([
      expect.objectContaining({ type: 'claim_verified', buyId: null, data: { householdLabel: '2-101' } }),
    ]);
  });

  it('several members may share a household; one live claim per member', async () => {
    const tc = await createTestCommunity(t.container);
    await createVerifiedResident(t.container, tc.community.id, '1-101');
    const m = await createTestMember(t.container, tc.community.id);
    const url = `/api/communities/${tc.community.id}/claims`;
    expect((await call(m, 'POST', url, { householdId: tc.household('1-101').id })).statusCode).toBe(201);
    const second = await call(m, 'POST', url, { householdId: tc.household('1-102').id });
    expect(second.statusCode).toBe(409);
    expect(second.json().error.code).toBe('claim_exists');
  });

  it('after a rejection the member may claim again', async () => {
    const tc = await createTestCommunity(t.container);
    const p = await createPendingResident(t.container, tc.community.id, '1-101');
    const rejected = await call(tc.admin, 'POST', `/api/claims/${p.claimId}/reject`, { reason: '不是本户' });
    expect(rejected.json().claim).toMatchObject({ status: 'rejected', rejectReason: '不是本户' });
    // The claimant reads which home and why on the compound's page (the reviewer was told they would).
    const mine = async () => (await call(p, 'GET', `/api/communities/${tc.community.id}`)).json().me;
    expect(await mine()).toMatchObject({
      household: null,
      rejectedClaim: { householdLabel: '1-101', reason: '不是本户' },
    });
    // Nobody else's rejection shows: a member who never claimed, and the admin, have none.
    expect((await call(tc.admin, 'GET', `/api/communities/${tc.community.id}`)).json().me.rejectedClaim).toBe(
      null,
    );
    const again = await call(p, 'POST', `/api/communities/${tc.community.id}/claims`, {
      householdId: tc.household('1-102').id,
    });
    expect(again.statusCode).toBe(201);
    expect(await mine()).toMatchObject({
      household: { label: '1-102', status: 'pending' },
      rejectedClaim: null,
    });
  });

  it('refuses a proxy household, another compound’s household, non-members and plain residents reviewing', async () => {
    const tc = await createTestCommunity(t.container);
    const other = await createTestCommunity(t.container);
    await makeProxyHousehold(t.container, tc.household('1-102').id, { contactName: '王阿姨' });
    const m = await createTestMember(t.container, tc.community.id);
    const url = `/api/communities/${tc.community.id}/claims`;
    const proxy = await call(m, 'POST', url, { householdId: tc.household('1-102').id });
    expect(proxy.statusCode).toBe(409);
    expect(proxy.json().error.code).toBe('household_is_proxy');
    expect((await call(m, 'POST', url, { householdId: other.household('1-101').id })).statusCode).toBe(404);
    expect((await call(other.admin, 'POST', url, { householdId: tc.household('1-101').id })).statusCode).toBe(
      403,
    );
    expect((await call(m, 'POST', url, {})).statusCode).toBe(400);

    const p = await createPendingResident(t.container, tc.community.id, '1-101');
    expect((await call(m, 'POST', `/api/claims/${p.claimId}/verify`)).statusCode).toBe(403);
    expect((await call(m, 'GET', `${url}?status=pending`)).statusCode).toBe(403);
    expect((await call(other.admin, 'POST', `/api/claims/${p.claimId}/verify`)).statusCode).toBe(403);
    expect((await call(tc.admin, 'GET', `${url}?status=bogus`)).statusCode).toBe(400);
    expect(
      (await call(tc.admin, 'POST', `/api/claims/${p.claimId}/reject`, { reason: 'x'.repeat(501) }))
        .statusCode,
    ).toBe(400);
  });
});
