/** Who sees the leader's reports, and how much of them. Pure; built on the buys and community policies. */
import { canSeeMemberContacts } from '../community/policies.ts';
import type { BuyStatus } from './buy.ts';
import { canManageBuy } from './policies.ts';
import type { MemberContext } from './ports.ts';

interface BuyRef {
  communityId: string;
  createdBy: string;
  status: BuyStatus;
}

/** The summary and the supplier sheet are the buy's business: its leader and the compound's admins. */
export function canSeeBuySummary(member: MemberContext | null, buy: BuyRef): boolean {
  return canManageBuy(member, buy);
}

/**
 * Which buildings' packing lists the member gets: every building for the buy's leader and admins, their own
 * buildings for building volunteers, none (`[]`) for everyone else.
 */
export function packingScope(member: MemberContext | null, buy: BuyRef): 'all' | string[] {
  if (!member || member.communityId !== buy.communityId) return [];
  if (canManageBuy(member, buy)) return 'all';
  return member.volunteerBuildingIds;
}

/**
 * A proxy household's contact (name, phone) follows the community rule for private contacts: admins and
 * the volunteers of that household's building. A leader who is neither sees the label only.
 */
export function canSeeProxyContact(
  member: MemberContext | null,
  household: { communityId: string; buildingId: string },
): boolean {
  if (!member) return false;
  return canSeeMemberContacts({ ...member, userId: '' }, household);
}
