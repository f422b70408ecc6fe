/** Households (户) one by one: list (labels only), add, change the room, delete. */
import type { Actor } from '../shared/actor.ts';
import { conflict, invalid, notFound } from '../shared/app-error.ts';
import { ADMINS_ONLY, ensure, loadCommunity, NOT_MEMBER } from './access.ts';
import { householdLabel, normalizeRoom } from './labels.ts';
import type { Household, HouseholdSummary } from './model.ts';
import { canManageCommunity, canViewCommunity } from './policies.ts';
import type { CommunityDeps, CommunityRepo } from './ports.ts';

const BAD_ROOM = 'A room is 1–10 digits or letters, e.g. 502 or 502室';

/** Every household of the compound (or of one building), by label (members). */
export async function listHouseholds(
  deps: Pick<CommunityDeps, 'repo'>,
  actor: Actor,
  communityId: string,
  buildingId?: string,
): Promise<HouseholdSummary[]> {
  const { me } = await loadCommunity(deps.repo, actor, communityId);
  ensure(canViewCommunity(me, communityId), NOT_MEMBER, 'not_member');
  return deps.repo.listHouseholds(communityId, buildingId);
}

/** Adds one household to a building (admins); 409 when the label exists. */
export async function createHousehold(
  deps: Pick<CommunityDeps, 'repo' | 'ids'>,
  actor: Actor,
  communityId: string,
  input: { buildingId: string; room: string },
): Promise<HouseholdSummary> {
  const { me } = await loadCommunity(deps.repo, actor, communityId);
  ensure(canManageCommunity(me, communityId), ADMINS_ONLY);
  const building = await deps.repo.findBuilding(input.buildingId);
  if (!building || building.communityId !== communityId) throw notFound('building');
  const room = normalizeRoom(input.room);
  if (!room) throw invalid(BAD_ROOM, 'bad_room');
  const household: Household = {
    id: deps.ids.id(),
    communityId,
    buildingId: building.id,
    room,
    label: householdLabel(building.name, room),
    isProxy: false,
    proxy: null,
  };
  const inserted = await deps.repo.insertHouseholds([household]);
  if (inserted === 0) throw conflict(`Household ${household.label} already exists`, 'household_exists');
  return { ...household, verified: false };
}

async function adminHousehold(repo: CommunityRepo, actor: Actor, householdId: string): Promise<Household> {
  const household = await repo.findHousehold(householdId);
  if (!household) throw notFound('household');
  const { me } = await loadCommunity(repo, actor, household.communityId);
  ensure(canManageCommunity(me, household.communityId), ADMINS_ONLY);
  return household;
}

/** Changes a household's room number (and so its label); 409 when the new label exists. */
export async function updateHousehold(
  deps: Pick<CommunityDeps, 'repo'>,
  actor: Actor,
  householdId: string,
  input: { room: string },
): Promise<HouseholdSummary> {
  const household = await adminHousehold(deps.repo, actor, householdId);
  const room = normalizeRoom(input.room);
  if (!room) throw invalid(BAD_ROOM, 'bad_room');
  const building = await deps.repo.findBuilding(household.buildingId);
  if (!building) throw notFound('building');
  const label = householdLabel(building.name, room);
  if (label !== household.label && !(await deps.repo.updateHouseholdRoom(householdId, room, label))) {
    throw conflict(`Household ${label} already exists`, 'household_exists');
  }
  const inBuilding = await deps.repo.listHouseholds(household.communityId, household.buildingId);
  const updated = inBuilding.find((h) => h.id === householdId);
  if (!updated) throw notFound('household');
  return updated;
}

/** Deletes a household nobody lives in (no live claims, not a proxy household). */
export async function deleteHousehold(deps: Pick<CommunityDeps, 'repo'>, actor: Actor, householdId: string) {
  await adminHousehold(deps.repo, actor, householdId);
  if ((await deps.repo.countOccupied({ householdId })) > 0) {
    throw conflict(
      'This household has residents (claims) or a proxy registration; remove them first',
      'household_in_use',
    );
  }
  if (!(await deps.repo.deleteHousehold(householdId))) {
    throw conflict('This household still has orders or other records attached', 'household_in_use');
  }
}
