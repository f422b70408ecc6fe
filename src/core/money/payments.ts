/** A household marks its payment; the leader confirms or disputes it. */
import { conflict, forbidden, invalid } from '../shared/app-error.ts';
import type { Actor } from '../shared/actor.ts';
import type { DomainEvent } from '../shared/events.ts';
import { transactionWithEvents } from '../shared/ports.ts';
import { checkImage } from '../shared/images.ts';
import { buyNotFound } from '../buys/access.ts';
import type { BuyHeader, MemberContext } from '../buys/ports.ts';
import type { AuditDraft, AuditJson } from '../audit/model.ts';
import {
  assertChargeable,
  loadBuy,
  lockChargeable,
  payingHousehold,
  paymentNotFound,
  positionOf,
} from './access.ts';
import { paymentTxn } from './ledger-fns.ts';
import type { PaymentMethod, PaymentRecord } from './model.ts';
import { canDecidePayment, canPayFor, canPayForProxy, canSeePayment } from './policies.ts';
import type { MoneyDeps } from './ports.ts';
import { syncInTx } from './sync-ledger.ts';

export interface MarkPaidInput {
  buyId: string;
  /** A proxy household a volunteer of its building pays for (代付); the caller's own by default. */
  householdId?: string;
  method: PaymentMethod;
  reference?: string | null;
  /** Defaults to what the household still owes. */
  amountFen?: number;
}

const snapshot = (p: PaymentRecord): AuditJson => ({
  amountFen: p.amountFen,
  method: p.method,
  reference: p.reference,
  screenshot: p.screenshotKey !== null,
  status: p.status,
  disputeReason: p.disputeReason,
});

const paymentAudit = (
  p: PaymentRecord,
  action: string,
  memberId: string,
  before: PaymentRecord | null,
  at: Date,
): AuditDraft => ({
  entity: 'payment',
  entityId: p.id,
  action,
  actorMemberId: memberId,
  householdId: p.householdId,
  before: before ? snapshot(before) : null,
  after: snapshot(p),
  at,
});

/**
 * POST /api/buys/{id}/money/payments: "I paid" for the caller's own household (pending until confirmed). With
 * `householdId` (POST …/money/households/{householdId}/payments): a volunteer for a proxy household of their
 * building (代付: its cash collected at the door, or paid with their own phone), pending for the leader as well.
 */
export async function markPaid(deps: MoneyDeps, actor: Actor, input: MarkPaidInput): Promise<PaymentRecord> {
  const { buy: header, member } = await loadBuy(deps, input.buyId, actor);
  const householdId = (await payingHousehold(deps, member, header, input.householdId)).id;
  assertChargeable(header.status);
  const now = deps.clock.now();
  // The events are stored with the commit: a crash just after it cannot lose what the household is told.
  const { payment } = await transactionWithEvents(deps.repo, deps.events, async (tx) => {
    const buy = await lockChargeable(tx, input.buyId);
    const synced = await syncInTx(deps, tx, buy);
    if (await tx.pendingPayment(buy.id, householdId))
      throw conflict('A payment is already waiting for the leader to confirm', 'payment_pending');
    const amountFen = input.amountFen ?? (await positionOf(tx, buy.id, householdId))?.dueFen ?? 0;
    if (amountFen <= 0) throw conflict('Nothing is due for this buy', 'nothing_due');
    const payment: PaymentRecord = {
      id: deps.ids.id(),
      buyId: buy.id,
      householdId,
      amountFen,
      method: input.method,
      reference: input.reference ?? null,
      screenshotKey: null,
      status: 'pending',
      disputeReason: null,
      markedBy: member.memberId,
      markedAt: now,
      decidedBy: null,
      decidedAt: null,
    };
    await tx.insertPayment(payment);
    await tx.appendAudit(buy.id, [paymentAudit(payment, 'marked_paid', member.memberId, null, now)]);
    const events: DomainEvent[] = [
      ...synced,
      { type: 'money.updated', communityId: header.communityId, buyId: header.id, at: now.toISOString() },
    ];
    return { payment, events };
  });
  return payment;
}

export interface RecordReceivedInput extends MarkPaidInput {
  householdId: string;
}

/**
 * POST /api/buys/{id}/money/payments/received: the leader (or an admin) records money a household handed over
 * in person: cash at the door, an elderly neighbour's money brought by their volunteer, a transfer from a
 * daughter elsewhere. Nobody of that household pressed "I paid" (a proxy household has nobody to), so the payment
 * is stored confirmed at once and posted, as a confirmation would. Never for one's own household; at most what is
 * due (a typo must not make a refund); not while the household's own payment waits (confirm that one).
 */
