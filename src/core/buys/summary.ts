/** Use-cases behind the leader's management data: GET …/summary and GET …/packing. */
import { AppError, forbidden } from '../shared/app-error.ts';
import type { Actor } from '../shared/actor.ts';
import type { Clock } from '../shared/ports.ts';
import { buyNotFound, loadVisibleBuy } from './access.ts';
import { pageHouseholds, type HouseholdFilter, type HouseholdView } from './household-search.ts';
import type { BuysRepo, MemberContext } from './ports.ts';
import {
  buildPackingList,
  buildSummary,
  type BuySummary,
  type BuyTotals,
  type PackingList,
  type ReportData,
} from './summary-fns.ts';
import { buildTotals } from './totals-fns.ts';
import { canSeeBuySummary, canSeeProxyContact, packingScope } from './summary-policies.ts';
import type { BuysReportRepo } from './summary-ports.ts';

export interface ReportDeps {
  repo: Pick<BuysRepo, 'findBuyHeader' | 'memberContext'>;
  reports: BuysReportRepo;
  clock: Clock;
}

const notManager = () =>
  forbidden('Only the leader of this buy or an admin can see its summary and exports', 'not_buy_manager');

/** Drops the proxy contacts the member may not see (community rule: admins and that building's volunteers). */
function hideContacts(data: ReportData, member: MemberContext): ReportData {
  const communityId = data.buy.communityId;
  return {
    ...data,
    orders: data.orders.map((o) =>
      o.proxyContact && !canSeeProxyContact(member, { communityId, buildingId: o.buildingId })
        ? { ...o, proxyContact: null }
        : o,
    ),
  };
}

async function load(deps: ReportDeps, buyId: string, member: MemberContext, buildings: string[] | null) {
  const data = await deps.reports.loadReport(buyId, buildings);
  if (!data) throw buyNotFound();
  return hideContacts(data, member);
}

/** The summary with the page of its households that was asked for (household-search.ts). */
export interface SummaryPage extends BuySummary {
  /** How many households match the search and the filter, on all pages. */
  householdsFound: number;
  /** How many households each filter holds. */
  householdCounts: Record<HouseholdFilter, number>;
}

/**
 * GET /api/buys/{id}/summary (the buy's leader, admins): totals per item, building and household; the households
 * searched, filtered and paged as `view` asks (all of them by default). The search runs after the contacts the
 * caller may not see are dropped, so it cannot find a household by them.
 */
export async function getBuySummary(
  deps: ReportDeps,
  actor: Actor,
  buyId: string,
  view: HouseholdView = {},
): Promise<SummaryPage> {
  const { buy, member } = await loadVisibleBuy(deps.repo, buyId, actor);
  if (!canSeeBuySummary(member, buy)) throw notManager();
  const summary = buildSummary(await load(deps, buyId, member, null));
  const page = pageHouseholds(summary.households, view);
  return {
    ...summary,
    households: page.households,
    householdsFound: page.found,
    householdCounts: page.counts,
  };
}

/**
 * The summary's totals per item and building without its households (the supplier sheet): summed by the
 * database, for the same callers as getBuySummary. No household and no contact in it.
 */
export async function getBuyTotals(deps: ReportDeps, actor: Actor, buyId: string): Promise<BuyTotals> {
  const { buy, member } = await loadVisibleBuy(deps.repo, buyId, actor);
  if (!canSeeBuySummary(member, buy)) throw notManager();
  const data = await deps.reports.loadTotals(buyId);
  if (!data) throw buyNotFound();
  return buildTotals(data);
}

/**
 * GET /api/buys/{id}/packing (the buy's leader and admins: every building; a building volunteer: their
 * buildings). `buildingId` narrows it to one building, which must be in the caller's scope.
 */
export async function getPackingList(
  deps: ReportDeps,
  actor: Actor,
  input: { buyId: string; buildingId?: string | undefined },
): Promise<PackingList> {
  const { buy, member } = await loadVisibleBuy(deps.repo, input.buyId, actor);
  const scope = packingScope(member, buy);
  if (scope !== 'all' && scope.length === 0)
    throw forbidden(
      'Only the leader of this buy, an admin or a building volunteer can see packing lists',
      'not_buy_manager',
    );
  let buildings = scope === 'all' ? null : scope;
  if (input.buildingId) {
    if (scope !== 'all' && !scope.includes(input.buildingId))
      throw forbidden('You are not a volunteer of that building', 'not_volunteer_of_building');
    buildings = [input.buildingId];
  }
  const data = await load(deps, input.buyId, member, buildings);
  if (input.buildingId && !data.buildings.some((b) => b.id === input.buildingId))
    throw new AppError('not_found', 'No such building in this compound', { code: 'building_not_found' });
  return buildPackingList(buildSummary(data));
}
