/** Packages: sorting lists, marking delivered by code (and undoing it), the household's own package and its receipt. */
import { AppError, conflict, forbidden, invalid } from '../shared/app-error.ts';
import type { Actor } from '../shared/actor.ts';
import type { DomainEvent } from '../shared/events.ts';
import { transactionWithEvents } from '../shared/ports.ts';
import { adjustedQty } from '../buys/adjustments.ts';
import { buildPackingList, buildSummary } from '../buys/summary-fns.ts';
import { canSeeProxyContact } from '../buys/summary-policies.ts';
import { buyNotFound } from '../buys/access.ts';
import type { PickupMode } from '../buys/buy.ts';
import {
  boardChanged,
  loadBuy,
  notArrived,
  notVolunteerHere,
  packageNotFound,
  receivingHousehold,
} from './access.ts';
import type { DeliveryMethod, DeliveryReport, PackageRecord, PackageStatus } from './model.ts';
import type { AuditDraft } from '../audit/model.ts';
import { normalizePickupCode } from './pickup-code.ts';
import { canHandlePackage, packageScope } from './policies.ts';
import type { DistributionDeps } from './ports.ts';
import { afterShortage, attachPackages, type SortingList } from './sorting-fns.ts';

const arrivedStates = new Set(['arrived', 'completed']);

/**
 * GET /api/buys/{id}/packages[?buildingId=]: sorting lists with codes and status (leader, admins: every
 * building; volunteers: theirs). Built on the buys packing list, with the quantities after the shortage.
 */
export async function getSortingList(
  deps: DistributionDeps,
  actor: Actor,
  input: { buyId: string; buildingId?: string | undefined },
): Promise<SortingList> {
  const { buy, member } = await loadBuy(deps, input.buyId, actor);
  const scope = packageScope(member, buy);
  if (scope !== 'all' && scope.length === 0)
    throw forbidden('Only the leader, an admin or a building volunteer can see packages', 'not_buy_manager');
  let buildings = scope === 'all' ? null : scope;
  if (input.buildingId) {
    if (scope !== 'all' && !scope.includes(input.buildingId)) throw notVolunteerHere();
    buildings = [input.buildingId];
  }
  const [data, adjustments, packages] = await Promise.all([
    deps.reports.loadReport(input.buyId, buildings),
    deps.repo.adjustments(input.buyId, null),
    deps.repo.listPackages(input.buyId, buildings),
  ]);
  if (!data) throw buyNotFound();
  if (input.buildingId && !data.buildings.some((b) => b.id === input.buildingId))
    throw new AppError('not_found', 'No such building in this compound', { code: 'building_not_found' });
  const visible = {
    ...data,
    orders: data.orders.map((o) =>
      o.proxyContact &&
      !canSeeProxyContact(member, { communityId: buy.communityId, buildingId: o.buildingId })
        ? { ...o, proxyContact: null }
        : o,
    ),
  };
  // The register of households that need looking after is the admins' and each building's volunteers' (the same
  // people who see a proxy's contact): the leader delivering for every building is not told why.
  const inNeed = await deps.needs.needsOf([
    ...new Set(
      data.orders
        .filter((o) => canSeeProxyContact(member, { communityId: buy.communityId, buildingId: o.buildingId }))
        .map((o) => o.householdId),
    ),
  ]);
  return attachPackages(
    buildPackingList(buildSummary(afterShortage(visible, adjustments))),
    packages,
    inNeed,
  );
}

/**
 * POST /api/buys/{id}/packages/deliver {code, method}: a volunteer of the package's building (or the
 * leader, an admin) marks it delivered to the door or picked up, by its pickup code (typed or scanned).
 */
export async function deliverPackage(
  deps: DistributionDeps,
  actor: Actor,
  input: { buyId: string; code: string; method: DeliveryMethod },
): Promise<PackageRecord> {
  const { buy, member } = await loadBuy(deps, input.buyId, actor);
  if (packageScope(member, buy) !== 'all' && packageScope(member, buy).length === 0)
    throw forbidden(
      'Only the leader, an admin or a building volunteer can mark deliveries',
      'not_buy_manager',
    );
  const code = normalizePickupCode(input.code);
  if (!code) throw invalid('A pickup code is 6 letters and digits, as printed on the label', 'bad_code');
  if (!arrivedStates.has(buy.status)) throw notArrived(buy.status);
  const pkg = await deps.repo.findPackageByCode(input.buyId, code);
  if (!pkg) {
    if (await deps.repo.codeInOtherBuy(buy.communityId, input.buyId, code))
      throw conflict('This label belongs to another group buy', 'code_from_another_buy');
    throw packageNotFound();
  }
  if (!canHandlePackage(member, buy, pkg)) throw notVolunteerHere();
  const now = deps.clock.now();
  const status = input.method === 'door' ? 'delivered' : 'picked_up';
  // The events are stored with the commit: a crash just after it cannot lose what the household is told.
  const { done } = await transactionWithEvents(deps.repo, deps.events, async (tx) => {
    // The buy's row lock serialises its audit chain (a volunteer's tap at a time: nothing to contend for).
    await tx.lockBuy(buy.id);
    const done = await tx.markDelivered(pkg.id, status, member.memberId, now);
    if (!done)
      throw conflict('This package is already marked delivered', 'already_delivered', {
        householdLabel: pkg.householdLabel,
        deliveredAt: pkg.deliveredAt?.toISOString() ?? null,
      });
    await tx.appendAudit(buy.id, [packageAudit(done, status, member.memberId, 'sorted', status, now)]);
    return { done, events: packageEvents('package.delivered', buy, pkg, now) };
  });
  return done;
}

