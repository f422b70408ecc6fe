/** Refunds: computed from the ledger; the leader marks one sent, the household acknowledges it. */
import { conflict, forbidden, invalid } from '../shared/app-error.ts';
import type { Actor } from '../shared/actor.ts';
import type { DomainEvent } from '../shared/events.ts';
import { transactionWithEvents } from '../shared/ports.ts';
import { buyNotFound } from '../buys/access.ts';
import type { AuditJson } from '../audit/model.ts';
import { loadBuy, loadManagedBuy, positionOf, refundNotFound } from './access.ts';
import { refundTxn } from './ledger-fns.ts';
import type { PaymentMethod, RefundRecord } from './model.ts';
import { canAcknowledgeRefund, canSendRefund, handsOverProxyRefund, sentOwnRefund } from './policies.ts';
import type { MoneyDeps } from './ports.ts';
import { syncInTx } from './sync-ledger.ts';

export interface SendRefundInput {
  buyId: string;
  householdId: string;
  method: PaymentMethod;
  reference?: string | null;
  /** Defaults to the whole refund due. */
  amountFen?: number;
}

const snapshot = (r: RefundRecord): AuditJson => ({
  amountFen: r.amountFen,
  method: r.method,
  reference: r.reference,
  status: r.status,
});

/** POST /api/buys/{id}/money/refunds: the leader (or an admin) records money sent back to a household. */
export async function sendRefund(
  deps: MoneyDeps,
  actor: Actor,
  input: SendRefundInput,
): Promise<RefundRecord> {
  const { member, buy: header } = await loadManagedBuy(deps, input.buyId, actor);
  if (!canSendRefund(member, header, input))
    throw forbidden('You cannot send a refund to your own household', 'own_refund');
  const now = deps.clock.now();
  // The events are stored with the commit: a crash just after it cannot lose what the household is told.
  const { refund } = await transactionWithEvents(deps.repo, deps.events, async (tx) => {
    const buy = await tx.lockBuy(input.buyId);
    if (!buy) throw buyNotFound();
    const synced = await syncInTx(deps, tx, buy);
    const due = (await positionOf(tx, buy.id, input.householdId))?.refundDueFen ?? 0;
    if (due <= 0) throw conflict('Nothing is owed back to this household', 'no_refund_due');
    const amountFen = input.amountFen ?? due;
    if (amountFen > due)
      throw invalid(`At most ${due} fen is owed back to this household`, 'refund_exceeds_due', {
        dueFen: due,
      });
    const refund: RefundRecord = {
      id: deps.ids.id(),
      buyId: buy.id,
      householdId: input.householdId,
      amountFen,
      method: input.method,
      reference: input.reference ?? null,
      status: 'sent',
      sentBy: member.memberId,
      sentAt: now,
      acknowledgedAt: null,
    };
    await tx.insertRefund(refund);
    await tx.post(buy.id, [refundTxn(refund.id, refund.householdId, amountFen)], member.memberId, now);
    await tx.appendAudit(buy.id, [
      {
        entity: 'refund',
        entityId: refund.id,
        action: 'sent',
        actorMemberId: member.memberId,
        householdId: refund.householdId,
        before: { refundDueFen: due },
        after: snapshot(refund),
        at: now,
      },
    ]);
    const stamp = { communityId: header.communityId, buyId: header.id, at: now.toISOString() };
    const events: DomainEvent[] = [
      ...synced,
      { type: 'refund.sent', ...stamp, householdId: refund.householdId, amountFen: refund.amountFen },
      { type: 'money.updated', ...stamp },
    ];
    return { refund, events };
  });
  return refund;
}

/**
 * POST /api/refunds/{id}/acknowledge: the household says it received the refund; for a proxy household, a
 * volunteer of its building who handed it over (代收退款, audited as theirs). 404 for anyone else.
 */
export async function acknowledgeRefund(
  deps: MoneyDeps,
  actor: Actor,
  refundId: string,
): Promise<RefundRecord> {
  const refund = await deps.repo.findRefund(refundId);
  if (!refund) throw refundNotFound();
  const { buy, member } = await loadBuy(deps, refund.buyId, actor).catch(() => {
    throw refundNotFound();
  });
  // Another household's refund: a proxy household's, which a volunteer of its building acknowledges (代收退款).
  const household =
    member.household?.id === refund.householdId ? null : await deps.repo.householdRef(refund.householdId);
  if (!canAcknowledgeRefund(member, buy, refund, household)) {
    if (household && handsOverProxyRefund(member, buy, household) && sentOwnRefund(member, refund))
      throw forbidden('You sent this refund: another volunteer says it was handed over', 'own_refund_sent');
    throw refundNotFound();
  }
  const now = deps.clock.now();
  return deps.repo.transaction(async (tx) => {
    if (!(await tx.lockBuy(refund.buyId))) throw buyNotFound();
    const current = await tx.findRefund(refund.id);
    if (!current || current.status !== 'sent')
      throw conflict('This refund was already acknowledged', 'refund_already_acknowledged');
    const after: RefundRecord = { ...current, status: 'acknowledged', acknowledgedAt: now };
    await tx.acknowledgeRefund(current.id, now);
    await tx.appendAudit(refund.buyId, [
      {
        entity: 'refund',
        entityId: refund.id,
        action: 'acknowledged',
        actorMemberId: member.memberId,
        householdId: refund.householdId,
        before: snapshot(current),
        after: snapshot(after),
        at: now,
      },
    ]);
    return after;
  });
}
