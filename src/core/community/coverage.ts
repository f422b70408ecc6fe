/** GET /api/communities/{id}/coverage: 物资覆盖, who has received nothing lately (docs/coverage.md). */
import type { Clock } from '../shared/ports.ts';
import type { Actor } from '../shared/actor.ts';
import { notFound } from '../shared/app-error.ts';
import { ADMIN_OR_VOLUNTEER, ensure, loadCommunity } from './access.ts';
import { coverageOf, type Coverage, type CoverageRow } from './coverage-fns.ts';
import { canSeeBuildingCoverage, canSeeCoverage, privateScope } from './policies.ts';
import type { CommunityRepo, Scope } from './ports.ts';

export interface CoverageRepo {
  /**
   * One row per household of the compound in `scope`: its building, whether it is a proxy, its verified
   * members, when a package last reached it, and whether goods are on their way to it. `onlyInNeed`: only the
   * households on the register of those that need looking after.
   */
  coverageRows(communityId: string, scope: Scope, onlyInNeed?: boolean): Promise<CoverageRow[]>;
  /**
   * Who to call about each household: its verified members (name, phone), and a proxy's contact, in that
   * order. Private: for the admins and the building's volunteers only.
   */
  contacts(householdIds: string[]): Promise<Map<string, HouseholdContact[]>>;
}

export interface HouseholdContact {
  name: string;
  phone: string | null;
  /** The proxy household's contact (a relative, a neighbour), not a member. */
  proxy: boolean;
}

export interface CoverageDeps {
  repo: Pick<CommunityRepo, 'findCommunity' | 'findMembership' | 'findBuilding'>;
  coverage: CoverageRepo;
  clock: Clock;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The coverage of the caller's buildings (an admin's: the compound) over the last `days` days, and the
 * left-out households of `buildingId` when asked, with whom to call about each. 403 for a member who is neither an admin nor a volunteer,
 * or a volunteer asking for another building's households; 404 for a building not in the compound.
 */
export async function readCoverage(
  deps: CoverageDeps,
  actor: Actor,
  input: { communityId: string; days: number; buildingId: string | null },
): Promise<Coverage & { days: number; contacts: Map<string, HouseholdContact[]> }> {
  const { communityId, days, buildingId } = input;
  const { me } = await loadCommunity(deps.repo, actor, communityId);
  ensure(canSeeCoverage(me, communityId), ADMIN_OR_VOLUNTEER);
  if (buildingId !== null) {
    const building = await deps.repo.findBuilding(buildingId);
    if (!building || building.communityId !== communityId) throw notFound('building');
    ensure(canSeeBuildingCoverage(me, { communityId, buildingId }), ADMIN_OR_VOLUNTEER);
  }
  const since = new Date(deps.clock.now().getTime() - days * DAY_MS);
  const rows = await deps.coverage.coverageRows(communityId, privateScope(me, communityId));
  const coverage = coverageOf(rows, since, buildingId);
  // The building's volunteers and the admins see its people's names and phones (canSeeMemberContacts): whom to
  // call or whose door to knock on.
  const contacts =
    coverage.leftOut && coverage.leftOut.length > 0
      ? await deps.coverage.contacts(coverage.leftOut.map((r) => r.householdId))
      : new Map<string, HouseholdContact[]>();
  return { days, ...coverage, contacts };
}
