/** What the community use-cases need from the outside world. The Drizzle repository implements it. */
import type { Clock, EventPublisher, IdGenerator } from '../shared/ports.ts';
import type {
  Building,
  BuildingSummary,
  Claim,
  ClaimStatus,
  ClaimView,
  Community,
  CommunityStats,
  Household,
  HouseholdSummary,
  Invite,
  Membership,
  MembershipView,
  MemberView,
  ProxyDetails,
  RejectedClaim,
} from './model.ts';

export interface NewHousehold {
  id: string;
  communityId: string;
  buildingId: string;
  room: string;
  label: string;
}

/** `'all'` or a list of building ids: how far a volunteer's view of private records reaches. */
export type Scope = 'all' | string[];

export interface CommunityRepo {
  /** Runs `fn` in one transaction; the repository passed to `fn` uses it. */
  transaction<T>(fn: (repo: CommunityRepo) => Promise<T>): Promise<T>;

  insertCommunity(c: Community): Promise<void>;
  findCommunity(id: string): Promise<Community | null>;
  updateCommunity(id: string, patch: { name?: string; address?: string | null }): Promise<Community | null>;
  communityStats(id: string): Promise<CommunityStats>;

  insertMember(m: Membership): Promise<boolean>;
  findMembership(communityId: string, userId: string): Promise<Membership | null>;
  findMemberById(memberId: string): Promise<Membership | null>;
  membershipView(communityId: string, userId: string): Promise<MembershipView | null>;
  /** The member's latest claim if it was rejected (none since), else null. */
  rejectedClaimOf(memberId: string): Promise<RejectedClaim | null>;
  listMembershipsOfUser(userId: string): Promise<MembershipView[]>;
  listMembers(communityId: string, scope: Scope): Promise<MemberView[]>;
  memberView(memberId: string): Promise<MemberView | null>;
  /** Locks the community's admin rows for the rest of the transaction; returns how many admins there are. */
  lockAdmins(communityId: string): Promise<number>;
  setRoles(
    memberId: string,
    roles: { isAdmin: boolean; isLeader: boolean; volunteerBuildingIds: string[] },
  ): Promise<void>;

  listBuildings(communityId: string): Promise<BuildingSummary[]>;
  findBuilding(id: string): Promise<Building | null>;
  findBuildingsByName(communityId: string, names: string[]): Promise<Building[]>;
  /** Inserts buildings whose name is new; returns the ones inserted. */
  insertBuildings(rows: Building[]): Promise<Building[]>;
  /** Renames a building and relabels its households; false when the name or a label is taken. */
  renameBuilding(id: string, name: string): Promise<boolean>;
  /** False when something still refers to it (orders in other contexts). */
  deleteBuilding(id: string): Promise<boolean>;
  /** Households of the building with a live claim or a proxy registration. */
  countOccupied(where: { buildingId: string } | { householdId: string }): Promise<number>;

  listHouseholds(communityId: string, buildingId?: string): Promise<HouseholdSummary[]>;
  findHousehold(id: string): Promise<Household | null>;
  /** Inserts households whose label is new (one statement); returns how many were inserted. */
  insertHouseholds(rows: NewHousehold[]): Promise<number>;
  /** False when the new label is taken. */
  updateHouseholdRoom(id: string, room: string, label: string): Promise<boolean>;
  deleteHousehold(id: string): Promise<boolean>;
  setProxy(householdId: string, details: ProxyDetails): Promise<void>;
  listProxies(communityId: string, scope: Scope): Promise<Household[]>;

  insertInvite(i: Invite): Promise<void>;
  listInvites(communityId: string): Promise<Invite[]>;
  findInvite(id: string): Promise<Invite | null>;
  findInviteByCode(code: string): Promise<Invite | null>;
  revokeInvite(id: string, at: Date): Promise<void>;
  /** Counts one use unless the invite is used up, expired or revoked (atomically); false when it was. */
  useInvite(id: string, now: Date): Promise<boolean>;

  /** False when the member already holds a live claim in the community. */
  insertClaim(c: Claim): Promise<boolean>;
  findClaim(id: string): Promise<Claim | null>;
  findLiveClaim(communityId: string, memberId: string): Promise<Claim | null>;
  claimView(id: string): Promise<ClaimView | null>;
  listClaims(communityId: string, scope: Scope, status?: ClaimStatus): Promise<ClaimView[]>;
  /** Decides a pending claim; false when it was no longer pending. */
  decideClaim(
    id: string,
    decision: { status: 'verified' | 'rejected'; reviewedBy: string; at: Date; reason: string | null },
  ): Promise<boolean>;
}

export interface CommunityDeps {
  repo: CommunityRepo;
  clock: Clock;
  ids: IdGenerator;
  events: EventPublisher;
  /** The public base URL invite links point at, without a trailing slash. */
  publicUrl: string;
  /** A random, unguessable invite code. */
  newInviteCode(): string;
}
