import { conflict, forbidden, invalid } from '../shared/app-error.ts';
import type { Actor } from '../shared/actor.ts';
import type { BuyStatusChange, DomainEvent } from '../shared/events.ts';
import { transactionWithEvents } from '../shared/ports.ts';
import { buyNotFound, loadVisibleBuy } from './access.ts';
import { closeOutcome, transition, type BuyAction, type BuyStatus } from './buy.ts';
import { canManageBuy } from './policies.ts';
import type { BuysDeps, BuyTx, BuyWithItems } from './ports.ts';
import type { AuditDraft } from '../audit/model.ts';
import { buyView, type BuyView } from './views.ts';

export type ManualAction = Exclude<BuyAction, 'fail'>;

export interface TransitionInput {
  buyId: string;
  action: ManualAction;
  /** Required for cancel. */
  reason?: string;
}

const stamp = (buy: BuyWithItems, at: Date) => ({
  communityId: buy.communityId,
  buyId: buy.id,
  at: at.toISOString(),
});

type StatusExtra = { cancelReason?: string; publishedAt?: Date; closedAt?: Date };

/**
 * Sets the status of the buy `tx` holds locked, and returns the buy's status as that leaves it, for the events
 * (the write moves the version by one).
 */
async function setStatus(
  tx: BuyTx,
  buy: BuyWithItems,
  status: BuyStatus,
  at: Date,
  extra: StatusExtra = {},
): Promise<BuyStatusChange> {
  await tx.setStatus(buy.id, status, at, extra);
  return {
    version: buy.version + 1,
    status,
    publishedAt: (extra.publishedAt ?? buy.publishedAt)?.toISOString() ?? null,
    closedAt: (extra.closedAt ?? buy.closedAt)?.toISOString() ?? null,
    cancelReason: extra.cancelReason ?? buy.cancelReason,
    updatedAt: at.toISOString(),
  };
}

/**
 * Closes an open buy inside a transaction that holds its lock: closed when the threshold (成团) is met,
 * otherwise failed, and a failed buy releases every order.
 */
export async function closeInTx(
  tx: BuyTx,
  buy: BuyWithItems,
  now: Date,
  actorMemberId: string | null = null,
  /** Decided for it: a pool's member buys close with the outcome of the pool as a whole. */
  decided?: 'closed' | 'failed',
): Promise<DomainEvent[]> {
  transition(buy.status, 'close');
  const outcome = decided ?? closeOutcome(buy, buy.items);
  const change = await setStatus(tx, buy, outcome, now, { closedAt: now });
  const released = outcome === 'failed' ? await tx.releaseOrders(buy.id, 'buy_failed', now) : [];
  await tx.appendAudit(buy.id, [buyAudit(buy, outcome, 'close', actorMemberId, now, released.length)]);
  const by = actorMemberId === null ? {} : { byMemberId: actorMemberId };
  return [
    outcome === 'closed'
      ? { type: 'buy.closed', ...stamp(buy, now), ...by, change }
      : { type: 'buy.failed', ...stamp(buy, now), ...by },
    { type: 'buy.updated', ...stamp(buy, now), change },
  ];
}

/** The audit event of a status change (the trail of the money context, src/core/audit). */
function buyAudit(
  buy: BuyWithItems,
  status: string,
  action: string,
  actorMemberId: string | null,
  at: Date,
  releasedOrders = 0,
  reason: string | null = null,
): AuditDraft {
  return {
    entity: 'buy',
    entityId: buy.id,
    action,
    actorMemberId,
    householdId: null,
    before: { status: buy.status },
    after: { status, ...(releasedOrders > 0 ? { releasedOrders } : {}), ...(reason ? { reason } : {}) },
    at,
  };
}

async function applyAction(
  tx: BuyTx,
  buy: BuyWithItems,
  input: TransitionInput,
  now: Date,
  actorMemberId: string,
): Promise<DomainEvent[]> {
  switch (input.action) {
    case 'close':
      // A pool's buys close together at its deadline: one compound closing early would decide for all.
      if (buy.status === 'open' && (await tx.poolOf(buy.id)))
        throw conflict(
          'This buy is part of a joint buy (联合团购); it closes with the others at the deadline',
          'pooled_buy_closes_at_deadline',
        );
      return closeInTx(tx, buy, now, actorMemberId);
    case 'publish': {
      transition(buy.status, 'publish');
      if (buy.items.length === 0) throw invalid('Add at least one item before publishing', 'no_items');
      if (buy.deadline.getTime() <= now.getTime())
        throw invalid('The deadline has passed; set a new deadline before publishing', 'deadline_in_past');
      const change = await setStatus(tx, buy, 'open', now, { publishedAt: now });
      await tx.appendAudit(buy.id, [buyAudit(buy, 'open', 'publish', actorMemberId, now)]);
      return [
        { type: 'buy.published', ...stamp(buy, now), change },
        { type: 'buy.updated', ...stamp(buy, now), change },
      ];
    }
    case 'cancel': {
      const reason = input.reason ?? '';
      transition(buy.status, 'cancel');
      const change = await setStatus(tx, buy, 'cancelled', now, { cancelReason: reason });
      const released = buy.status !== 'draft' ? await tx.releaseOrders(buy.id, 'buy_cancelled', now) : [];
      await tx.appendAudit(buy.id, [
        buyAudit(buy, 'cancelled', 'cancel', actorMemberId, now, released.length, reason),
      ]);
      return [
        { type: 'buy.cancelled', reason, ...stamp(buy, now) },
        { type: 'buy.updated', ...stamp(buy, now), change },
      ];
    }
    case 'confirm':
    case 'arrive':
    case 'complete': {
      const status = transition(buy.status, input.action);
      const change = await setStatus(tx, buy, status, now);
      await tx.appendAudit(buy.id, [buyAudit(buy, status, input.action, actorMemberId, now)]);
      return [
        { type: 'buy.status_changed', status, ...stamp(buy, now), change },
        { type: 'buy.updated', ...stamp(buy, now), change },
      ];
    }
  }
}

/** POST /api/buys/{id}/publish | close | cancel | confirm | arrive | complete, by the buy's leader or an admin. */
export async function transitionBuy(deps: BuysDeps, actor: Actor, input: TransitionInput): Promise<BuyView> {
  const { buy: header, member } = await loadVisibleBuy(deps.repo, input.buyId, actor);
  if (!canManageBuy(member, header))
    throw forbidden('Only the leader of this buy or an admin can do this', 'not_buy_manager');
  const now = deps.clock.now();
  // The events are stored with the commit: a crash just after it cannot lose what residents are told.
  await transactionWithEvents(deps.repo, deps.events, async (tx) => {
    const buy = await tx.lockBuy(input.buyId);
    if (!buy) throw buyNotFound();
    return { events: await applyAction(tx, buy, input, now, member.memberId) };
  });
  const after = await deps.repo.findBuy(input.buyId);
  if (!after) throw buyNotFound();
  return buyView(after);
}
