/** 放心买's register of suppliers: who may do what. Pure functions of the caller's membership and the entry. */
import type { Membership } from '../community/model.ts';

export type SupplierViewer = Pick<Membership, 'memberId' | 'communityId' | 'isAdmin' | 'isLeader'>;

/** Leaders, who buy from suppliers, and admins add them. */
export function canAddSupplier(m: SupplierViewer, communityId: string): boolean {
  return m.communityId === communityId && (m.isAdmin || m.isLeader);
}

/** An admin changes any entry; the leader who added one changes it until it is verified. */
export function canEditSupplier(
  m: SupplierViewer,
  s: { communityId: string; addedBy: string | null; verifiedAt: Date | null },
): boolean {
  if (m.communityId !== s.communityId) return false;
  return m.isAdmin || (m.isLeader && s.addedBy === m.memberId && s.verifiedAt === null);
}

/** Only an admin (the committee) vouches for a supplier. */
export function canVerifySupplier(m: SupplierViewer, s: { communityId: string }): boolean {
  return m.communityId === s.communityId && m.isAdmin;
}
