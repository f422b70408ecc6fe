/** Whose work a to-do list shows. Pure functions over the caller's standing (the buys context's MemberContext). */
import { canManageBuy } from '../buys/policies.ts';
import type { MemberContext } from '../buys/ports.ts';
import type { TodoBuyFact } from './model.ts';

/** Leaders, admins and building volunteers have work to list; a resident has none (and no query is made). */
export function hasTodo(m: MemberContext): boolean {
  return m.isAdmin || m.isLeader || m.volunteerBuildingIds.length > 0;
}

/**
 * The buy's own tasks (publish, confirm, arrival, payments, reports, finish) go to the member who created it
 * and still may run it. An admin may step in on any buy from its page, but their list does not fill with
 * every leader's work.
 */
export function runsBuy(m: MemberContext, buy: TodoBuyFact, communityId: string): boolean {
  return m.memberId === buy.createdBy && canManageBuy(m, { ...buy, communityId });
}

/** A building's packages are the runner's (all of them) and that building's volunteers'. */
export function deliversIn(m: MemberContext, runs: boolean, buildingId: string): boolean {
  return runs || m.volunteerBuildingIds.includes(buildingId);
}

/**
 * A building's pending claims are the admins' and that building's volunteers' to verify: the community
 * context's canVerifyClaim, over the buys context's standing (which has no user id).
 */
export function verifiesIn(m: MemberContext, buildingId: string): boolean {
  return m.isAdmin || m.volunteerBuildingIds.includes(buildingId);
}

/**
 * Whose households' coverage the member is told of (the in_need task): an admin's, the compound's; a building
 * volunteer's, their buildings'; anyone else's, none (null). As 物资覆盖's privateScope, over the buys context's
 * standing.
 */
export function coverageScope(m: MemberContext): 'all' | string[] | null {
  if (m.isAdmin) return 'all';
  return m.volunteerBuildingIds.length > 0 ? m.volunteerBuildingIds : null;
}

/**
 * A building's volunteers act for its proxy households (代管户): pay for them, hand their refunds over, confirm
 * their receipt (the money context's canPayForProxy, the distribution context's canReceiveFor). Their household
 * tasks are on those volunteers' lists; not on every admin's (the compound's proxies would fill it).
 */
export function actsForProxiesIn(m: MemberContext): string[] {
  return m.volunteerBuildingIds;
}

/** The register of suppliers is its admins' to verify: the trust context's canVerifySupplier. */
export function verifiesSuppliers(m: MemberContext): boolean {
  return m.isAdmin;
}

/** A compound's setup (its rooms, its first invite) is its admins' to do: the community context's canManage. */
export function setsUp(m: MemberContext): boolean {
  return m.isAdmin;
}
