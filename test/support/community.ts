/**
 * Test factories for the community context: a compound with buildings and rooms, verified residents,
 * roles and proxy households. They write rows directly (bulk inserts, no HTTP) so tests in other contexts
 * stay fast; the community routes themselves are tested through HTTP in src/http/community/.
 */
import { eq } from 'drizzle-orm';
import type { Container } from '../../src/container.ts';
import {
  buildings as buildingsTable,
  communities,
  householdClaims,
  households as householdsTable,
  members,
  volunteerBuildings,
} from '../../src/db/schema/community.ts';
import { createTestUser, type TestUser } from './users.ts';

export interface TestBuilding {
  id: string;
  name: string;
}

export interface TestHousehold {
  id: string;
  label: string;
  buildingId: string;
  room: string;
}

/** A user who is a member of a community (token for `bearer(...)`, member id for roles). */
export interface TestMember extends TestUser {
  memberId: string;
  communityId: string;
}

export interface TestResident extends TestMember {
  household: TestHousehold;
  claimId: string;
}

export interface TestCommunity {
  community: { id: string; name: string };
  /** The creator: an admin member. */
  admin: TestMember;
  buildings: TestBuilding[];
  /** In label order: 1-101, 1-102, …, 1-201, …, 2-101 … */
  households: TestHousehold[];
  /** Find a household by label ("1-101"); throws when it does not exist. */
  household(label: string): TestHousehold;
}

export interface TestCommunityOptions {
  name?: string;
  /** Buildings named "1" … "N" (default 1). */
  buildings?: number;
  /** Floors per building (default 1). */
  floors?: number;
  /** Rooms per floor (default 2): labels `${building}-${floor}${room two digits}`. */
  roomsPerFloor?: number;
  adminName?: string;
}

/** Creates a compound, its admin, and buildings × floors × roomsPerFloor households. */
export async function createTestCommunity(
  c: Container,
  options: TestCommunityOptions = {},
): Promise<TestCommunity> {
  const { buildings: nb = 1, floors = 1, roomsPerFloor = 2 } = options;
  const user = await createTestUser(c, options.adminName ?? 'Admin');
  const communityId = c.ids.id();
  const name = options.name ?? 'Test Compound';
  await c.db.insert(communities).values({ id: communityId, name, createdBy: user.userId });
  const memberId = c.ids.id();
  await c.db.insert(members).values({ id: memberId, communityId, userId: user.userId, isAdmin: true });

  const buildingRows: TestBuilding[] = [];
  const householdRows: TestHousehold[] = [];
  for (let b = 1; b <= nb; b++) {
    const building = { id: c.ids.id(), name: String(b) };
    buildingRows.push(building);
    for (let f = 1; f <= floors; f++) {
      for (let r = 1; r <= roomsPerFloor; r++) {
        const room = `${f}${String(r).padStart(2, '0')}`;
        householdRows.push({ id: c.ids.id(), label: `${b}-${room}`, buildingId: building.id, room });
      }
    }
  }
  if (buildingRows.length > 0) {
    await c.db
      .insert(buildingsTable)
      .values(buildingRows.map((b, i) => ({ id: b.id, communityId, name: b.name, sortKey: i + 1 })));
  }
  // Chunked so a 5,000-household fixture stays under PostgreSQL's bind-parameter limit.
  for (let i = 0; i < householdRows.length; i += 2000) {
    await c.db
      .insert(householdsTable)
      .values(householdRows.slice(i, i + 2000).map((h) => ({ ...h, communityId })));
  }
  const byLabel = new Map(householdRows.map((h) => [h.label, h]));
  return {
    community: { id: communityId, name },
    admin: { ...user, memberId, communityId },
    buildings: buildingRows,
    households: householdRows,
    household(label) {
      const h = byLabel.get(label);
      if (!h) throw new Error(`test community has no household ${label}`);
      return h;
    },
  };
}

