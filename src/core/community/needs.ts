/** 需照顾: keeping the private register of households that need looking after (docs/coverage.md). */
import type { Clock } from '../shared/ports.ts';
import type { Actor } from '../shared/actor.ts';
import { forbidden, notFound } from '../shared/app-error.ts';
import { ADMIN_OR_VOLUNTEER, ensure, loadCommunity, NOT_MEMBER } from './access.ts';
import { tidyNeeds, type HouseholdNeed, type NeedsInput } from './needs-fns.ts';
import { canKeepNeeds, canSeeCoverage, privateScope } from './policies.ts';
import type { CommunityRepo, Scope } from './ports.ts';

/** A household on the register. */
export interface NeedsEntry {
  householdId: string;
  label: string;
  buildingId: string;
  needs: HouseholdNeed[];
  note: string | null;
  updatedAt: Date;
}

export interface NeedsRepo {
  /** The register's households in `scope`, by label. */
  listNeeds(communityId: string, scope: Scope): Promise<NeedsEntry[]>;
  /** The needs of those of `householdIds` that are on the register. */
  needsOf(householdIds: readonly string[]): Promise<Map<string, HouseholdNeed[]>>;
  /** Writes the household's entry (replacing any), or removes it (null). */
  saveNeeds(
    household: { id: string; communityId: string },
    entry: { needs: HouseholdNeed[]; note: string | null } | null,
    by: string,
    at: Date,
  ): Promise<void>;
}

export interface NeedsDeps {
  repo: Pick<CommunityRepo, 'findCommunity' | 'findMembership' | 'findHousehold'>;
  needs: NeedsRepo;
  clock: Clock;
}

/** The register as far as the caller looks after (an admin: the compound; a volunteer: their buildings). */
export async function listNeeds(deps: NeedsDeps, actor: Actor, communityId: string): Promise<NeedsEntry[]> {
  const { me } = await loadCommunity(deps.repo, actor, communityId);
  ensure(canSeeCoverage(me, communityId), ADMIN_OR_VOLUNTEER);
  return deps.needs.listNeeds(communityId, privateScope(me, communityId));
}

/**
 * Sets what a household needs (an admin, or the volunteer of its building). No needs and no note take it off the
 * register. Returns its entry as kept, or null when it is off.
 */
export async function setNeeds(
  deps: NeedsDeps,
  actor: Actor,
  householdId: string,
  input: NeedsInput,
): Promise<{
  householdId: string;
  label: string;
  needs: HouseholdNeed[];
  note: string | null;
  updatedAt: Date;
}> {
  const household = await deps.repo.findHousehold(householdId);
  if (!household) throw notFound('household');
  const { me } = await loadCommunity(deps.repo, actor, household.communityId);
  if (!me) throw forbidden(NOT_MEMBER, 'not_member');
  ensure(canKeepNeeds(me, household), ADMIN_OR_VOLUNTEER);
  const entry = tidyNeeds(input);
  const at = deps.clock.now();
  await deps.needs.saveNeeds(household, entry, me.memberId, at);
  return {
    householdId: household.id,
    label: household.label,
    needs: entry?.needs ?? [],
    note: entry?.note ?? null,
    updatedAt: at,
  };
}
