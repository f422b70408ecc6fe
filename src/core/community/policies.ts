/**
 * Who may do what in a compound. Pure functions of the actor's membership (null: not a member) and the
 * thing acted on; every community route goes through one of them.
 */
import type { Membership } from './model.ts';

type Actor = Membership | null;

/** Something that lives in a building of a community (a household, a claim's household). */
export interface InBuilding {
  communityId: string;
  buildingId: string;
}

const inCommunity = (m: Actor, communityId: string): m is Membership =>
  m !== null && m.communityId === communityId;

const volunteers = (m: Membership, buildingId: string) => m.volunteerBuildingIds.includes(buildingId);

/** Any member may see the compound, its buildings and household labels. */
export function canViewCommunity(m: Actor, communityId: string): boolean {
  return inCommunity(m, communityId);
}

/** Admins set up the compound: buildings, rooms, invites, roles. */
export function canManageCommunity(m: Actor, communityId: string): boolean {
  return inCommunity(m, communityId) && m.isAdmin;
}

/** Any member may claim a household in their own compound. */
export function canClaimHousehold(m: Actor, communityId: string): boolean {
  return inCommunity(m, communityId);
}

/** An admin, or a volunteer of the household's building, verifies or rejects a claim. */
export function canVerifyClaim(m: Actor, household: InBuilding): boolean {
  return inCommunity(m, household.communityId) && (m.isAdmin || volunteers(m, household.buildingId));
}

/** Claim lists, member lists and proxy lists are for admins and building volunteers only. */
export function canListPrivateRecords(m: Actor, communityId: string): boolean {
  return inCommunity(m, communityId) && (m.isAdmin || m.volunteerBuildingIds.length > 0);
}

/**
 * Names and phones of the people in a building go to admins and that building's volunteers only;
 * residents see household labels.
 */
export function canSeeMemberContacts(m: Actor, household: InBuilding): boolean {
  return canVerifyClaim(m, household);
}

/** An admin or the building's volunteer registers a proxy household for a neighbour without a smartphone. */
export function canManageProxy(m: Actor, household: InBuilding): boolean {
  return canVerifyClaim(m, household);
}

/**
 * Acting on a household's behalf (ordering for it, as the buys context does for proxy households and
 * neighbours who ask for help): an admin of the compound, or a volunteer of the household's building.
 */
export function canActForHousehold(m: Actor, household: InBuilding): boolean {
  return canVerifyClaim(m, household);
}

/**
 * 物资覆盖 (which households have received nothing lately, and whether anyone orders for them) is for admins
 * and building volunteers; each sees the buildings of their private scope, and a building's list of households
 * only if it is theirs.
 */
export function canSeeCoverage(m: Actor, communityId: string): boolean {
  return canListPrivateRecords(m, communityId);
}

export function canSeeBuildingCoverage(m: Actor, building: InBuilding): boolean {
  return canVerifyClaim(m, building);
}

/**
 * The register of households that need looking after (需照顾) is kept by an admin or the household's building's
 * volunteer, who are the ones to look after it; it is read by them only (canSeeCoverage's scope).
 */
export function canKeepNeeds(m: Actor, household: InBuilding): boolean {
  return canVerifyClaim(m, household);
}

/**
 * 送过物资: goods brought to a household outside any buy are recorded by those who look after it (canKeepNeeds:
 * an admin, or its building's volunteer); a record is taken back by whoever made it, or an admin.
 */
export function canRecordSupplies(m: Actor, household: InBuilding): boolean {
  return canKeepNeeds(m, household);
}

export function canWithdrawSupplies(
  m: Actor,
  household: InBuilding,
  record: { givenBy: string | null },
): boolean {
  return m !== null && canRecordSupplies(m, household) && (m.isAdmin || record.givenBy === m.memberId);
}

/**
 * Which buildings' private records (claims, members, proxies) the actor sees: `'all'` for admins, their
 * own buildings for volunteers, none for everyone else.
 */
export function privateScope(m: Actor, communityId: string): 'all' | string[] {
  if (!inCommunity(m, communityId)) return [];
  return m.isAdmin ? 'all' : m.volunteerBuildingIds;
}
