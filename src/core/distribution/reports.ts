/** Delivery reports: a household reports a missing or damaged package (with a photo); the leader resolves it. */
import { adjustedQty } from '../buys/adjustments.ts';
import { AppError, conflict, forbidden, invalid } from '../shared/app-error.ts';
import type { Actor } from '../shared/actor.ts';
import type { DomainEvent } from '../shared/events.ts';
import { transactionWithEvents } from '../shared/ports.ts';
import { checkImage } from '../shared/images.ts';
import { lineAmountFen } from '../shared/money.ts';
import { buyNotFound } from '../buys/access.ts';
import {
  boardChanged,
  loadBuy,
  notArrived,
  notLeader,
  notYourHousehold,
  receivingHousehold,
  reportNotFound,
} from './access.ts';
import type { DeliveryReport, ReportKind, ReportLine, ReportResolution } from './model.ts';
import { canRunDistribution, canSeeReport, isOwnHousehold, packageScope } from './policies.ts';
import type { DistributionDeps, NewAdjustment } from './ports.ts';

/** At most this many open reports per package: a report is for a problem, not a chat. */
const MAX_OPEN_REPORTS = 3;

/**
 * POST /api/buys/{id}/packages/mine/reports {kind, note, lines}: the household reports items missing or
 * damaged (at most what it received of each). With `householdId` (POST
 * …/packages/households/{householdId}/reports): for a proxy household, by those who receive for it (代签收).
 */
export async function reportProblem(
  deps: DistributionDeps,
  actor: Actor,
  input: { buyId: string; householdId?: string; kind: ReportKind; note: string | null; lines: ReportLine[] },
): Promise<DeliveryReport> {
  const { buy, member } = await loadBuy(deps, input.buyId, actor);
  const household = await receivingHousehold(deps, member, buy, input.householdId);
  if (buy.status !== 'arrived' && buy.status !== 'completed') throw notArrived(buy.status);
  const [pkg, order] = await Promise.all([
    deps.repo.packageOfHousehold(input.buyId, household.id),
    deps.repo.householdOrder(input.buyId, household.id),
  ]);
  if (!pkg || !order)
    throw new AppError('not_found', 'The household has no package in this buy', {
      code: 'package_not_found',
    });
  const open = await deps.repo.listReports(input.buyId, { householdId: household.id });
  if (open.filter((r) => r.status === 'open').length >= MAX_OPEN_REPORTS)
    throw conflict('The household has reports waiting for the leader already', 'too_many_open_reports');
  const adjustments = await deps.repo.adjustments(input.buyId, [order.orderId]);
  const seen = new Set<string>();
  for (const l of input.lines) {
    const line = order.lines.find((x) => x.itemId === l.itemId);
    if (!line || seen.has(l.itemId))
      throw invalid('Report items of the household’s order, each once', 'unknown_item', { itemId: l.itemId });
    seen.add(l.itemId);
    const has = adjustedQty(
      line.allocatedQty,
      adjustments.filter((a) => a.itemId === l.itemId),
    );
    if (l.qty > has)
      throw invalid(`You received at most ${has} of this item`, 'qty_above_received', {
        itemId: l.itemId,
        max: has,
      });
  }
  const now = deps.clock.now();
  const report: DeliveryReport = {
    id: deps.ids.id(),
    buyId: input.buyId,
    packageId: pkg.id,
    householdId: household.id,
    householdLabel: household.label,
    buildingId: pkg.buildingId,
    kind: input.kind,
    note: input.note,
    lines: input.lines,
    photoKey: null,
    status: 'open',
    resolutionReason: null,
    createdAt: now,
    resolvedAt: null,
  };
  await deps.repo.insertReport(report, member.memberId);
  deps.events.publish([boardChanged(buy.communityId, buy.id, now)]);
  return report;
}

async function loadReport(deps: DistributionDeps, actor: Actor, reportId: string) {
  const report = await deps.repo.findReport(reportId);
  if (!report) throw reportNotFound();
  const { buy, member } = await loadBuy(deps, report.buyId, actor).catch((err: unknown) => {
    // Someone outside the compound learns nothing about the report either.
    if (err instanceof AppError && err.code === 'buy_not_found') throw reportNotFound();
    throw err;
  });
  if (!canSeeReport(member, buy, report)) throw reportNotFound();
  return { report, buy, member };
}

/**
 * PUT /api/delivery-reports/{id}/photo (image body): the reporting household attaches a photo, or those who
 * receive for it when it is a proxy household.
 */
export async function attachReportPhoto(
  deps: DistributionDeps,
  actor: Actor,
  input: { reportId: string; bytes: Uint8Array },
): Promise<DeliveryReport> {
  const { report, member, buy } = await loadReport(deps, actor, input.reportId);
  if (!isOwnHousehold(member, report.householdId))
    await receivingHousehold(deps, member, buy, report.householdId).catch((err: unknown) => {
      // Another household's report (not a proxy's): only its own members add to it.
      if (err instanceof AppError && err.code === 'not_proxy_household') throw notYourHousehold();
      throw err;
    });
  if (report.status !== 'open') throw conflict('This report is already resolved', 'report_resolved');
  const type = checkImage(input.bytes);
  const stored = await deps.files.put(input.bytes, type);
  await deps.repo.setReportPhoto(report.id, stored.key);
  return { ...report, photoKey: stored.key };
}

