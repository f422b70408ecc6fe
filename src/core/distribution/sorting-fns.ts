/**
 * Sorting lists and labels: the buys context's packing lists (per building, rooms in natural order, proxy
 * households marked) with the quantities after the shortage, and each household's package. Pure.
 */
import type { OrderAdjustment } from '../buys/adjustments.ts';
import type { PackingList, PackingRow, ReportData } from '../buys/summary-fns.ts';
import type { PackageRecord } from './model.ts';
import type { HouseholdNeed } from '../community/needs-fns.ts';

/**
 * The report data with each line's allocated quantity replaced by what the household actually receives:
 * allocated plus its shortage adjustments (report refunds come after sorting and do not change the bag).
 */
export function afterShortage(data: ReportData, adjustments: readonly OrderAdjustment[]): ReportData {
  const delta = new Map<string, number>();
  for (const a of adjustments)
    if (a.kind === 'shortage')
      delta.set(`${a.orderId} ${a.itemId}`, (delta.get(`${a.orderId} ${a.itemId}`) ?? 0) + a.qtyDelta);
  if (delta.size === 0) return data;
  return {
    ...data,
    orders: data.orders.map((o) => ({
      ...o,
      lines: o.lines.map((l) => {
        const d = delta.get(`${o.orderId} ${l.itemId}`) ?? 0;
        return d === 0 ? l : { ...l, allocatedQty: Math.max(0, l.allocatedQty + d) };
      }),
    })),
  };
}

export interface SortingRow extends PackingRow {
  /**
   * What the register of households that need looking after says of it (需照顾: elderly alone, mobility…), for
   * the admins and its building's volunteers; empty for anyone else, and when it is not on the register.
   */
  needs: HouseholdNeed[];
  packageId: string | null;
  code: string | null;
  status: PackageRecord['status'] | null;
  deliveredAt: string | null;
  confirmedAt: string | null;
}

export interface SortingList extends Omit<PackingList, 'buildings'> {
  buildings: (Omit<PackingList['buildings'][number], 'households'> & { households: SortingRow[] })[];
}

/**
 * The packing list with each household's package (code, status) attached, matched by order, and its needs from
 * the register where the caller may see them (`needs`, by household).
 */
export function attachPackages(
  packing: PackingList,
  packages: readonly PackageRecord[],
  needs: ReadonlyMap<string, HouseholdNeed[]> = new Map(),
): SortingList {
  const byOrder = new Map(packages.map((p) => [p.orderId, p]));
  return {
    ...packing,
    buildings: packing.buildings.map((b) => ({
      ...b,
      households: b.households.map((h) => {
        const p = byOrder.get(h.orderId);
        return {
          ...h,
          needs: needs.get(h.householdId) ?? [],
          packageId: p?.id ?? null,
          code: p?.code ?? null,
          status: p?.status ?? null,
          deliveredAt: p?.deliveredAt?.toISOString() ?? null,
          confirmedAt: p?.confirmedAt?.toISOString() ?? null,
        };
      }),
    })),
  };
}

/** What a label's QR code holds: the volunteer screen's address with the code, so any camera app opens it. */
export function labelUrl(publicUrl: string, communityId: string, buyId: string, code: string): string {
  return `${publicUrl}/c/${communityId}/buys/${buyId}/deliveries?code=${code}`;
}