/** A new user who joined the community (no household claim, no roles). */
export async function createTestMember(
  c: Container,
  communityId: string,
  displayName = 'Member',
): Promise<TestMember> {
  const user = await createTestUser(c, displayName);
  const memberId = c.ids.id();
  await c.db.insert(members).values({ id: memberId, communityId, userId: user.userId });
  return { ...user, memberId, communityId };
}

async function findHousehold(c: Container, communityId: string, label: string): Promise<TestHousehold> {
  const rows = await c.db
    .select({
      id: householdsTable.id,
      label: householdsTable.label,
      buildingId: householdsTable.buildingId,
      room: householdsTable.room,
      communityId: householdsTable.communityId,
    })
    .from(householdsTable)
    .where(eq(householdsTable.label, label));
  const found = rows.find((r) => r.communityId === communityId);
  if (!found) throw new Error(`community ${communityId} has no household ${label}`);
  return { id: found.id, label: found.label, buildingId: found.buildingId, room: found.room };
}

/** A member whose claim to the household (by label, e.g. "1-101") is already verified: they can order. */
export async function createVerifiedResident(
  c: Container,
  communityId: string,
  householdLabel: string,
  displayName = `Resident ${householdLabel}`,
): Promise<TestResident> {
  const household = await findHousehold(c, communityId, householdLabel);
  const member = await createTestMember(c, communityId, displayName);
  const claimId = c.ids.id();
  await c.db.insert(householdClaims).values({
    id: claimId,
    communityId,
    householdId: household.id,
    memberId: member.memberId,
    status: 'verified',
    reviewedAt: new Date(),
  });
  return { ...member, household, claimId };
}

/** A member with a pending (unverified) claim on the household. */
export async function createPendingResident(
  c: Container,
  communityId: string,
  householdLabel: string,
  displayName = `Claimant ${householdLabel}`,
): Promise<TestResident> {
  const household = await findHousehold(c, communityId, householdLabel);
  const member = await createTestMember(c, communityId, displayName);
  const claimId = c.ids.id();
  await c.db.insert(householdClaims).values({
    id: claimId,
    communityId,
    householdId: household.id,
    memberId: member.memberId,
    status: 'pending',
  });
  return { ...member, household, claimId };
}

export interface RoleChange {
  admin?: boolean;
  leader?: boolean;
  /** Replaces the member's volunteer buildings. */
  volunteerBuildingIds?: string[];
}

/** Gives a member roles directly (admin, leader, volunteer of some buildings). */
export async function addRole(
  c: Container,
  member: { memberId: string; communityId: string },
  roles: RoleChange,
) {
  const patch: { isAdmin?: boolean; isLeader?: boolean } = {};
  if (roles.admin !== undefined) patch.isAdmin = roles.admin;
  if (roles.leader !== undefined) patch.isLeader = roles.leader;
  if (Object.keys(patch).length > 0)
    await c.db.update(members).set(patch).where(eq(members.id, member.memberId));
  if (roles.volunteerBuildingIds) {
    await c.db.delete(volunteerBuildings).where(eq(volunteerBuildings.memberId, member.memberId));
    if (roles.volunteerBuildingIds.length > 0) {
      await c.db.insert(volunteerBuildings).values(
        roles.volunteerBuildingIds.map((buildingId) => ({
          memberId: member.memberId,
          buildingId,
          communityId: member.communityId,
        })),
      );
    }
  }
}

/** Marks a household as a proxy household (a neighbour without a smartphone), looked after by `managedBy`. */
export async function makeProxyHousehold(
  c: Container,
  householdId: string,
  contact: { contactName: string; contactPhone?: string; notes?: string; managedByMemberId?: string },
): Promise<void> {
  await c.db
    .update(householdsTable)
    .set({
      isProxy: true,
      proxyContactName: contact.contactName,
      proxyContactPhone: contact.contactPhone ?? null,
      proxyNotes: contact.notes ?? null,
      proxyManagedBy: contact.managedByMemberId ?? null,
    })
    .where(eq(householdsTable.id, householdId));
}
