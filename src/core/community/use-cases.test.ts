import { describe, expect, it } from 'vitest';
import { AppError } from '../shared/app-error.ts';
import { generateBuildings, importHouseholds, deleteBuilding } from './buildings.ts';
import { claimHousehold, decideClaim, listClaims } from './claims.ts';
import { createCommunity } from './compounds.ts';
import { acceptInvite, createInvite, previewInvite } from './invites.ts';
import { listMembers, registerProxy, setRoles } from './members.ts';
import { fixture } from './testing/fixture.ts';

/** The error a promise rejects with, as {kind, code}. */
async function failure(p: Promise<unknown>) {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return { kind: e.kind, code: e.code };
    throw e;
  }
  throw new Error('expected a failure');
}

async function world() {
  const f = fixture();
  const admin = f.actor('Admin');
  const { community } = await createCommunity(f.deps, admin, { name: '阳光小区' });
  await generateBuildings(f.deps, admin, community.id, {
    buildingFrom: 1,
    buildingTo: 2,
    floors: 1,
    roomsPerFloor: 2,
  });
  const join = async (name: string) => {
    const a = f.actor(name);
    const invite = await createInvite(f.deps, admin, community.id, {});
    const { membership } = await acceptInvite(f.deps, a, invite.code);
    return { actor: a, memberId: membership.memberId };
  };
  const household = (label: string) => f.repo.households.find((h) => h.label === label)!;
  return { ...f, admin, communityId: community.id, join, household };
}

describe('createCommunity', () => {
  it('makes the creator the only admin and publishes community.created', async () => {
    const f = fixture();
    const a = f.actor('A');
    const { community, me } = await createCommunity(f.deps, a, { name: '  梅园 ', address: ' ' });
    expect(community).toMatchObject({ name: '梅园', address: null, createdBy: a.userId });
    expect(me).toMatchObject({ isAdmin: true, communityName: '梅园' });
    expect(f.events).toEqual([
      { type: 'community.created', communityId: community.id, at: '2026-04-01T08:00:00.000Z' },
    ]);
  });
});

describe('generateBuildings and importHouseholds', () => {
  it('skips existing labels and reports counts', async () => {
    const w = await world();
    const again = await generateBuildings(w.deps, w.admin, w.communityId, {
      buildingFrom: 2,
      buildingTo: 3,
      floors: 1,
      roomsPerFloor: 2,
    });
    expect(again).toEqual({ buildingsCreated: 1, householdsCreated: 2, householdsSkipped: 2 });
    const imported = await importHouseholds(
      w.deps,
      w.admin,
      w.communityId,
      'building,room\n3,101\n3,901\n3,901\nbad',
    );
    expect(imported).toMatchObject({ created: 1, skipped: 2, errors: [{ line: 5 }] });
  });

  it('is refused to non-admins and above the cap', async () => {
    const w = await world();
    const m = await w.join('M');
    const p = { buildingFrom: 1, buildingTo: 1, floors: 1, roomsPerFloor: 1 };
    expect(await failure(generateBuildings(w.deps, m.actor, w.communityId, p))).toEqual({
      kind: 'forbidden',
      code: 'forbidden',
    });
    const huge = { buildingFrom: 1, buildingTo: 99, floors: 60, roomsPerFloor: 20 };
    expect(await failure(generateBuildings(w.deps, w.admin, w.communityId, huge))).toMatchObject({
      code: 'too_many_households',
    });
  });

  it('refuses to delete a building someone lives in', async () => {
    const w = await world();
    const m = await w.join('M');
    await claimHousehold(w.deps, m.actor, w.communityId, w.household('1-101').id);
    const b1 = w.household('1-101').buildingId;
    expect(await failure(deleteBuilding(w.deps, w.admin, b1))).toMatchObject({ code: 'building_in_use' });
  });
});

describe('invites', () => {
  it('accepting is idempotent and does not spend a use twice', async () => {
    const w = await world();
    const invite = await createInvite(w.deps, w.admin, w.communityId, { maxUses: 2 });
    const a = w.actor('A');
    expect((await acceptInvite(w.deps, a, invite.code)).joined).toBe(true);
    expect((await acceptInvite(w.deps, a, invite.code)).joined).toBe(false);
    expect(w.repo.invites.find((i) => i.id === invite.id)!.uses).toBe(1);
  });

  it('expires after expiresInDays', async () => {
    const w = await world();
    const invite = await createInvite(w.deps, w.admin, w.communityId, { expiresInDays: 1 });
    w.clock.current = new Date(w.clock.current.getTime() + 86_400_000);
    expect((await previewInvite(w.deps, invite.code)).status).toBe('expired');
    expect(await failure(acceptInvite(w.deps, w.actor('B'), invite.code))).toEqual({
      kind: 'conflict',
      code: 'invite_expired',
    });
  });
});