/** What a mark (or its undoing) tells: the household, and the open boards and lists (no household data). */
function packageEvents(
  type: 'package.delivered' | 'package.undelivered',
  buy: { id: string; communityId: string },
  pkg: PackageRecord,
  now: Date,
): DomainEvent[] {
  const at = now.toISOString();
  return [
    {
      type,
      communityId: buy.communityId,
      buyId: buy.id,
      packageId: pkg.id,
      householdId: pkg.householdId,
      at,
    },
    boardChanged(buy.communityId, buy.id, now),
  ];
}

/** A package's delivery mark, or its undoing, in the buy's audit chain (the household sees its own). */
function packageAudit(
  pkg: PackageRecord,
  action: 'delivered' | 'picked_up' | 'delivery_undone' | 'receipt_confirmed',
  memberId: string,
  before: PackageStatus,
  after: PackageStatus,
  at: Date,
): AuditDraft {
  return {
    entity: 'package',
    entityId: pkg.id,
    action,
    actorMemberId: memberId,
    householdId: pkg.householdId,
    before: { status: before, code: pkg.code },
    after: { status: after, code: pkg.code },
    at,
  };
}

/**
 * POST /api/buys/{id}/packages/{packageId}/undo: takes back a delivery mark (a code mistyped into another
 * household's, the wrong row tapped at 3 a.m.): the package waits again, with the same code. The same people
 * who may mark it; not once the household confirmed receipt (then it is theirs to report a problem). The mark
 * and its undoing both stay in the buy's audit trail, and the household's 已送达 notice is withdrawn if it is
 * still held for the quiet hours, or followed by a correction if it was shown.
 */
export async function undoDelivery(
  deps: DistributionDeps,
  actor: Actor,
  input: { buyId: string; packageId: string },
): Promise<PackageRecord> {
  const { buy, member } = await loadBuy(deps, input.buyId, actor);
  const scope = packageScope(member, buy);
  if (scope !== 'all' && scope.length === 0)
    throw forbidden(
      'Only the leader, an admin or a building volunteer can undo a delivery',
      'not_buy_manager',
    );
  const pkg = await deps.repo.findPackage(input.buyId, input.packageId);
  if (!pkg) throw packageNotFound();
  if (!canHandlePackage(member, buy, pkg)) throw notVolunteerHere();
  const cannot = (p: PackageRecord) =>
    p.confirmedAt
      ? conflict('The household has confirmed it received this package', 'receipt_confirmed', {
          householdLabel: p.householdLabel,
        })
      : conflict('This package is not marked delivered', 'not_delivered', {
          householdLabel: p.householdLabel,
        });
  if (pkg.status === 'sorted' || pkg.confirmedAt) throw cannot(pkg);
  const now = deps.clock.now();
  const { done } = await transactionWithEvents(deps.repo, deps.events, async (tx) => {
    await tx.lockBuy(buy.id);
    const done = await tx.unmarkDelivered(pkg.id);
    if (!done) return { done: null, events: [] };
    await tx.appendAudit(buy.id, [
      packageAudit(done, 'delivery_undone', member.memberId, pkg.status, 'sorted', now),
    ]);
    return { done, events: packageEvents('package.undelivered', buy, pkg, now) };
  });
  // Changed since it was read (undone by someone else, confirmed by the household a moment before).
  if (!done) throw cannot((await deps.repo.findPackage(input.buyId, input.packageId)) ?? pkg);
  return done;
}

export interface MyLine {
  itemId: string;
  name: string;
  unit: string | null;
  priceFen: number;
  orderedQty: number;
  allocatedQty: number;
  /** What the household receives after the shortage. */
  receivedQty: number;
  /** Units refunded after a delivery report. */
  refundedQty: number;
}

