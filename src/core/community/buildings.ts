/** Setting up buildings and rooms: from a pattern, from CSV, and editing them one by one. */
import type { Actor } from '../shared/actor.ts';
import { AppError, conflict, invalid, notFound } from '../shared/app-error.ts';
import { ADMINS_ONLY, ensure, loadCommunity, NOT_MEMBER } from './access.ts';
import { parseHouseholdCsv, type CsvError } from './csv-import.ts';
import {
  buildingSortKey,
  expandPattern,
  householdLabel,
  normalizeBuildingName,
  patternSize,
  PATTERN_LIMITS,
  type RoomPattern,
} from './labels.ts';
import type { Building, BuildingSummary } from './model.ts';
import { canManageCommunity, canViewCommunity } from './policies.ts';
import type { CommunityDeps, CommunityRepo, NewHousehold } from './ports.ts';

type Deps = Pick<CommunityDeps, 'repo' | 'ids'>;

export const CSV_MAX_BYTES = 200 * 1024;

async function requireAdmin(repo: CommunityRepo, actor: Actor, communityId: string) {
  const { me } = await loadCommunity(repo, actor, communityId);
  ensure(canManageCommunity(me, communityId), ADMINS_ONLY);
}

/**
 * Finds or creates the named buildings and inserts the households whose label is new, in one
 * transaction with one statement per table. Returns the counts.
 */
async function addRooms(
  deps: Deps,
  communityId: string,
  wanted: { building: string; rooms: string[] }[],
): Promise<{ buildingsCreated: number; householdsCreated: number; householdsSkipped: number }> {
  const total = wanted.reduce((n, b) => n + b.rooms.length, 0);
  return deps.repo.transaction(async (repo) => {
    const names = [...new Set(wanted.map((w) => w.building))];
    const fresh: Building[] = names.map((name) => ({
      id: deps.ids.id(),
      communityId,
      name,
      sortKey: buildingSortKey(name),
    }));
    const created = names.length > 0 ? await repo.insertBuildings(fresh) : [];
    const byName = new Map((await repo.findBuildingsByName(communityId, names)).map((b) => [b.name, b]));
    const rows: NewHousehold[] = [];
    const seen = new Set<string>();
    for (const { building, rooms } of wanted) {
      const b = byName.get(building);
      if (!b) continue;
      for (const room of rooms) {
        const label = householdLabel(b.name, room);
        if (seen.has(label)) continue;
        seen.add(label);
        rows.push({ id: deps.ids.id(), communityId, buildingId: b.id, room, label });
      }
    }
    const inserted = await repo.insertHouseholds(rows);
    return {
      buildingsCreated: created.length,
      householdsCreated: inserted,
      householdsSkipped: total - inserted,
    };
  });
}

/** Generates buildings buildingFrom..buildingTo with floors × roomsPerFloor rooms; existing labels are kept. */
export async function generateBuildings(deps: Deps, actor: Actor, communityId: string, pattern: RoomPattern) {
  await requireAdmin(deps.repo, actor, communityId);
  if (pattern.buildingFrom > pattern.buildingTo) {
    throw invalid('buildingFrom must not be greater than buildingTo', 'bad_building_range');
  }
  const size = patternSize(pattern);
  if (size > PATTERN_LIMITS.households) {
    throw invalid(
      `That is ${size} households; generate at most ${PATTERN_LIMITS.households} at a time (fewer buildings per request)`,
      'too_many_households',
      { requested: size, max: PATTERN_LIMITS.households },
    );
  }
  return addRooms(deps, communityId, expandPattern(pattern));
}

/** Imports `building,room` CSV: valid lines are imported, the others reported by line number. */
export async function importHouseholds(deps: Deps, actor: Actor, communityId: string, csv: string) {
  await requireAdmin(deps.repo, actor, communityId);
  if (Buffer.byteLength(csv, 'utf8') > CSV_MAX_BYTES) {
    throw new AppError('too_large', 'The CSV is larger than 200 KB; split it into several imports', {
      code: 'csv_too_large',
    });
  }
  const { rows, errors } = parseHouseholdCsv(csv);
  if (rows.length > PATTERN_LIMITS.households) {
    throw invalid(
      `The CSV has ${rows.length} rooms; import at most ${PATTERN_LIMITS.households} at a time`,
      'too_many_households',
    );
  }
  const grouped = new Map<string, string[]>();
  for (const r of rows) grouped.set(r.building, [...(grouped.get(r.building) ?? []), r.room]);
  const wanted = [...grouped].map(([building, rooms]) => ({ building, rooms }));
  const result = await addRooms(deps, communityId, wanted);
  return {
    created: result.householdsCreated,
    skipped: rows.length - result.householdsCreated,
    buildingsCreated: result.buildingsCreated,
    errors: errors satisfies CsvError[],
  };
}

/** Buildings with their household and verified counts (members). */
export async function listBuildings(
  deps: Pick<CommunityDeps, 'repo'>,
  actor: Actor,
  communityId: string,
): Promise<BuildingSummary[]> {
  const { me } = await loadCommunity(deps.repo, actor, communityId);
  ensure(canViewCommunity(me, communityId), NOT_MEMBER, 'not_member');
  return deps.repo.listBuildings(communityId);
}

async function adminBuilding(repo: CommunityRepo, actor: Actor, buildingId: string): Promise<Building> {
  const building = await repo.findBuilding(buildingId);
  if (!building) throw notFound('building');
  await requireAdmin(repo, actor, building.communityId);
  return building;
}

/** Renames a building ("3" → "3A"); its household labels follow. */
export async function renameBuilding(
  deps: Pick<CommunityDeps, 'repo'>,
  actor: Actor,
  buildingId: string,
  rawName: string,
): Promise<Building> {
  const building = await adminBuilding(deps.repo, actor, buildingId);
  const name = normalizeBuildingName(rawName);
  if (!name) throw invalid('A building name is 1–10 digits or letters, e.g. 3 or 3号楼', 'bad_building_name');
  if (name === building.name) return building;
  const ok = await deps.repo.transaction((repo) => repo.renameBuilding(buildingId, name));
  if (!ok) throw conflict(`There is already a building ${name} in this compound`, 'building_exists');
  return { ...building, name, sortKey: buildingSortKey(name) };
}

/** Deletes a building and its rooms; refused while anyone lives in (or is looked after in) it. */
export async function deleteBuilding(deps: Pick<CommunityDeps, 'repo'>, actor: Actor, buildingId: string) {
  await adminBuilding(deps.repo, actor, buildingId);
  const occupied = await deps.repo.countOccupied({ buildingId });
  if (occupied > 0) {
    throw conflict(
      `${occupied} household(s) in this building have residents or proxy registrations; remove those first`,
      'building_in_use',
      { occupiedHouseholds: occupied },
    );
  }
  if (!(await deps.repo.deleteBuilding(buildingId))) {
    throw conflict('This building still has orders or other records attached', 'building_in_use');
  }
}