export async function recordReceived(
  deps: MoneyDeps,
  actor: Actor,
  input: RecordReceivedInput,
): Promise<PaymentRecord> {
  const { buy: header, member } = await loadBuy(deps, input.buyId, actor);
  if (!canDecidePayment(member, header, { householdId: input.householdId }))
    throw forbidden(
      member.household?.id === input.householdId
        ? 'You cannot record a payment of your own household'
        : "Only the buy's leader or an admin can record payments",
      member.household?.id === input.householdId ? 'own_payment' : 'not_buy_manager',
    );
  assertChargeable(header.status);
  const now = deps.clock.now();
  const { payment } = await transactionWithEvents(deps.repo, deps.events, async (tx) => {
    const buy = await lockChargeable(tx, input.buyId);
    const events: DomainEvent[] = [...(await syncInTx(deps, tx, buy))];
    if (await tx.pendingPayment(buy.id, input.householdId))
      throw conflict(
        "This household's own payment is waiting: confirm or dispute it instead",
        'payment_pending',
      );
    const due = (await positionOf(tx, buy.id, input.householdId))?.dueFen ?? 0;
    if (due <= 0) throw conflict('This household owes nothing on this buy', 'nothing_due');
    const amountFen = input.amountFen ?? due;
    if (amountFen > due)
      throw invalid(`At most ${due} fen is due from this household`, 'payment_exceeds_due', { dueFen: due });
    const payment: PaymentRecord = {
      id: deps.ids.id(),
      buyId: buy.id,
      householdId: input.householdId,
      amountFen,
      method: input.method,
      reference: input.reference ?? null,
      screenshotKey: null,
      status: 'confirmed',
      disputeReason: null,
      markedBy: member.memberId,
      markedAt: now,
      decidedBy: member.memberId,
      decidedAt: now,
    };
    await tx.insertPayment(payment);
    await tx.post(buy.id, [paymentTxn(payment.id, payment.householdId, amountFen)], member.memberId, now);
    await tx.appendAudit(buy.id, [paymentAudit(payment, 'received', member.memberId, null, now)]);
    const stamp = { communityId: buy.communityId, buyId: buy.id, at: now.toISOString() };
    events.push(
      {
        type: 'payment.confirmed',
        ...stamp,
        householdId: payment.householdId,
        paymentId: payment.id,
        amountFen,
      },
      { type: 'money.updated', ...stamp },
    );
    return { payment, events };
  });
  return payment;
}

/** Whether the member pays for the payment's household as a volunteer of its building (a proxy household). */
async function paysForProxy(
  deps: MoneyDeps,
  member: MemberContext,
  buy: BuyHeader,
  payment: { householdId: string },
): Promise<boolean> {
  if (member.volunteerBuildingIds.length === 0) return false;
  const h = await deps.repo.householdRef(payment.householdId);
  return !!h && canPayForProxy(member, buy, h);
}

/**
 * A payment with the caller's standing, 404 for anyone who may not see it (its household, the leader, admins,
 * and a volunteer who pays for its proxy household).
 */
async function loadPayment(deps: MoneyDeps, actor: Actor, paymentId: string) {
  const payment = await deps.repo.findPayment(paymentId);
  if (!payment) throw paymentNotFound();
  const { buy, member } = await loadBuy(deps, payment.buyId, actor).catch(() => {
    throw paymentNotFound();
  });
  if (!canSeePayment(member, buy, payment) && !(await paysForProxy(deps, member, buy, payment)))
    throw paymentNotFound();
  return { payment, buy, member };
}