export interface MyPackage {
  buyId: string;
  communityId: string;
  /** Whose package: the reader's household, or a proxy household they receive for (`onBehalf`). */
  household: { id: string; label: string; onBehalf: boolean };
  status: string;
  orderId: string | null;
  package: PackageRecord | null;
  /** How the household gets it (the buy's 取货方式): brought to the door, or picked up downstairs or at the gate. */
  pickupMode: PickupMode;
  lines: MyLine[];
  /** Refund due from adjustments: Σ |amount_fen_delta| (shortage and refunded reports). */
  refundFen: number;
  reports: DeliveryReport[];
}

/**
 * GET /api/buys/{id}/packages/mine: the household's package, adjusted quantities, refund due, reports. With
 * `householdId` (GET …/packages/households/{householdId}): a proxy household's, for those who receive for it
 * (代签收, `receivingHousehold`).
 */
export async function getMyPackage(
  deps: DistributionDeps,
  actor: Actor,
  buyId: string,
  householdId?: string,
): Promise<MyPackage> {
  const { buy, member } = await loadBuy(deps, buyId, actor);
  const household = await receivingHousehold(deps, member, buy, householdId);
  const [order, pkg, reports, pickupMode] = await Promise.all([
    deps.repo.householdOrder(buyId, household.id),
    deps.repo.packageOfHousehold(buyId, household.id),
    deps.repo.listReports(buyId, { householdId: household.id }),
    deps.repo.pickupModeOf(buyId),
  ]);
  const adjustments = order ? await deps.repo.adjustments(buyId, [order.orderId]) : [];
  const lines = (order?.lines ?? []).map((l) => {
    const own = adjustments.filter((a) => a.itemId === l.itemId);
    return {
      itemId: l.itemId,
      name: l.name,
      unit: l.unit,
      priceFen: l.priceFen,
      orderedQty: l.qty,
      allocatedQty: l.allocatedQty,
      receivedQty: adjustedQty(
        l.allocatedQty,
        own.filter((a) => a.kind === 'shortage'),
      ),
      refundedQty: -own.filter((a) => a.kind === 'report_refund').reduce((n, a) => n + a.qtyDelta, 0),
    };
  });
  return {
    buyId,
    communityId: buy.communityId,
    household: { id: household.id, label: household.label, onBehalf: household.onBehalf },
    status: buy.status,
    orderId: order?.orderId ?? null,
    package: pkg,
    pickupMode: pickupMode ?? 'building',
    lines,
    refundFen: adjustments.reduce((n, a) => n - a.amountFenDelta, 0),
    reports,
  };
}

/**
 * POST /api/buys/{id}/packages/mine/confirm: the household confirms it received its package. With
 * `householdId` (POST …/packages/households/{householdId}/confirm): a volunteer confirms for a proxy household
 * once its package is marked delivered (代签收: the neighbour has it in hand); that word is someone else's, so
 * it goes into the buy's audit trail.
 */
export async function confirmReceipt(
  deps: DistributionDeps,
  actor: Actor,
  buyId: string,
  householdId?: string,
): Promise<MyPackage> {
  const { buy, member } = await loadBuy(deps, buyId, actor);
  const household = await receivingHousehold(deps, member, buy, householdId);
  if (!arrivedStates.has(buy.status)) throw notArrived(buy.status);
  const pkg = await deps.repo.packageOfHousehold(buyId, household.id);
  if (!pkg)
    throw new AppError('not_found', 'The household has no package in this buy', {
      code: 'package_not_found',
    });
  const already = () => conflict('This package is already confirmed', 'already_confirmed');
  const now = deps.clock.now();
  if (!household.onBehalf) {
    if (!(await deps.repo.confirmPackage(pkg.id, member.memberId, now))) throw already();
    deps.events.publish([boardChanged(buy.communityId, buy.id, now)]);
    return getMyPackage(deps, actor, buyId, householdId);
  }
  if (pkg.confirmedAt) throw already();
  if (pkg.status === 'sorted')
    throw conflict('Mark the package delivered first', 'not_delivered', {
      householdLabel: pkg.householdLabel,
    });
  const { done } = await transactionWithEvents(deps.repo, deps.events, async (tx) => {
    await tx.lockBuy(buy.id);
    if (!(await tx.confirmDelivered(pkg.id, member.memberId, now))) return { done: false, events: [] };
    await tx.appendAudit(buy.id, [
      packageAudit(pkg, 'receipt_confirmed', member.memberId, pkg.status, pkg.status, now),
    ]);
    return { done: true, events: [boardChanged(buy.communityId, buy.id, now)] };
  });
  // Changed since it was read: confirmed by someone else, or its mark taken back.
  if (!done) {
    const now2 = await deps.repo.findPackage(buyId, pkg.id);
    if (now2?.status === 'sorted')
      throw conflict('Mark the package delivered first', 'not_delivered', {
        householdLabel: pkg.householdLabel,
      });
    throw already();
  }
  return getMyPackage(deps, actor, buyId, householdId);
}
