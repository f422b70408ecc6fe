/** Recording what came off the truck: preview the shortage allocation, then apply it (buy → arrived). */
import { conflict, invalid } from '../shared/app-error.ts';
import type { Actor } from '../shared/actor.ts';
import type { DomainEvent } from '../shared/events.ts';
import { transactionWithEvents } from '../shared/ports.ts';
import { buyNotFound } from '../buys/access.ts';
import { boardChanged, loadBuy, notLeader } from './access.ts';
import { uniquePickupCodes } from './pickup-code.ts';
import { canRunDistribution } from './policies.ts';
import type { DistributionDeps, DistributionTx, NewAdjustment } from './ports.ts';
import { planArrival, type ArrivalPlan, type ShortagePolicy } from './shortage-fns.ts';

export interface ArrivalInput {
  buyId: string;
  policy: ShortagePolicy;
  /** Units that arrived per item; items left out arrived in full. */
  received: { itemId: string; receivedQty: number }[];
}

/** A confirmed buy, or one marked arrived without an arrival record (the plain `arrive` transition). */
async function checkState(tx: DistributionTx, buyId: string) {
  const buy = await tx.lockBuy(buyId);
  if (!buy) throw buyNotFound();
  const ok = buy.status === 'confirmed' || (buy.status === 'arrived' && !(await tx.hasArrival(buyId)));
  if (!ok)
    throw conflict(
      buy.status === 'arrived'
        ? 'The arrival of this buy is already recorded'
        : 'Record the arrival once the supplier order is confirmed',
      buy.status === 'arrived' ? 'arrival_already_recorded' : 'buy_not_confirmed',
      { status: buy.status },
    );
  return buy;
}

async function plan(
  tx: DistributionTx,
  input: ArrivalInput,
): Promise<{ plan: ArrivalPlan; buildings: Map<string, string> }> {
  const { items, orders } = await tx.arrivalInputs(input.buyId);
  const known = new Set(items.map((i) => i.itemId));
  const seen = new Set<string>();
  for (const r of input.received) {
    if (!known.has(r.itemId))
      throw invalid('That item is not part of this buy', 'unknown_item', { itemId: r.itemId });
    if (seen.has(r.itemId))
      throw invalid('Each item may appear once', 'duplicate_item', { itemId: r.itemId });
    seen.add(r.itemId);
  }
  const received = new Map(input.received.map((r) => [r.itemId, r.receivedQty]));
  return {
    plan: planArrival(items, orders, received, input.policy),
    buildings: new Map(orders.map((o) => [o.orderId, o.buildingId])),
  };
}

/** POST /api/buys/{id}/arrival/preview: what the shortage allocation would do, changing nothing. */
export async function previewArrival(
  deps: DistributionDeps,
  actor: Actor,
  input: ArrivalInput,
): Promise<ArrivalPlan> {
  const { buy, member } = await loadBuy(deps, input.buyId, actor);
  if (!canRunDistribution(member, buy)) throw notLeader();
  // A transaction only for the consistent read; nothing is written.
  return deps.repo.transaction(async (tx) => {
    await checkState(tx, input.buyId);
    return (await plan(tx, input)).plan;
  });
}

/**
 * POST /api/buys/{id}/arrival: applies the allocation in one transaction: the arrival record, one
 * order_adjustments row (kind 'shortage') per order line that lost quantity, one package with a unique
 * pickup code per household that still receives something, and the buy moves to 'arrived'.
 */
export async function recordArrival(
  deps: DistributionDeps,
  actor: Actor,
  input: ArrivalInput,
): Promise<ArrivalPlan> {
  const { buy, member } = await loadBuy(deps, input.buyId, actor);
  if (!canRunDistribution(member, buy)) throw notLeader();
  const now = deps.clock.now();
  const arrivalId = deps.ids.id();
  // The events are stored with the commit: a crash just after it cannot lose the households' notices.
  const { result } = await transactionWithEvents(deps.repo, deps.events, async (tx) => {
    const locked = await checkState(tx, input.buyId);
    const { plan: result, buildings } = await plan(tx, input);
    await tx.insertArrival({
      id: arrivalId,
      buyId: input.buyId,
      policy: input.policy,
      received: result.items.map((i) => ({
        itemId: i.itemId,
        receivedQty: i.receivedQty,
        allocatedQty: i.allocatedQty,
      })),
      recordedBy: member.memberId,
      createdAt: now,
    });
    const adjustments: NewAdjustment[] = result.orders.flatMap((o) =>
      o.lines
        .filter((l) => l.qtyDelta < 0)
        .map((l) => ({
          id: deps.ids.id(),
          buyId: input.buyId,
          orderId: o.orderId,
          householdId: o.householdId,
          itemId: l.itemId,
          kind: 'shortage' as const,
          qtyDelta: l.qtyDelta,
          amountFenDelta: l.amountFenDelta,
          refId: arrivalId,
          reason: null,
          createdBy: member.memberId,
        })),
    );
    await tx.insertAdjustments(adjustments, now);
    const receiving = result.orders.filter((o) => o.lines.some((l) => l.newQty > 0));
    const codes = uniquePickupCodes(receiving.length, deps.randomInt);
    await tx.insertPackages(
      receiving.map((o, n) => ({
        id: deps.ids.id(),
        buyId: input.buyId,
        orderId: o.orderId,
        householdId: o.householdId,
        buildingId: buildings.get(o.orderId)!,
        code: codes[n]!,
      })),
      now,
    );
    if (locked.status === 'confirmed') await tx.setBuyArrived(input.buyId, now);
    const at = now.toISOString();
    const base = { communityId: buy.communityId, buyId: buy.id, at };
    const events: DomainEvent[] = result.orders
      .filter((o) => o.refundFen > 0)
      .map((o) => ({
        type: 'order.adjusted',
        ...base,
        orderId: o.orderId,
        householdId: o.householdId,
        kind: 'shortage',
        amountFenDelta: -o.refundFen,
        byMemberId: member.memberId,
      }));
    if (locked.status === 'confirmed')
      events.push(
        { type: 'buy.status_changed', ...base, status: 'arrived' },
        { type: 'buy.updated', ...base },
      );
    events.push(boardChanged(buy.communityId, buy.id, now));
    return { result, events };
  });
  return result;
}
