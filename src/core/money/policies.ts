/** Who may do what with a buy's money. Pure functions over the caller's standing (MemberContext). */
import { canManageBuy, canSeeBuy } from '../buys/policies.ts';
import type { MemberContext } from '../buys/ports.ts';
import type { BuyStatus } from '../buys/buy.ts';

interface BuyRef {
  communityId: string;
  createdBy: string;
  status: BuyStatus;
}

const ownsHousehold = (member: MemberContext | null, householdId: string) =>
  !!member?.household && member.household.id === householdId;

/** Every member of the compound who can see the buy sees its public ledger (by household label only). */
export function canSeeLedger(member: MemberContext | null, buy: BuyRef): boolean {
  return canSeeBuy(member, buy) && buy.status !== 'draft';
}

/** A resident pays for the household they claimed. */
export function canPayFor(member: MemberContext | null, buy: BuyRef, householdId: string): boolean {
  return canSeeBuy(member, buy) && ownsHousehold(member, householdId);
}

/**
 * 代付: a building volunteer pays for a proxy household of their building (a neighbour without a smartphone):
 * sees what it owes, marks it paid (cash collected at the door and handed to the leader, or paid with their own
 * phone), adds the screenshot. The leader still confirms it. A household with members pays for itself.
 */
export function canPayForProxy(
  member: MemberContext | null,
  buy: BuyRef,
  household: { buildingId: string; isProxy: boolean },
): boolean {
  return (
    canSeeBuy(member, buy) &&
    household.isProxy &&
    !!member?.volunteerBuildingIds.includes(household.buildingId)
  );
}

/** The leader of the buy and admins run its money: reconciliation, refunds, supplier bills, the QR code. */
export function canManageMoney(member: MemberContext | null, buy: BuyRef): boolean {
  return canManageBuy(member, buy);
}

/**
 * The leader or an admin confirms or disputes a payment, never one of their own household: nobody confirms
 * that they paid themselves (an admin who lives there asks another admin or the leader).
 */
export function canDecidePayment(
  member: MemberContext | null,
  buy: BuyRef,
  payment: { householdId: string },
): boolean {
  return canManageMoney(member, buy) && !ownsHousehold(member, payment.householdId);
}

/** Sending a refund follows the same rule: not to one's own household. */
export const canSendRefund = canDecidePayment;

/** A payment (and its screenshot) is seen by its household, the buy's leader and admins. */
export function canSeePayment(
  member: MemberContext | null,
  buy: BuyRef,
  payment: { householdId: string },
): boolean {
  return (
    canManageMoney(member, buy) || (canSeeBuy(member, buy) && ownsHousehold(member, payment.householdId))
  );
}

/**
 * The household that received a refund acknowledges it; a proxy household's (`household`, read when the refund is
 * not the caller's own) a volunteer of its building or an admin (`handsOverProxyRefund`), but not the one who sent
 * it (a leader who is also the building's volunteer or an admin does not say their own refund arrived).
 */
export function canAcknowledgeRefund(
  member: MemberContext | null,
  buy: BuyRef,
  refund: { householdId: string; sentBy: string },
  household: { buildingId: string; isProxy: boolean } | null = null,
): boolean {
  if (canSeeBuy(member, buy) && ownsHousehold(member, refund.householdId)) return true;
  return household !== null && handsOverProxyRefund(member, buy, household) && !sentOwnRefund(member, refund);
}

/**
 * Who may say a proxy household's refund arrived (代收退款), whoever sent it: its building's volunteers (from its
 * pay page), and the compound's admins (from 收款对账: a building without a volunteer, an admin who took it up).
 */
export function handsOverProxyRefund(
  member: MemberContext | null,
  buy: BuyRef,
  household: { buildingId: string; isProxy: boolean },
): boolean {
  return (
    canPayForProxy(member, buy, household) ||
    (canSeeBuy(member, buy) && !!member?.isAdmin && household.isProxy)
  );
}

/** The caller sent this refund. */
export const sentOwnRefund = (member: MemberContext | null, refund: { sentBy: string }): boolean =>
  member?.memberId === refund.sentBy;

/** The buy's whole audit trail: its leader and admins; a household sees buy-wide events and its own. */
export function canSeeBuyAudit(member: MemberContext | null, buy: BuyRef): boolean {
  return canManageBuy(member, buy);
}
