/** Members, their roles, and proxy households for neighbours without a smartphone. */
import type { Actor } from '../shared/actor.ts';
import { conflict, forbidden, invalid, notFound } from '../shared/app-error.ts';
import { ADMIN_OR_VOLUNTEER, ADMINS_ONLY, ensure, loadCommunity, NOT_MEMBER } from './access.ts';
import type { Household, MemberView } from './model.ts';
import { canListPrivateRecords, canManageCommunity, canManageProxy, privateScope } from './policies.ts';
import type { CommunityDeps } from './ports.ts';

/** Members with contact details: admins see everyone, volunteers the residents of their buildings. */
export async function listMembers(
  deps: Pick<CommunityDeps, 'repo'>,
  actor: Actor,
  communityId: string,
): Promise<MemberView[]> {
  const { me } = await loadCommunity(deps.repo, actor, communityId);
  ensure(canListPrivateRecords(me, communityId), ADMIN_OR_VOLUNTEER);
  return deps.repo.listMembers(communityId, privateScope(me, communityId));
}

export interface RolesInput {
  admin: boolean;
  leader: boolean;
  volunteerBuildingIds: string[];
}

/** Sets a member's roles (admins). The last admin cannot give up admin. Publishes member.roles_changed. */
export async function setRoles(
  deps: Pick<CommunityDeps, 'repo' | 'clock' | 'events'>,
  actor: Actor,
  memberId: string,
  input: RolesInput,
): Promise<MemberView> {
  const target = await deps.repo.findMemberById(memberId);
  if (!target) throw notFound('member');
  const { communityId } = target;
  const { me } = await loadCommunity(deps.repo, actor, communityId);
  ensure(canManageCommunity(me, communityId), ADMINS_ONLY);
  const buildingIds = [...new Set(input.volunteerBuildingIds)];
  await deps.repo.transaction(async (repo) => {
    if (buildingIds.length > 0) {
      const all = await repo.listBuildings(communityId);
      const known = new Set(all.map((b) => b.id));
      const unknown = buildingIds.filter((id) => !known.has(id));
      if (unknown.length > 0) {
        throw invalid('Some buildings are not in this compound', 'unknown_building', {
          buildingIds: unknown,
        });
      }
    }
    const admins = await repo.lockAdmins(communityId);
    // Re-checked under the lock: two admins demoting each other at once must not both succeed.
    const stillAdmin = await repo.findMemberById(me!.memberId);
    ensure(canManageCommunity(stillAdmin, communityId), ADMINS_ONLY);
    const current = await repo.findMemberById(memberId);
    if (current?.isAdmin && !input.admin && admins <= 1) {
      throw conflict('A compound needs at least one admin; make someone else admin first', 'last_admin');
    }
    await repo.setRoles(memberId, {
      isAdmin: input.admin,
      isLeader: input.leader,
      volunteerBuildingIds: buildingIds,
    });
  });
  const now = deps.clock.now();
  deps.events.publish([{ type: 'member.roles_changed', communityId, memberId, at: now.toISOString() }]);
  const view = await deps.repo.memberView(memberId);
  if (!view) throw notFound('member');
  return view;
}

export interface ProxyInput {
  householdId: string;
  contactName: string;
  contactPhone?: string | null;
  notes?: string | null;
}

/**
 * Registers (or updates) a proxy household: a neighbour without a smartphone, looked after by the actor
 * (an admin or the building's volunteer). It counts as verified at once; publishes household.verified.
 */
export async function registerProxy(
  deps: Pick<CommunityDeps, 'repo' | 'clock' | 'events'>,
  actor: Actor,
  communityId: string,
  input: ProxyInput,
): Promise<{ household: Household; created: boolean }> {
  const { me } = await loadCommunity(deps.repo, actor, communityId);
  if (!me) throw forbidden(NOT_MEMBER, 'not_member');
  const household = await deps.repo.findHousehold(input.householdId);
  if (!household || household.communityId !== communityId) throw notFound('household');
  ensure(canManageProxy(me, household), ADMIN_OR_VOLUNTEER);
  if (!household.isProxy && (await deps.repo.countOccupied({ householdId: household.id })) > 0) {
    throw conflict(
      `${household.label} already has residents using Linli; they can order for themselves`,
      'household_occupied',
    );
  }
  const proxy = {
    contactName: input.contactName.trim(),
    contactPhone: input.contactPhone?.trim() || null,
    notes: input.notes?.trim() || null,
    managedBy: household.proxy?.managedBy ?? me.memberId,
  };
  await deps.repo.setProxy(household.id, proxy);
  const created = !household.isProxy;
  if (created) {
    const at = deps.clock.now().toISOString();
    deps.events.publish([
      { type: 'household.verified', communityId, householdId: household.id, memberId: me.memberId, at },
    ]);
  }
  return { household: { ...household, isProxy: true, proxy }, created };
}

/** Proxy households with contact details: admins see all, volunteers their buildings'. */
export async function listProxies(
  deps: Pick<CommunityDeps, 'repo'>,
  actor: Actor,
  communityId: string,
): Promise<Household[]> {
  const { me } = await loadCommunity(deps.repo, actor, communityId);
  ensure(canListPrivateRecords(me, communityId), ADMIN_OR_VOLUNTEER);
  return deps.repo.listProxies(communityId, privateScope(me, communityId));
}
