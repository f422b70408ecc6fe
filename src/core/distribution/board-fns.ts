/** The live board of a buy's distribution: per building, what is sorted, delivered, confirmed, reported. Pure. */
import { compareBuildings, type ReportBuilding } from '../buys/summary-fns.ts';
import type { PackageStatus, ReportStatus } from './model.ts';

export interface BoardPackage {
  id: string;
  buildingId: string;
  householdLabel: string;
  status: PackageStatus;
  confirmedAt: Date | null;
}

export interface BoardBuilding {
  buildingId: string;
  name: string;
  sorted: number;
  delivered: number;
  confirmed: number;
  openReports: number;
  /** Not delivered `staleHours` after the arrival: these need someone now. */
  overdue: { packageId: string; householdLabel: string }[];
}

export interface Board {
  arrivedAt: string | null;
  staleHours: number;
  buildings: BoardBuilding[];
  totals: Omit<BoardBuilding, 'buildingId' | 'name' | 'overdue'> & { overdue: number };
}

/**
 * Counts per building (buildings without packages are left out). A package is overdue when it is still
 * only sorted `staleHours` after the arrival was recorded.
 */
export function buildBoard(input: {
  buildings: readonly ReportBuilding[];
  packages: readonly BoardPackage[];
  reports: readonly { buildingId: string; status: ReportStatus }[];
  arrivedAt: Date | null;
  staleHours: number;
  now: Date;
}): Board {
  const per = new Map<string, BoardBuilding>();
  const names = new Map(input.buildings.map((b) => [b.id, b]));
  const of = (id: string) => {
    let b = per.get(id);
    if (!b) {
      b = {
        buildingId: id,
        name: names.get(id)?.name ?? '',
        sorted: 0,
        delivered: 0,
        confirmed: 0,
        openReports: 0,
        overdue: [],
      };
      per.set(id, b);
    }
    return b;
  };
  const stale =
    input.arrivedAt !== null &&
    input.now.getTime() - input.arrivedAt.getTime() >= input.staleHours * 3600_000;
  for (const p of input.packages) {
    const b = of(p.buildingId);
    b.sorted += 1;
    if (p.status !== 'sorted') b.delivered += 1;
    else if (stale) b.overdue.push({ packageId: p.id, householdLabel: p.householdLabel });
    if (p.confirmedAt) b.confirmed += 1;
  }
  for (const r of input.reports) if (r.status === 'open') of(r.buildingId).openReports += 1;
  const buildings = [...per.values()].sort((a, b) => {
    const x = names.get(a.buildingId);
    const y = names.get(b.buildingId);
    return x && y ? compareBuildings(x, y) : a.name.localeCompare(b.name);
  });
  const sum = (f: (b: BoardBuilding) => number) => buildings.reduce((n, b) => n + f(b), 0);
  return {
    arrivedAt: input.arrivedAt?.toISOString() ?? null,
    staleHours: input.staleHours,
    buildings,
    totals: {
      sorted: sum((b) => b.sorted),
      delivered: sum((b) => b.delivered),
      confirmed: sum((b) => b.confirmed),
      openReports: sum((b) => b.openReports),
      overdue: sum((b) => b.overdue.length),
    },
  };
}
