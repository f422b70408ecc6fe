/** An in-memory CommunityRepo for the use-case unit tests. Simple arrays; no transactions (none needed). */
import type {
  Building,
  Claim,
  Community,
  Household,
  HouseholdSummary,
  Invite,
  Membership,
  MembershipView,
  MemberView,
} from '../model.ts';
import { inviteStatus } from '../model.ts';
import type { CommunityRepo, NewHousehold, Scope } from '../ports.ts';

export interface FakeUser {
  id: string;
  displayName: string;
  phone: string;
}

export class FakeCommunityRepo implements CommunityRepo {
  communities: Community[] = [];
  members: Membership[] = [];
  buildings: Building[] = [];
  households: Household[] = [];
  invites: Invite[] = [];
  claims: Claim[] = [];
  users: FakeUser[] = [];

  transaction<T>(fn: (repo: CommunityRepo) => Promise<T>): Promise<T> {
    return fn(this);
  }

  async insertCommunity(c: Community) {
    this.communities.push({ ...c });
  }
  async findCommunity(id: string) {
    return this.communities.find((c) => c.id === id) ?? null;
  }
  async updateCommunity(id: string, patch: { name?: string; address?: string | null }) {
    const c = this.communities.find((x) => x.id === id);
    if (!c) return null;
    Object.assign(c, patch);
    return c;
  }
  async communityStats(id: string) {
    const hs = this.households.filter((h) => h.communityId === id);
    return {
      buildings: this.buildings.filter((b) => b.communityId === id).length,
      households: hs.length,
      verifiedHouseholds: hs.filter((h) => this.verified(h)).length,
      members: this.members.filter((m) => m.communityId === id).length,
    };
  }

  async insertMember(m: Membership) {
    if (this.members.some((x) => x.communityId === m.communityId && x.userId === m.userId)) return false;
    this.members.push({ ...m, volunteerBuildingIds: [...m.volunteerBuildingIds] });
    return true;
  }
  async findMembership(communityId: string, userId: string) {
    return this.members.find((m) => m.communityId === communityId && m.userId === userId) ?? null;
  }
  async findMemberById(memberId: string) {
    return this.members.find((m) => m.memberId === memberId) ?? null;
  }
  async membershipView(communityId: string, userId: string): Promise<MembershipView | null> {
    const m = await this.findMembership(communityId, userId);
    return m ? this.view(m) : null;
  }
  async rejectedClaimOf(memberId: string) {
    const latest = this.claims.filter((c) => c.memberId === memberId).at(-1);
    if (latest?.status !== 'rejected') return null;
    const label = this.households.find((h) => h.id === latest.householdId)?.label ?? '';
    return { householdLabel: label, reason: latest.rejectReason };
  }
  async listMembershipsOfUser(userId: string) {
    return this.members.filter((m) => m.userId === userId).map((m) => this.view(m));
  }
  async listMembers(communityId: string, scope: Scope) {
    return this.members
      .filter((m) => m.communityId === communityId)
      .map((m) => this.view(m))
      .filter((v) => scope === 'all' || (v.household !== null && scope.includes(v.household.buildingId)));
  }
  async memberView(memberId: string) {
    const m = await this.findMemberById(memberId);
    return m ? this.view(m) : null;
  }
  async lockAdmins(communityId: string) {
    return this.members.filter((m) => m.communityId === communityId && m.isAdmin).length;
  }
  async setRoles(
    memberId: string,
    roles: { isAdmin: boolean; isLeader: boolean; volunteerBuildingIds: string[] },
  ) {
    const m = this.members.find((x) => x.memberId === memberId);
    if (m) Object.assign(m, { ...roles, volunteerBuildingIds: [...roles.volunteerBuildingIds] });
  }

  async listBuildings(communityId: string) {
    return this.buildings
      .filter((b) => b.communityId === communityId)
      .map((b) => {
        const hs = this.households.filter((h) => h.buildingId === b.id);
        return { ...b, householdCount: hs.length, verifiedCount: hs.filter((h) => this.verified(h)).length };
      });
  }
  async findBuilding(id: string) {
    return this.buildings.find((b) => b.id === id) ?? null;
  }
  async findBuildingsByName(communityId: string, names: string[]) {
    return this.buildings.filter((b) => b.communityId === communityId && names.includes(b.name));
  }
  async insertBuildings(rows: Building[]) {
    const fresh = rows.filter(
      (r) => !this.buildings.some((b) => b.communityId === r.communityId && b.name === r.name),
    );
    this.buildings.push(...fresh);
    return fresh;
  }
  async renameBuilding(id: string, name: string) {
    const b = this.buildings.find((x) => x.id === id);
    if (!b || this.buildings.some((x) => x.communityId === b.communityId && x.name === name)) return false;
    b.name = name;
    for (const h of this.households.filter((x) => x.buildingId === id)) h.label = `${name}-${h.room}`;
    return true;
  }
  async deleteBuilding(id: string) {
    this.buildings = this.buildings.filter((b) => b.id !== id);
    this.households = this.households.filter((h) => h.buildingId !== id);
    return true;
  }
  async countOccupied(where: { buildingId: string } | { householdId: string }) {
    return this.households
      .filter((h) => ('buildingId' in where ? h.buildingId === where.buildingId : h.id === where.householdId))
      .filter((h) => h.isProxy || this.claims.some((c) => c.householdId === h.id && c.status !== 'rejected'))
      .length;
  }

