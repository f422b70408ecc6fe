import { and, asc, count, desc, eq, inArray, isNull, ne, or, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../client.ts';
import { users } from '../schema/auth.ts';
import {
  buildings,
  communities,
  householdClaims,
  households,
  invites,
  members,
  volunteerBuildings,
} from '../schema/community.ts';
import type {
  Building,
  Claim,
  ClaimStatus,
  ClaimView,
  Community,
  Household,
  Invite,
  Membership,
  MembershipView,
  MemberView,
} from '../../core/community/model.ts';
import type { CommunityRepo, Scope } from '../../core/community/ports.ts';
import { buildingSortKey } from '../../core/community/labels.ts';

/** The PostgreSQL error code behind a (possibly Drizzle-wrapped) driver error. */
export function pgCode(err: unknown): string | undefined {
  for (
    let e: unknown = err, i = 0;
    e && typeof e === 'object' && i < 4;
    e = (e as { cause?: unknown }).cause, i++
  ) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  }
  return undefined;
}

export const UNIQUE_VIOLATION = '23505';
const FOREIGN_KEY_VIOLATION = '23503';

/** A household counts as verified when it is a proxy household or has a verified claim. */
const householdVerified = sql<boolean>`(${households.isProxy} or exists (select 1 from ${householdClaims} c
  where c.household_id = ${households.id} and c.status = 'verified'))`;

const liveClaim = and(eq(householdClaims.memberId, members.id), ne(householdClaims.status, 'rejected'));

type HouseholdRow = typeof households.$inferSelect;
type InviteRow = typeof invites.$inferSelect;
type ClaimRow = typeof householdClaims.$inferSelect;

function toHousehold(r: HouseholdRow): Household {
  return {
    id: r.id,
    communityId: r.communityId,
    buildingId: r.buildingId,
    room: r.room,
    label: r.label,
    isProxy: r.isProxy,
    proxy: r.isProxy
      ? {
          contactName: r.proxyContactName ?? '',
          contactPhone: r.proxyContactPhone,
          notes: r.proxyNotes,
          managedBy: r.proxyManagedBy,
        }
      : null,
  };
}

const toInvite = (r: InviteRow): Invite => ({ ...r });
const toClaim = (r: ClaimRow): Claim => ({ ...r });

/** scope → a condition on a building id column (null: nothing is in scope). */
function inScope(scope: Scope, column: typeof households.buildingId): SQL | undefined | null {
  if (scope === 'all') return undefined;
  if (scope.length === 0) return null;
  return inArray(column, scope);
}

