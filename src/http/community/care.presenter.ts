/**
 * 物资覆盖's and the register of households in need's JSON, picked one by one: labels, rooms and counts; and in a building's list, whom to call about each
 * household (its members', or its proxy contact's, name and phone), which only that building's volunteers and
 * the admins are given (the use-case's policy).
 */
import type { HouseholdContact } from '../../core/community/coverage.ts';
import type { Coverage, CoverageCounts, CoverageRow } from '../../core/community/coverage-fns.ts';
import type { NeedsEntry } from '../../core/community/needs.ts';
import type { SupplyRecord } from '../../core/community/supplies.ts';

const counts = (c: CoverageCounts) => ({
  households: c.households,
  received: c.received,
  coming: c.coming,
  leftOut: c.leftOut,
  leftOutInNeed: c.leftOutInNeed,
});

function presentLeftOut(r: CoverageRow, contacts: HouseholdContact[]) {
  return {
    householdId: r.householdId,
    label: r.label,
    room: r.room,
    isProxy: r.isProxy,
    members: r.members,
    lastReceivedAt: r.lastReceivedAt === null ? null : r.lastReceivedAt.toISOString(),
    contacts: contacts.map((c) => ({ name: c.name, phone: c.phone, proxy: c.proxy })),
    needs: r.needs,
    needsNote: r.needsNote,
  };
}

export function presentCoverage(c: Coverage & { days: number; contacts: Map<string, HouseholdContact[]> }) {
  return {
    days: c.days,
    since: c.since.toISOString(),
    counts: counts(c.counts),
    buildings: c.buildings.map((b) => ({ buildingId: b.buildingId, name: b.name, ...counts(b) })),
    leftOut:
      c.leftOut === null
        ? null
        : c.leftOut.map((r) => presentLeftOut(r, c.contacts.get(r.householdId) ?? [])),
  };
}

/** A household on the register (private: admins and its building's volunteers). */
export function presentNeeds(e: Omit<NeedsEntry, 'buildingId'>) {
  return {
    householdId: e.householdId,
    label: e.label,
    needs: e.needs,
    note: e.note,
    updatedAt: e.updatedAt.toISOString(),
  };
}

/** The same, in the register's list: with its building. */
export const presentListedNeeds = (e: NeedsEntry) => ({ ...presentNeeds(e), buildingId: e.buildingId });

/** 送过物资's record as its recorder reads it back: who recorded it stays on the server. */
export const presentSupply = (r: SupplyRecord & { label: string }) => ({
  id: r.id,
  householdId: r.householdId,
  label: r.label,
  note: r.note,
  givenAt: r.givenAt.toISOString(),
});
