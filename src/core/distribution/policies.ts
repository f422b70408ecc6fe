/**
 * Who may do what in distribution. Pure functions over the caller's standing (the buys context's
 * MemberContext) and the buy, package or report concerned.
 */
import { canManageBuy } from '../buys/policies.ts';
import type { MemberContext } from '../buys/ports.ts';
import type { BuyStatus } from '../buys/buy.ts';

type Member = MemberContext | null;

interface BuyRef {
  communityId: string;
  createdBy: string;
  status: BuyStatus;
}

interface InBuilding {
  buildingId: string;
}

const inCompound = (m: Member, buy: BuyRef): m is MemberContext => !!m && m.communityId === buy.communityId;

/** The truck's details, the arrival count, posting "at the gate", resolving reports: the buy's leader, admins. */
export function canRunDistribution(m: Member, buy: BuyRef): boolean {
  return canManageBuy(m, buy);
}

/** Delivery coordination (driver's phone, plate, pass notes) is for the leader, admins and building volunteers. */
export function canSeeDeliveryPlan(m: Member, buy: BuyRef): boolean {
  return canManageBuy(m, buy) || (inCompound(m, buy) && m.volunteerBuildingIds.length > 0);
}

/** Which buildings' packages the member handles: all for the leader and admins, their own for volunteers. */
export function packageScope(m: Member, buy: BuyRef): 'all' | string[] {
  if (!inCompound(m, buy)) return [];
  if (canManageBuy(m, buy)) return 'all';
  return m.volunteerBuildingIds;
}

/** Marking a package delivered or picked up: the leader, admins, or a volunteer of the package's building. */
export function canHandlePackage(m: Member, buy: BuyRef, pkg: InBuilding): boolean {
  const scope = packageScope(m, buy);
  return scope === 'all' || scope.includes(pkg.buildingId);
}

/** The household's own verified members: their package, receipt, reports. */
export function isOwnHousehold(m: Member, householdId: string): boolean {
  return !!m?.household?.verified && m.household.id === householdId;
}

/**
 * Receiving for a proxy household (a neighbour without a smartphone): its package, confirming receipt, reporting
 * a problem (代签收). Those who may mark its package delivered: the leader, admins, its building's volunteers.
 * A household with members of its own confirms and reports itself: the receipt is its own word.
 */
export function canReceiveFor(m: Member, buy: BuyRef, household: InBuilding & { isProxy: boolean }): boolean {
  return household.isProxy && canHandlePackage(m, buy, household);
}

/** A report (and its photo): the household that made it, the leader, admins, that building's volunteers. */
export function canSeeReport(m: Member, buy: BuyRef, report: InBuilding & { householdId: string }): boolean {
  return isOwnHousehold(m, report.householdId) || canHandlePackage(m, buy, report);
}

/** Quiet hours and the stale-package threshold are the compound's settings: admins. */
export function canEditDistributionSettings(m: Member, communityId: string): boolean {
  return !!m && m.communityId === communityId && m.isAdmin;
}
