/** The supplier's invoice and the leader's payment to the supplier; the leader's payment QR code. */
import { invalid } from '../shared/app-error.ts';
import type { Actor } from '../shared/actor.ts';
import { checkImage } from '../shared/images.ts';
import { MAX_PRICE_FEN } from '../shared/money.ts';
import { buyNotFound } from '../buys/access.ts';
import { AppError } from '../shared/app-error.ts';
import { assertChargeable, loadBuy, loadManagedBuy } from './access.ts';
import { supplierInvoiceTxn, supplierPaymentTxn } from './ledger-fns.ts';
import type { SupplierBillKind, SupplierBillLine, SupplierBillRecord } from './model.ts';
import type { MoneyDeps } from './ports.ts';

export interface SupplierBillInput {
  buyId: string;
  kind: SupplierBillKind;
  /** Required without lines; with lines, defaults to their total. */
  amountFen?: number;
  /** What the supplier charges per unit (the public ledger compares it with the price charged). */
  lines?: SupplierBillLine[];
  note?: string | null;
}

/** POST /api/buys/{id}/money/supplier-bills (the buy's leader, admins). */
export async function recordSupplierBill(
  deps: MoneyDeps,
  actor: Actor,
  input: SupplierBillInput,
): Promise<SupplierBillRecord> {
  const { member, buy: header } = await loadManagedBuy(deps, input.buyId, actor);
  assertChargeable(header.status);
  const lines = input.lines ?? [];
  const linesTotal = lines.reduce((s, l) => s + l.qty * l.unitPriceFen, 0);
  const amountFen = input.amountFen ?? linesTotal;
  if (amountFen <= 0) throw invalid('Give the amount or the lines of the bill', 'amount_required');
  if (amountFen > MAX_PRICE_FEN * 10) throw invalid('The amount is too large', 'amount_too_large');
  // Items cannot change once the list has closed: checked before the transaction (which holds the only
  // connection of the embedded database).
  const items = new Set((await deps.repo.findBuy(input.buyId))?.items.map((i) => i.id));
  const unknown = lines.find((l) => !items.has(l.itemId));
  if (unknown)
    throw invalid(`Item ${unknown.itemId} is not part of this buy`, 'unknown_item', {
      itemId: unknown.itemId,
    });
  const now = deps.clock.now();
  const bill = await deps.repo.transaction(async (tx) => {
    const buy = await tx.lockBuy(input.buyId);
    if (!buy) throw buyNotFound();
    assertChargeable(buy.status);
    const bill: SupplierBillRecord = {
      id: deps.ids.id(),
      buyId: buy.id,
      kind: input.kind,
      amountFen,
      lines,
      note: input.note ?? null,
      createdBy: member.memberId,
      createdAt: now,
    };
    await tx.insertSupplierBill(bill);
    const txn =
      input.kind === 'invoice'
        ? supplierInvoiceTxn(bill.id, amountFen)
        : supplierPaymentTxn(bill.id, amountFen);
    await tx.post(buy.id, [txn], member.memberId, now);
    await tx.appendAudit(buy.id, [
      {
        entity: 'supplier_bill',
        entityId: bill.id,
        action: input.kind === 'invoice' ? 'invoice_recorded' : 'supplier_paid',
        actorMemberId: member.memberId,
        householdId: null,
        before: null,
        after: { kind: bill.kind, amountFen, lines: lines.map((l) => ({ ...l })), note: bill.note },
        at: now,
      },
    ]);
    return bill;
  });
  deps.events.publish([
    { type: 'money.updated', communityId: header.communityId, buyId: header.id, at: now.toISOString() },
  ]);
  return bill;
}

/** PUT /api/buys/{id}/money/qr: the leader's payment QR code image for this buy. */
export async function setPaymentQr(
  deps: MoneyDeps,
  actor: Actor,
  input: { buyId: string; bytes: Uint8Array },
) {
  const { member, buy: header } = await loadManagedBuy(deps, input.buyId, actor);
  const stored = await deps.files.put(input.bytes, checkImage(input.bytes));
  const now = deps.clock.now();
  await deps.repo.transaction(async (tx) => {
    if (!(await tx.lockBuy(input.buyId))) throw buyNotFound();
    const previous = await tx.setQr(input.buyId, stored.key, member.memberId, now);
    await tx.appendAudit(input.buyId, [
      {
        entity: 'payment_qr',
        entityId: input.buyId,
        action: previous ? 'replaced' : 'added',
        actorMemberId: member.memberId,
        householdId: null,
        before: previous ? { fileKey: previous } : null,
        after: { fileKey: stored.key },
        at: now,
      },
    ]);
  });
  deps.events.publish([
    { type: 'money.updated', communityId: header.communityId, buyId: header.id, at: now.toISOString() },
  ]);
  return { buyId: input.buyId, updatedAt: now };
}

/** GET /api/buys/{id}/money/qr: every member who can see the buy. */
export async function getPaymentQr(deps: MoneyDeps, actor: Actor, buyId: string) {
  await loadBuy(deps, buyId, actor);
  const qr = await deps.repo.paymentQr(buyId);
  const file = qr ? await deps.files.get(qr.fileKey) : null;
  if (!file)
    throw new AppError('not_found', 'The leader has not added a payment QR code', { code: 'qr_not_found' });
  return file;
}