describe('claims', () => {
  it('pending until verified; events for claimed and verified', async () => {
    const w = await world();
    const m = await w.join('M');
    const claim = await claimHousehold(w.deps, m.actor, w.communityId, w.household('2-101').id);
    expect(claim).toMatchObject({ status: 'pending', householdLabel: '2-101' });
    const decided = await decideClaim(w.deps, w.admin, claim.id, { status: 'verified' });
    expect(decided.status).toBe('verified');
    expect(w.events.map((e) => e.type)).toEqual([
      'community.created',
      'household.claimed',
      'household.verified',
    ]);
    expect(await failure(decideClaim(w.deps, w.admin, claim.id, { status: 'rejected' }))).toMatchObject({
      code: 'claim_already_decided',
    });
  });

  it('volunteers verify and list only their buildings', async () => {
    const w = await world();
    const v = await w.join('V');
    await setRoles(w.deps, w.admin, v.memberId, {
      admin: false,
      leader: false,
      volunteerBuildingIds: [w.household('1-101').buildingId],
    });
    const a = await w.join('A');
    const b = await w.join('B');
    const inB1 = await claimHousehold(w.deps, a.actor, w.communityId, w.household('1-101').id);
    const inB2 = await claimHousehold(w.deps, b.actor, w.communityId, w.household('2-101').id);
    expect((await listClaims(w.deps, v.actor, w.communityId, 'pending')).map((c) => c.id)).toEqual([inB1.id]);
    expect(await failure(decideClaim(w.deps, v.actor, inB2.id, { status: 'verified' }))).toMatchObject({
      kind: 'forbidden',
    });
    const rejected = await decideClaim(w.deps, v.actor, inB1.id, {
      status: 'rejected',
      reason: '  not here ',
    });
    expect(rejected).toMatchObject({ status: 'rejected', rejectReason: 'not here' });
    expect(await failure(listClaims(w.deps, a.actor, w.communityId))).toMatchObject({ kind: 'forbidden' });
  });

  it('one live claim per member; proxy households cannot be claimed', async () => {
    const w = await world();
    const m = await w.join('M');
    await registerProxy(w.deps, w.admin, w.communityId, {
      householdId: w.household('1-102').id,
      contactName: '王阿姨',
    });
    expect(
      await failure(claimHousehold(w.deps, m.actor, w.communityId, w.household('1-102').id)),
    ).toMatchObject({
      code: 'household_is_proxy',
    });
    await claimHousehold(w.deps, m.actor, w.communityId, w.household('1-101').id);
    expect(
      await failure(claimHousehold(w.deps, m.actor, w.communityId, w.household('2-101').id)),
    ).toMatchObject({
      code: 'claim_exists',
    });
  });
});

describe('roles', () => {
  it('keeps the last admin, and lets an admin step down once there is another', async () => {
    const w = await world();
    const adminMember = (await w.repo.findMembership(w.communityId, w.admin.userId))!;
    const none = { admin: false, leader: false, volunteerBuildingIds: [] };
    expect(await failure(setRoles(w.deps, w.admin, adminMember.memberId, none))).toMatchObject({
      code: 'last_admin',
    });
    const m = await w.join('M');
    await setRoles(w.deps, w.admin, m.memberId, { ...none, admin: true });
    await setRoles(w.deps, w.admin, adminMember.memberId, none);
    expect(w.events.filter((e) => e.type === 'member.roles_changed')).toHaveLength(2);
    expect(await failure(setRoles(w.deps, w.admin, m.memberId, none))).toMatchObject({ kind: 'forbidden' });
  });

  it('volunteers see the members of their buildings only', async () => {
    const w = await world();
    const v = await w.join('V');
    await setRoles(w.deps, w.admin, v.memberId, {
      admin: false,
      leader: false,
      volunteerBuildingIds: [w.household('2-101').buildingId],
    });
    const a = await w.join('A');
    const b = await w.join('B');
    await claimHousehold(w.deps, a.actor, w.communityId, w.household('1-101').id);
    await claimHousehold(w.deps, b.actor, w.communityId, w.household('2-102').id);
    expect((await listMembers(w.deps, v.actor, w.communityId)).map((m) => m.memberId)).toEqual([b.memberId]);
  });
});