/** PUT /api/payments/{id}/screenshot: the household attaches a screenshot to its payment before a decision. */
export async function attachScreenshot(
  deps: MoneyDeps,
  actor: Actor,
  input: { paymentId: string; bytes: Uint8Array },
): Promise<PaymentRecord> {
  const { payment, buy, member } = await loadPayment(deps, actor, input.paymentId);
  if (!canPayFor(member, buy, payment.householdId) && !(await paysForProxy(deps, member, buy, payment)))
    throw forbidden('Only the household that paid can add its screenshot', 'not_your_payment');
  const type = checkImage(input.bytes);
  if (payment.status !== 'pending')
    throw conflict(`This payment is already ${payment.status}`, 'payment_not_pending', {
      status: payment.status,
    });
  const stored = await deps.files.put(input.bytes, type);
  const now = deps.clock.now();
  return deps.repo.transaction(async (tx) => {
    if (!(await tx.lockBuy(payment.buyId))) throw buyNotFound();
    const current = await tx.findPayment(payment.id);
    if (!current || current.status !== 'pending')
      throw conflict('This payment was decided meanwhile', 'payment_not_pending');
    const after = { ...current, screenshotKey: stored.key };
    await tx.updatePayment(payment.id, { screenshotKey: stored.key });
    await tx.appendAudit(payment.buyId, [
      paymentAudit(after, 'screenshot_added', member.memberId, current, now),
    ]);
    return after;
  });
}

/** GET /api/payments/{id}/screenshot: for the household, the buy's leader and admins. */
export async function getScreenshot(deps: MoneyDeps, actor: Actor, paymentId: string) {
  const { payment } = await loadPayment(deps, actor, paymentId);
  const file = payment.screenshotKey ? await deps.files.get(payment.screenshotKey) : null;
  if (!file) throw paymentNotFound();
  return file;
}

export type Decision = { kind: 'confirm' } | { kind: 'dispute'; reason: string };

/**
 * POST /api/payments/{id}/confirm | dispute: the leader (or an admin) decides a pending payment, never one of
 * their own household. Confirming posts it to the ledger; a disputed payment can be marked again.
 */
export async function decidePayment(
  deps: MoneyDeps,
  actor: Actor,
  input: { paymentId: string; decision: Decision },
): Promise<PaymentRecord> {
  const { payment, buy: header, member } = await loadPayment(deps, actor, input.paymentId);
  if (!canDecidePayment(member, header, payment))
    throw forbidden(
      member.household?.id === payment.householdId
        ? 'You cannot confirm or dispute a payment of your own household'
        : "Only the buy's leader or an admin can confirm payments",
      member.household?.id === payment.householdId ? 'own_payment' : 'not_buy_manager',
    );
  if (input.decision.kind === 'dispute' && input.decision.reason.trim() === '')
    throw invalid('Say why the payment is disputed', 'reason_required');
  const now = deps.clock.now();
  // The events are stored with the commit: a crash just after it cannot lose what the household is told.
  const { after } = await transactionWithEvents(deps.repo, deps.events, async (tx) => {
    const buy = await tx.lockBuy(payment.buyId);
    if (!buy) throw buyNotFound();
    const current = await tx.findPayment(payment.id);
    if (!current || current.status !== 'pending')
      throw conflict(`This payment is already ${current?.status ?? 'gone'}`, 'payment_not_pending', {
        status: current?.status ?? null,
      });
    const events: DomainEvent[] = [...(await syncInTx(deps, tx, buy))];
    const confirm = input.decision.kind === 'confirm';
    const after: PaymentRecord = {
      ...current,
      status: confirm ? 'confirmed' : 'disputed',
      disputeReason: input.decision.kind === 'dispute' ? input.decision.reason.trim() : null,
      decidedBy: member.memberId,
      decidedAt: now,
    };
    await tx.updatePayment(current.id, {
      status: after.status,
      disputeReason: after.disputeReason,
      decidedBy: after.decidedBy,
      decidedAt: after.decidedAt,
    });
    if (confirm)
      await tx.post(
        buy.id,
        [paymentTxn(current.id, current.householdId, current.amountFen)],
        member.memberId,
        now,
      );
    await tx.appendAudit(buy.id, [
      paymentAudit(after, confirm ? 'confirmed' : 'disputed', member.memberId, current, now),
    ]);
    const stamp = { communityId: buy.communityId, buyId: buy.id, at: now.toISOString() };
    events.push({
      type: confirm ? 'payment.confirmed' : 'payment.disputed',
      ...stamp,
      householdId: current.householdId,
      paymentId: current.id,
      amountFen: current.amountFen,
      ...(after.disputeReason ? { reason: after.disputeReason } : {}),
    });
    if (confirm) {
      const position = await positionOf(tx, buy.id, current.householdId);
      if (position && position.refundDueFen > 0)
        events.push({
          type: 'refund.due',
          ...stamp,
          householdId: current.householdId,
          amountFen: position.refundDueFen,
        });
    }
    events.push({ type: 'money.updated', ...stamp });
    return { after, events };
  });
  return after;
}
