/**
 * 物资覆盖's JSON, picked one by one: labels, rooms and counts; and in a building's list, whom to call about each
 * household (its members', or its proxy contact's, name and phone), which only that building's volunteers and
 * the admins are given (the use-case's policy).
 */
import type { HouseholdContact } from '../../core/community/coverage.ts';
import type { Coverage, CoverageRow } from '../../core/community/coverage-fns.ts';

function presentLeftOut(r: CoverageRow, contacts: HouseholdContact[]) {
  return {
    householdId: r.householdId,
    label: r.label,
    room: r.room,
    isProxy: r.isProxy,
    members: r.members,
    lastReceivedAt: r.lastReceivedAt === null ? null : r.lastReceivedAt.toISOString(),
    contacts: contacts.map((c) => ({ name: c.name, phone: c.phone, proxy: c.proxy })),
  };
}

export function presentCoverage(c: Coverage & { days: number; contacts: Map<string, HouseholdContact[]> }) {
  return {
    days: c.days,
    since: c.since.toISOString(),
    counts: c.counts,
    buildings: c.buildings.map((b) => ({
      buildingId: b.buildingId,
      name: b.name,
      households: b.households,
      received: b.received,
      coming: b.coming,
      leftOut: b.leftOut,
    })),
    leftOut:
      c.leftOut === null
        ? null
        : c.leftOut.map((r) => presentLeftOut(r, c.contacts.get(r.householdId) ?? [])),
  };
}