/** GET /api/delivery-reports/{id}/photo: the household, the leader, admins, that building's volunteers. */
export async function readReportPhoto(deps: DistributionDeps, actor: Actor, reportId: string) {
  const { report } = await loadReport(deps, actor, reportId);
  const file = report.photoKey ? await deps.files.get(report.photoKey) : null;
  if (!file) throw new AppError('not_found', 'This report has no photo', { code: 'photo_not_found' });
  return file;
}

/** GET /api/buys/{id}/reports: every report (leader, admins) or those of the volunteer's buildings. */
export async function listReports(
  deps: DistributionDeps,
  actor: Actor,
  buyId: string,
): Promise<DeliveryReport[]> {
  const { buy, member } = await loadBuy(deps, buyId, actor);
  const scope = packageScope(member, buy);
  if (scope !== 'all' && scope.length === 0)
    throw forbidden('Only the leader, an admin or a building volunteer can see reports', 'not_buy_manager');
  return deps.repo.listReports(buyId, { buildingIds: scope === 'all' ? null : scope });
}

/**
 * POST /api/delivery-reports/{id}/resolve {resolution, reason}: the leader resolves an open report.
 * `refunded` writes one order_adjustments row (kind 'report_refund', ref_id = the report) per reported
 * line, priced at the item's price, in the same transaction; `rejected` needs a reason.
 */
export async function resolveReport(
  deps: DistributionDeps,
  actor: Actor,
  input: { reportId: string; resolution: ReportResolution; reason: string | null },
): Promise<DeliveryReport> {
  const { report, buy, member } = await loadReport(deps, actor, input.reportId);
  if (!canRunDistribution(member, buy)) throw notLeader();
  if (input.resolution === 'rejected' && !input.reason)
    throw invalid('Say why the report is rejected', 'reason_required');
  const now = deps.clock.now();
  // The events are stored with the commit: a crash just after it cannot lose what the household is told.
  await transactionWithEvents(deps.repo, deps.events, async (tx) => {
    const locked = await tx.lockReport(report.id);
    if (!locked) throw reportNotFound();
    if (locked.status !== 'open')
      throw conflict('This report is already resolved', 'report_resolved', { status: locked.status });
    let rows: NewAdjustment[] = [];
    if (input.resolution === 'refunded') {
      const { items, orders } = await tx.arrivalInputs(report.buyId);
      const order = orders.find((o) => o.householdId === report.householdId);
      if (!order) throw buyNotFound();
      const price = new Map(items.map((i) => [i.itemId, i.priceFen]));
      const held = await tx.adjustmentsOf(order.orderId);
      // Never refund more than the household still holds (two reports on the same item).
      const left = (itemId: string) =>
        adjustedQty(
          order.lines.find((l) => l.itemId === itemId)?.allocatedQty ?? 0,
          held.filter((a) => a.itemId === itemId),
        );
      rows = locked.lines
        .map((l) => ({ itemId: l.itemId, qty: Math.min(l.qty, left(l.itemId)) }))
        .filter((l) => l.qty > 0 && price.has(l.itemId))
        .map((l) => ({
          id: deps.ids.id(),
          buyId: report.buyId,
          orderId: order.orderId,
          householdId: report.householdId,
          itemId: l.itemId,
          kind: 'report_refund' as const,
          qtyDelta: -l.qty,
          amountFenDelta: lineAmountFen(price.get(l.itemId)!, -l.qty),
          refId: report.id,
          reason: input.reason,
          createdBy: member.memberId,
        }));
      await tx.insertAdjustments(rows, now);
    }
    await tx.resolveReport(report.id, input.resolution, input.reason, member.memberId, now);
    const base = { communityId: buy.communityId, buyId: buy.id, at: now.toISOString() };
    const refundFen = rows.reduce((n, r) => n + r.amountFenDelta, 0);
    const events: DomainEvent[] = [
      ...(rows.length > 0
        ? [
            {
              type: 'order.adjusted' as const,
              ...base,
              orderId: rows[0]!.orderId,
              householdId: report.householdId,
              kind: 'report_refund' as const,
              amountFenDelta: refundFen,
              byMemberId: member.memberId,
            },
          ]
        : []),
      {
        type: 'delivery_report.resolved',
        ...base,
        reportId: report.id,
        householdId: report.householdId,
        resolution: input.resolution,
      },
      boardChanged(buy.communityId, buy.id, now),
    ];
    return { events };
  });
  return { ...report, status: input.resolution, resolutionReason: input.reason, resolvedAt: now };
}
