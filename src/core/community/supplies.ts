/**
 * 送过物资: goods an admin or a building volunteer brought to a household outside any buy (a neighbour's bag of rice,
 * the 街道's 保供包, a box from the committee), recorded from 物资覆盖 so that the household counts as having
 * received something then (docs/coverage.md). Without it, a household helped that way stayed 未覆盖, and on its
 * building's 待办 as a household in need that received nothing, until a package reached it.
 */
import type { Actor } from '../shared/actor.ts';
import { forbidden, notFound } from '../shared/app-error.ts';
import type { Clock, IdGenerator } from '../shared/ports.ts';
import { ADMIN_OR_VOLUNTEER, ensure, loadCommunity, NOT_MEMBER } from './access.ts';
import { canRecordSupplies, canWithdrawSupplies } from './policies.ts';
import type { CommunityRepo } from './ports.ts';

export interface SupplyRecord {
  id: string;
  communityId: string;
  householdId: string;
  /** What was brought, as written (optional). */
  note: string | null;
  /** The member who recorded it (null once they left the compound). */
  givenBy: string | null;
  givenAt: Date;
}

export interface SuppliesRepo {
  insertSupply(record: SupplyRecord): Promise<void>;
  findSupply(id: string): Promise<SupplyRecord | null>;
  /** False when it was gone already. */
  deleteSupply(id: string): Promise<boolean>;
}

export interface SuppliesDeps {
  repo: Pick<CommunityRepo, 'findCommunity' | 'findMembership' | 'findHousehold'>;
  supplies: SuppliesRepo;
  clock: Clock;
  ids: IdGenerator;
}

/** How long a note may be: what was brought, in a line. */
export const SUPPLY_NOTE_MAX = 200;

async function householdAndMe(deps: SuppliesDeps, actor: Actor, householdId: string) {
  const household = await deps.repo.findHousehold(householdId);
  if (!household) throw notFound('household');
  const { me } = await loadCommunity(deps.repo, actor, household.communityId);
  if (!me) throw forbidden(NOT_MEMBER, 'not_member');
  return { household, me };
}

/** Records goods brought to the household now (an admin, or its building's volunteer). */
export async function recordSupplies(
  deps: SuppliesDeps,
  actor: Actor,
  householdId: string,
  input: { note?: string | null },
): Promise<SupplyRecord & { label: string }> {
  const { household, me } = await householdAndMe(deps, actor, householdId);
  ensure(canRecordSupplies(me, household), ADMIN_OR_VOLUNTEER);
  const record: SupplyRecord = {
    id: deps.ids.id(),
    communityId: household.communityId,
    householdId: household.id,
    note: input.note?.trim() || null,
    givenBy: me.memberId,
    givenAt: deps.clock.now(),
  };
  await deps.supplies.insertSupply(record);
  return { ...record, label: household.label };
}

/** Takes a record back (a wrong row tapped): whoever made it, or an admin. 404 once it is gone. */
export async function withdrawSupplies(deps: SuppliesDeps, actor: Actor, supplyId: string): Promise<void> {
  const record = await deps.supplies.findSupply(supplyId);
  if (!record) throw notFound('supply');
  const { household, me } = await householdAndMe(deps, actor, record.householdId);
  ensure(
    canWithdrawSupplies(me, household, record),
    'Only whoever recorded it, or an admin, can take it back',
  );
  if (!(await deps.supplies.deleteSupply(supplyId))) throw notFound('supply');
}
