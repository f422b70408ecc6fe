/** Who may do what with group buys. Pure functions over the caller's standing (MemberContext). */
import type { BuyStatus } from './buy.ts';
import type { HouseholdRecord, MemberContext } from './ports.ts';

interface BuyRef {
  communityId: string;
  createdBy: string;
  status: BuyStatus;
}

/** Leaders and admins open buys. */
export function canCreateBuy(member: MemberContext | null): boolean {
  return !!member && (member.isAdmin || member.isLeader);
}

/** The leader who created a buy runs it; admins can step in for any buy of their compound. */
export function canManageBuy(member: MemberContext | null, buy: BuyRef): boolean {
  if (!member || member.communityId !== buy.communityId) return false;
  return member.isAdmin || (member.isLeader && member.memberId === buy.createdBy);
}

/** Members see every buy that has been published; drafts only those who can manage them. */
export function canSeeBuy(member: MemberContext | null, buy: BuyRef): boolean {
  if (!member || member.communityId !== buy.communityId) return false;
  return buy.status !== 'draft' || canManageBuy(member, buy);
}

/** The full order list (with every household's lines) is for leaders and admins. */
export function canViewOrders(member: MemberContext | null, buy: BuyRef): boolean {
  return canManageBuy(member, buy) || (!!member && member.communityId === buy.communityId && member.isLeader);
}

/** A building volunteer (楼长) orders for households of their buildings; an admin for any household. */
export function canOrderFor(member: MemberContext | null, household: HouseholdRecord): boolean {
  if (!member || member.communityId !== household.communityId) return false;
  return member.isAdmin || member.volunteerBuildingIds.includes(household.buildingId);
}