/** The Drizzle implementation of the community context's repository. */
export function createCommunityRepo(db: Executor): CommunityRepo {
  const memberViewQuery = () =>
    db
      .select({
        memberId: members.id,
        communityId: members.communityId,
        userId: members.userId,
        isAdmin: members.isAdmin,
        isLeader: members.isLeader,
        displayName: users.displayName,
        phone: users.phone,
        communityName: communities.name,
        claimStatus: householdClaims.status,
        householdId: households.id,
        householdLabel: households.label,
        householdBuildingId: households.buildingId,
      })
      .from(members)
      .innerJoin(users, eq(users.id, members.userId))
      .innerJoin(communities, eq(communities.id, members.communityId))
      .leftJoin(householdClaims, liveClaim)
      .leftJoin(households, eq(households.id, householdClaims.householdId));
  type ViewRow = Awaited<ReturnType<ReturnType<typeof memberViewQuery>['execute']>>[number];

  async function volunteerMap(where: SQL): Promise<Map<string, string[]>> {
    const rows = await db
      .select({ memberId: volunteerBuildings.memberId, buildingId: volunteerBuildings.buildingId })
      .from(volunteerBuildings)
      .where(where);
    const map = new Map<string, string[]>();
    for (const r of rows) map.set(r.memberId, [...(map.get(r.memberId) ?? []), r.buildingId]);
    return map;
  }

  function toView(r: ViewRow, vol: Map<string, string[]>): MemberView & MembershipView {
    return {
      memberId: r.memberId,
      communityId: r.communityId,
      userId: r.userId,
      isAdmin: r.isAdmin,
      isLeader: r.isLeader,
      volunteerBuildingIds: vol.get(r.memberId) ?? [],
      displayName: r.displayName,
      phone: r.phone,
      communityName: r.communityName,
      household:
        r.householdId && r.householdLabel && r.householdBuildingId && r.claimStatus
          ? {
              id: r.householdId,
              label: r.householdLabel,
              buildingId: r.householdBuildingId,
              status: r.claimStatus,
            }
          : null,
    };
  }

  const claimViewQuery = () =>
    db
      .select({
        claim: householdClaims,
        householdLabel: households.label,
        buildingId: households.buildingId,
        claimantName: users.displayName,
        claimantPhone: users.phone,
      })
      .from(householdClaims)
      .innerJoin(households, eq(households.id, householdClaims.householdId))
      .innerJoin(members, eq(members.id, householdClaims.memberId))
      .innerJoin(users, eq(users.id, members.userId));
  type ClaimViewRow = Awaited<ReturnType<ReturnType<typeof claimViewQuery>['execute']>>[number];
  const toClaimView = (r: ClaimViewRow): ClaimView => ({
    ...toClaim(r.claim),
    householdLabel: r.householdLabel,
    buildingId: r.buildingId,
    claimantName: r.claimantName,
    claimantPhone: r.claimantPhone,
  });

  const repo: CommunityRepo = {
    transaction: (fn) => db.transaction((tx) => fn(createCommunityRepo(tx))),

    async insertCommunity(c) {
      await db.insert(communities).values(c);
    },
    async findCommunity(id) {
      const [row] = await db.select().from(communities).where(eq(communities.id, id));
      return row ?? null;
    },
    async updateCommunity(id, patch) {
      if (Object.keys(patch).length === 0) return repo.findCommunity(id);
      const [row] = await db.update(communities).set(patch).where(eq(communities.id, id)).returning();
      return (row as Community | undefined) ?? null;
    },
    async communityStats(id) {
      const [b] = await db.select({ n: count() }).from(buildings).where(eq(buildings.communityId, id));
      const [h] = await db
        .select({
          n: count(),
          verified: sql<number>`count(*) filter (where ${householdVerified})`.mapWith(Number),
        })
        .from(households)
        .where(eq(households.communityId, id));
      const [m] = await db.select({ n: count() }).from(members).where(eq(members.communityId, id));
      return {
        buildings: b?.n ?? 0,
        households: h?.n ?? 0,
        verifiedHouseholds: h?.verified ?? 0,
        members: m?.n ?? 0,
      };
    },

    async insertMember(m) {
      const rows = await db
        .insert(members)
        .values({
          id: m.memberId,
          communityId: m.communityId,
          userId: m.userId,
          isAdmin: m.isAdmin,
          isLeader: m.isLeader,
        })
        .onConflictDoNothing()
        .returning({ id: members.id });
      return rows.length > 0;
    },
    async findMembership(communityId, userId) {
      const [row] = await db
        .select()
        .from(members)
        .where(and(eq(members.communityId, communityId), eq(members.userId, userId)));
      if (!row) return null;
      return withVolunteer(row);
    },
    async findMemberById(memberId) {
      const [row] = await db.select().from(members).where(eq(members.id, memberId));
      return row ? withVolunteer(row) : null;
    },
    async membershipView(communityId, userId) {
      const [row] = await memberViewQuery().where(
        and(eq(members.communityId, communityId), eq(members.userId, userId)),
      );
      if (!row) return null;
      return toView(row, await volunteerMap(eq(volunteerBuildings.memberId, row.memberId)));
    },
    async rejectedClaimOf(memberId) {
      // The member's claims on their index, newest first (a claim made in the same instant as another: by id).
      const [r] = await db
        .select({
          status: householdClaims.status,
          label: households.label,
          reason: householdClaims.rejectReason,
        })
        .from(householdClaims)
        .innerJoin(households, eq(households.id, householdClaims.householdId))
        .where(eq(householdClaims.memberId, memberId))
        .orderBy(desc(householdClaims.createdAt), desc(householdClaims.id))
        .limit(1);
      return r?.status === 'rejected' ? { householdLabel: r.label, reason: r.reason } : null;
    },
    async listMembershipsOfUser(userId) {
      const rows = await memberViewQuery().where(eq(members.userId, userId)).orderBy(asc(members.createdAt));
      if (rows.length === 0) return [];
      const vol = await volunteerMap(
        inArray(
          volunteerBuildings.memberId,
          rows.map((r) => r.memberId),
        ),
      );
      return rows.map((r) => toView(r, vol));
    },
    async listMembers(communityId, scope) {
      const cond = inScope(scope, households.buildingId);
      if (cond === null) return [];
      const rows = await memberViewQuery()
        .where(and(eq(members.communityId, communityId), cond))
        .orderBy(asc(households.label), asc(members.createdAt));
      const vol = await volunteerMap(eq(volunteerBuildings.communityId, communityId));
      return rows.map((r) => toView(r, vol));
    },
    async memberView(memberId) {
      const [row] = await memberViewQuery().where(eq(members.id, memberId));
      if (!row) return null;
      return toView(row, await volunteerMap(eq(volunteerBuildings.memberId, memberId)));
    },
    async lockAdmins(communityId) {
      const rows = await db
        .select({ id: members.id })
        .from(members)
        .where(and(eq(members.communityId, communityId), eq(members.isAdmin, true)))
        .for('update');
      return rows.length;
    },
    async setRoles(memberId, roles) {
      const [m] = await db
        .update(members)
        .set({ isAdmin: roles.isAdmin, isLeader: roles.isLeader })
        .where(eq(members.id, memberId))
        .returning({ communityId: members.communityId });
      if (!m) return;
      await db.delete(volunteerBuildings).where(eq(volunteerBuildings.memberId, memberId));
      if (roles.volunteerBuildingIds.length > 0) {
        await db.insert(volunteerBuildings).values(
          roles.volunteerBuildingIds.map((buildingId) => ({
            memberId,
            buildingId,
            communityId: m.communityId,
          })),
        );
      }
    },

    async listBuildings(communityId) {
      const rows = await db
        .select({
          building: buildings,
          householdCount: sql<number>`count(${households.id})`.mapWith(Number),
          verifiedCount: sql<number>`count(${households.id}) filter (where ${householdVerified})`.mapWith(
            Number,
          ),
        })
        .from(buildings)
        .leftJoin(households, eq(households.buildingId, buildings.id))
        .where(eq(buildings.communityId, communityId))
        .groupBy(buildings.id)
        .orderBy(asc(buildings.sortKey), asc(buildings.name));
      return rows.map((r) => ({
        ...toBuilding(r.building),
        householdCount: r.householdCount,
        verifiedCount: r.verifiedCount,
      }));
    },
    async findBuilding(id) {
      const [row] = await db.select().from(buildings).where(eq(buildings.id, id));
      return row ? toBuilding(row) : null;
    },
    async findBuildingsByName(communityId, names) {
      if (names.length === 0) return [];
      const rows = await db
        .select()
        .from(buildings)
        .where(and(eq(buildings.communityId, communityId), inArray(buildings.name, names)));
      return rows.map(toBuilding);
    },
    async insertBuildings(rows) {
      if (rows.length === 0) return [];
      const inserted = await db.insert(buildings).values(rows).onConflictDoNothing().returning();
      return inserted.map(toBuilding);
    },
    async renameBuilding(id, name) {
      try {
        await db.transaction(async (tx) => {
          await tx
            .update(buildings)
            .set({ name, sortKey: buildingSortKey(name) })
            .where(eq(buildings.id, id));
          await tx
            .update(households)
            .set({ label: sql`${name} || '-' || ${households.room}` })
            .where(eq(households.buildingId, id));
        });
        return true;
      } catch (err) {
        if (pgCode(err) === UNIQUE_VIOLATION) return false;
        throw err;
      }
    },
    async deleteBuilding(id) {
      return deleteGuarded(() => db.delete(buildings).where(eq(buildings.id, id)));
    },
    async countOccupied(where) {
      const target =
        'buildingId' in where
          ? eq(households.buildingId, where.buildingId)
          : eq(households.id, where.householdId);
      const [row] = await db
        .select({ n: count() })
        .from(households)
        .where(
          and(
            target,
            or(
              eq(households.isProxy, true),
              sql`exists (select 1 from ${householdClaims} c where c.household_id = ${households.id} and c.status <> 'rejected')`,
            ),
          ),
        );
      return row?.n ?? 0;
    },

    async listHouseholds(communityId, buildingId) {
      const rows = await db
        .select({ household: households, verified: householdVerified.mapWith(Boolean) })
        .from(households)
        .innerJoin(buildings, eq(buildings.id, households.buildingId))
        .where(
          and(
            eq(households.communityId, communityId),
            buildingId ? eq(households.buildingId, buildingId) : undefined,
          ),
        )
        .orderBy(
          asc(buildings.sortKey),
          asc(buildings.name),
          sql`length(${households.room})`,
          asc(households.room),
        );
      return rows.map((r) => ({ ...toHousehold(r.household), verified: r.verified }));
    },
    async findHousehold(id) {
      const [row] = await db.select().from(households).where(eq(households.id, id));
      return row ? toHousehold(row) : null;
    },
    async insertHouseholds(rows) {
      if (rows.length === 0) return 0;
      let inserted = 0;
      // 5,000 rows × 5 columns stays under PostgreSQL's 65,535 bind parameters, so this is one statement.
      for (let i = 0; i < rows.length; i += 10_000) {
        const done = await db
          .insert(households)
          .values(rows.slice(i, i + 10_000))
          .onConflictDoNothing()
          .returning({ id: households.id });
        inserted += done.length;
      }
      return inserted;
    },
    async updateHouseholdRoom(id, room, label) {
      try {
        await db.update(households).set({ room, label }).where(eq(households.id, id));
        return true;
      } catch (err) {
        if (pgCode(err) === UNIQUE_VIOLATION) return false;
        throw err;
      }
    },
    async deleteHousehold(id) {
      return deleteGuarded(() => db.delete(households).where(eq(households.id, id)));
    },
    async setProxy(householdId, d) {
      await db
        .update(households)
        .set({
          isProxy: true,
          proxyContactName: d.contactName,
          proxyContactPhone: d.contactPhone,
          proxyNotes: d.notes,
          proxyManagedBy: d.managedBy,
        })
        .where(eq(households.id, householdId));
    },
    async listProxies(communityId, scope) {
      const cond = inScope(scope, households.buildingId);
      if (cond === null) return [];
      const rows = await db
        .select()
        .from(households)
        .where(and(eq(households.communityId, communityId), eq(households.isProxy, true), cond))
        .orderBy(asc(households.label));
      return rows.map(toHousehold);
    },

    async insertInvite(i) {
      await db.insert(invites).values(i);
    },
    async listInvites(communityId) {
      const rows = await db
        .select()
        .from(invites)
        .where(eq(invites.communityId, communityId))
        .orderBy(desc(invites.createdAt), desc(invites.id));
      return rows.map(toInvite);
    },
    async findInvite(id) {
      const [row] = await db.select().from(invites).where(eq(invites.id, id));
      return row ? toInvite(row) : null;
    },
    async findInviteByCode(code) {
      const [row] = await db.select().from(invites).where(eq(invites.code, code));
      return row ? toInvite(row) : null;
    },
    async revokeInvite(id, at) {
      await db
        .update(invites)
        .set({ revokedAt: at })
        .where(and(eq(invites.id, id), isNull(invites.revokedAt)));
    },
    async useInvite(id, now) {
      const rows = await db
        .update(invites)
        .set({ uses: sql`${invites.uses} + 1` })
        .where(
          and(
            eq(invites.id, id),
            isNull(invites.revokedAt),
            sql`(${invites.expiresAt} is null or ${invites.expiresAt} > ${now.toISOString()}::timestamptz)`,
            sql`(${invites.maxUses} is null or ${invites.uses} < ${invites.maxUses})`,
          ),
        )
        .returning({ id: invites.id });
      return rows.length > 0;
    },

    async insertClaim(c) {
      const rows = await db
        .insert(householdClaims)
        .values(c)
        .onConflictDoNothing()
        .returning({ id: householdClaims.id });
      return rows.length > 0;
    },
    async findClaim(id) {
      const [row] = await db.select().from(householdClaims).where(eq(householdClaims.id, id));
      return row ? toClaim(row) : null;
    },
    async findLiveClaim(communityId, memberId) {
      const [row] = await db
        .select()
        .from(householdClaims)
        .where(
          and(
            eq(householdClaims.communityId, communityId),
            eq(householdClaims.memberId, memberId),
            ne(householdClaims.status, 'rejected'),
          ),
        );
      return row ? toClaim(row) : null;
    },
    async claimView(id) {
      const [row] = await claimViewQuery().where(eq(householdClaims.id, id));
      return row ? toClaimView(row) : null;
    },
    async listClaims(communityId, scope, status?: ClaimStatus) {
      const cond = inScope(scope, households.buildingId);
      if (cond === null) return [];
      const rows = await claimViewQuery()
        .where(
          and(
            eq(householdClaims.communityId, communityId),
            cond,
            status ? eq(householdClaims.status, status) : undefined,
          ),
        )
        .orderBy(asc(householdClaims.createdAt), asc(householdClaims.id));
      return rows.map(toClaimView);
    },
    async decideClaim(id, d) {
      const rows = await db
        .update(householdClaims)
        .set({ status: d.status, reviewedBy: d.reviewedBy, reviewedAt: d.at, rejectReason: d.reason })
        .where(and(eq(householdClaims.id, id), eq(householdClaims.status, 'pending')))
        .returning({ id: householdClaims.id });
      return rows.length > 0;
    },
  };

  async function withVolunteer(row: typeof members.$inferSelect): Promise<Membership> {
    const vol = await db
      .select({ buildingId: volunteerBuildings.buildingId })
      .from(volunteerBuildings)
      .where(eq(volunteerBuildings.memberId, row.id));
    return {
      memberId: row.id,
      communityId: row.communityId,
      userId: row.userId,
      isAdmin: row.isAdmin,
      isLeader: row.isLeader,
      volunteerBuildingIds: vol.map((v) => v.buildingId),
    };
  }

  return repo;
}

function toBuilding(r: typeof buildings.$inferSelect): Building {
  return { id: r.id, communityId: r.communityId, name: r.name, sortKey: r.sortKey };
}

/** A delete that other contexts' foreign keys (orders …) may refuse: false instead of a 500. */
async function deleteGuarded(run: () => Promise<unknown>): Promise<boolean> {
  try {
    await run();
    return true;
  } catch (err) {
    if (pgCode(err) === FOREIGN_KEY_VIOLATION) return false;
    throw err;
  }
}