  async listHouseholds(communityId: string, buildingId?: string): Promise<HouseholdSummary[]> {
    return this.households
      .filter((h) => h.communityId === communityId && (!buildingId || h.buildingId === buildingId))
      .map((h) => ({ ...h, verified: this.verified(h) }));
  }
  async findHousehold(id: string) {
    return this.households.find((h) => h.id === id) ?? null;
  }
  async insertHouseholds(rows: NewHousehold[]) {
    let n = 0;
    for (const r of rows) {
      if (this.households.some((h) => h.communityId === r.communityId && h.label === r.label)) continue;
      this.households.push({ ...r, isProxy: false, proxy: null });
      n++;
    }
    return n;
  }
  async updateHouseholdRoom(id: string, room: string, label: string) {
    const h = this.households.find((x) => x.id === id);
    if (!h || this.households.some((x) => x.communityId === h.communityId && x.label === label)) return false;
    Object.assign(h, { room, label });
    return true;
  }
  async deleteHousehold(id: string) {
    this.households = this.households.filter((h) => h.id !== id);
    return true;
  }
  async setProxy(householdId: string, details: Household['proxy'] & object) {
    const h = this.households.find((x) => x.id === householdId);
    if (h) Object.assign(h, { isProxy: true, proxy: { ...details } });
  }
  async listProxies(communityId: string, scope: Scope) {
    return this.households.filter(
      (h) => h.communityId === communityId && h.isProxy && (scope === 'all' || scope.includes(h.buildingId)),
    );
  }

  async insertInvite(i: Invite) {
    this.invites.push({ ...i });
  }
  async listInvites(communityId: string) {
    return this.invites.filter((i) => i.communityId === communityId).reverse();
  }
  async findInvite(id: string) {
    return this.invites.find((i) => i.id === id) ?? null;
  }
  async findInviteByCode(code: string) {
    return this.invites.find((i) => i.code === code) ?? null;
  }
  async revokeInvite(id: string, at: Date) {
    const i = this.invites.find((x) => x.id === id);
    if (i && !i.revokedAt) i.revokedAt = at;
  }
  async useInvite(id: string, now: Date) {
    const i = this.invites.find((x) => x.id === id);
    if (!i || inviteStatus(i, now) !== 'valid') return false;
    i.uses++;
    return true;
  }

  async insertClaim(c: Claim) {
    if (
      this.claims.some(
        (x) => x.communityId === c.communityId && x.memberId === c.memberId && x.status !== 'rejected',
      )
    )
      return false;
    this.claims.push({ ...c });
    return true;
  }
  async findClaim(id: string) {
    return this.claims.find((c) => c.id === id) ?? null;
  }
  async findLiveClaim(communityId: string, memberId: string) {
    return (
      this.claims.find(
        (c) => c.communityId === communityId && c.memberId === memberId && c.status !== 'rejected',
      ) ?? null
    );
  }
  async claimView(id: string) {
    const c = this.claims.find((x) => x.id === id);
    return c ? this.claimViewOf(c) : null;
  }
  async listClaims(communityId: string, scope: Scope, status?: Claim['status']) {
    return this.claims
      .filter((c) => c.communityId === communityId && (!status || c.status === status))
      .map((c) => this.claimViewOf(c))
      .filter((v) => scope === 'all' || scope.includes(v.buildingId));
  }
  async decideClaim(
    id: string,
    d: { status: 'verified' | 'rejected'; reviewedBy: string; at: Date; reason: string | null },
  ) {
    const c = this.claims.find((x) => x.id === id);
    if (!c || c.status !== 'pending') return false;
    Object.assign(c, {
      status: d.status,
      reviewedBy: d.reviewedBy,
      reviewedAt: d.at,
      rejectReason: d.reason,
    });
    return true;
  }

  private verified(h: Household): boolean {
    return h.isProxy || this.claims.some((c) => c.householdId === h.id && c.status === 'verified');
  }

  private user(userId: string): FakeUser {
    return this.users.find((u) => u.id === userId) ?? { id: userId, displayName: 'someone', phone: '' };
  }

  private view(m: Membership): MemberView & MembershipView {
    const claim = this.claims.find((c) => c.memberId === m.memberId && c.status !== 'rejected');
    const h = claim ? this.households.find((x) => x.id === claim.householdId) : undefined;
    const u = this.user(m.userId);
    return {
      ...m,
      displayName: u.displayName,
      phone: u.phone,
      communityName: this.communities.find((c) => c.id === m.communityId)?.name ?? '',
      household:
        claim && h ? { id: h.id, label: h.label, buildingId: h.buildingId, status: claim.status } : null,
    };
  }

  private claimViewOf(c: Claim) {
    const h = this.households.find((x) => x.id === c.householdId);
    const m = this.members.find((x) => x.memberId === c.memberId);
    const u = this.user(m?.userId ?? '');
    return {
      ...c,
      householdLabel: h?.label ?? '',
      buildingId: h?.buildingId ?? '',
      claimantName: u.displayName,
      claimantPhone: u.phone,
    };
  }
}
