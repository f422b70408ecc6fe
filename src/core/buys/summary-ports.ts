/** What the leader's reports (summary, packing list, exports) need from storage. Read-only. */
import type { ReportData } from './summary-fns.ts';
import type { TotalsData } from './totals-fns.ts';

export interface BuysReportRepo {
  /**
   * The buy's header, items, the compound's buildings and every live (not cancelled) order with its lines,
   * read in one consistent snapshot; `buildingIds` limits the orders to those buildings. null: no such buy.
   */
  loadReport(buyId: string, buildingIds: readonly string[] | null): Promise<ReportData | null>;
  /**
   * The buy's header, items, the compound's buildings and the live orders' sums per building and item,
   * summed by the database in one consistent snapshot. null: no such buy.
   */
  loadTotals(buyId: string): Promise<TotalsData | null>;
}
