import type { Membership } from '../../api-types.ts';

/** What the screens offer; the server decides again on every call. */
export const isAdmin = (m: Membership | null | undefined): boolean => Boolean(m?.roles.admin);
export const isVolunteer = (m: Membership | null | undefined): boolean =>
  Boolean(m && m.roles.volunteerBuildingIds.length > 0);
export const canVerify = (m: Membership | null | undefined): boolean => isAdmin(m) || isVolunteer(m);
export const isLeader = (m: Membership | null | undefined): boolean => Boolean(m?.roles.leader);
