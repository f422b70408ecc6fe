import { conflict, forbidden, invalid } from '../shared/app-error.ts';
import type { Actor } from '../shared/actor.ts';
import type { DomainEvent } from '../shared/events.ts';
import { transactionWithEvents } from '../shared/ports.ts';
import { buyNotFound, loadVisibleBuy } from './access.ts';
import { promoteAfterRestock } from './allocation-fns.ts';
import { reachedThreshold } from './buy.ts';
import { assertFutureDeadline, newItems, type BuyFieldsInput, type ItemInput } from './create-buy.ts';
import { canManageBuy } from './policies.ts';
import type { BuyFields, BuysDeps, BuyTx, BuyWithItems, ItemRecord } from './ports.ts';
import { buyView, jielongItems, listEntryChange, type BuyView } from './views.ts';
import type { AuditDraft, AuditJson } from '../audit/model.ts';
import { orderAuditDrafts } from '../audit/order-audit.ts';

export interface UpdateBuyInput extends Partial<BuyFieldsInput> {
  buyId: string;
  /**
   * Draft: replaces the item list. Open: entries with an id change that item, entries without one add an
   * item; items left out stay as they are (an open buy's items cannot be removed).
   */
  items?: (ItemInput & { id?: string })[];
}

function fieldsOf(input: UpdateBuyInput): Partial<BuyFields> {
  const out: Partial<BuyFields> = {};
  if (input.title !== undefined) out.title = input.title;
  if (input.description !== undefined) out.description = input.description;
  if (input.supplierName !== undefined) out.supplierName = input.supplierName;
  if (input.supplierContact !== undefined) out.supplierContact = input.supplierContact;
  if (input.deadline !== undefined) out.deadline = input.deadline;
  if (input.deliveryDate !== undefined) out.deliveryDate = input.deliveryDate;
  if (input.pickupMode !== undefined) out.pickupMode = input.pickupMode;
  if (input.minTotalQty !== undefined) out.minTotalQty = input.minTotalQty;
  if (input.minAmountFen !== undefined) out.minAmountFen = input.minAmountFen;
  if (input.leaderFeeFen !== undefined) out.leaderFeeFen = input.leaderFeeFen;
  return out;
}

const jsonOf = (value: unknown): AuditJson => JSON.parse(JSON.stringify(value ?? null)) as AuditJson;

/** The audit event of an edit (src/core/audit): the fields and items given, before and after. */
function editAudit(buy: BuyWithItems, input: UpdateBuyInput, memberId: string, at: Date): AuditDraft {
  const fields = fieldsOf(input);
  const keys = Object.keys(fields) as (keyof BuyFields)[];
  const pick = (b: Partial<BuyFields>) => Object.fromEntries(keys.map((k) => [k, b[k] ?? null]));
  const items = (list: readonly { id?: string; name: string; priceFen: number; stock?: number | null }[]) =>
    list.map((i) => ({ id: i.id ?? null, name: i.name, priceFen: i.priceFen, stock: i.stock ?? null }));
  return {
    entity: 'buy',
    entityId: buy.id,
    action: 'edited',
    actorMemberId: memberId,
    householdId: null,
    before: jsonOf({ ...pick(buy), ...(input.items ? { items: items(buy.items) } : {}) }),
    after: jsonOf({ ...pick(fields), ...(input.items ? { items: items(input.items) } : {}) }),
    at,
  };
}

/** Applies item edits to an open buy; returns the new items and which changed. */
function editOpenItems(buy: BuyWithItems, edits: NonNullable<UpdateBuyInput['items']>) {
  const items = new Map(buy.items.map((i) => [i.id, { ...i }]));
  const changed: ItemRecord[] = [];
  const restocked: string[] = [];
  let priceChanged = false;
  for (const edit of edits) {
    if (!edit.id) continue;
    const item = items.get(edit.id);
    if (!item) throw invalid(`Item ${edit.id} is not part of this buy`, 'unknown_item', { itemId: edit.id });
    const stock = edit.stock === undefined ? item.stock : edit.stock;
    if (stock !== null && stock < item.allocatedQty)
      throw invalid(
        `Stock cannot go below the ${item.allocatedQty} already allocated for ${item.name}`,
        'stock_below_allocated',
        { itemId: item.id, allocatedQty: item.allocatedQty },
      );
    if (stock === null ? item.stock !== null : item.stock !== null && stock > item.stock)
      restocked.push(item.id);
    priceChanged ||= edit.priceFen !== item.priceFen;
    Object.assign(item, {
      name: edit.name,
      spec: edit.spec === undefined ? item.spec : edit.spec,
      unit: edit.unit === undefined ? item.unit : edit.unit,
      priceFen: edit.priceFen,
      stock,
      perHouseholdMax: edit.perHouseholdMax === undefined ? item.perHouseholdMax : edit.perHouseholdMax,
      packSize: edit.packSize === undefined ? item.packSize : edit.packSize,
    });
    changed.push(item);
  }
  return { items: [...items.values()], changed, restocked, priceChanged };
}

async function updateOpen(deps: BuysDeps, tx: BuyTx, buy: BuyWithItems, input: UpdateBuyInput, now: Date) {
  const events: DomainEvent[] = [];
  const stamp = { communityId: buy.communityId, buyId: buy.id, at: now.toISOString() };
  const edits = input.items ?? [];
  const { items, changed, restocked, priceChanged } = editOpenItems(buy, edits);
  const added = newItems(
    deps.ids,
    edits.filter((e) => !e.id),
    buy.items.length,
  );
  // Raised stock goes to the waiting orders first, in seq order.
  const waiting = restocked.length > 0 ? await tx.waitingOrders(buy.id, restocked) : [];
  const result = promoteAfterRestock(
    { items, orders: waiting, nextSeq: buy.nextSeq, leaderFeeFen: input.leaderFeeFen ?? buy.leaderFeeFen },
    restocked,
  );
  if (result.kind !== 'done')
    throw new Error('restock promotion had every waiting order and still asked for more');
  const counters = new Map(result.items.map((i) => [i.id, i]));
  await tx.updateItems(changed.map((i) => ({ ...i, ...pickCounters(counters.get(i.id)!) })));
  await tx.insertItems(buy.id, added);
  await tx.saveAllocation(buy.id, {
    items: [],
    orders: result.changedOrders.map((o) => {
      const before = waiting.find((w) => w.id === o.id)!;
      return { ...o, note: before.note, placedBy: before.placedBy };
    }),
    droppedLines: [],
    nextSeq: buy.nextSeq,
    liveOrdersDelta: 0,
    amountFenDelta: 0,
  });
  await tx.updateFields(buy.id, fieldsOf(input), now);
  const before = new Map(waiting.map((w) => [w.id, w]));
  await tx.appendAudit(buy.id, orderAuditDrafts(result.changedOrders, before, new Map(), now));
  // Amounts follow prices, the fee and promotions; recomputed in SQL so every order is covered.
  if (priceChanged || result.promotions.length > 0 || input.leaderFeeFen !== undefined)
    await tx.recomputeAmounts(buy.id);
  // The list's lines name the items: unless one was renamed, the list stays as it was, but for the promoted
  // households' lines, which their events carry.
  const named = new Map(buy.items.map((i) => [i.id, i.name]));
  if (changed.length > 0 || added.length > 0)
    events.push({
      type: 'buy.items_changed',
      ...stamp,
      itemIds: [...changed.map((i) => i.id), ...added.map((i) => i.id)],
      keepsList: changed.every((i) => named.get(i.id) === i.name),
    });
  const promoted = new Map(result.changedOrders.map((o) => [o.id, o]));
  const households =
    result.promotions.length > 0
      ? await tx.findHouseholds([...new Set([...promoted.values()].map((o) => o.householdId))])
      : [];
  const labels = new Map(households.map((h) => [h.id, h.label]));
  const itemsOfList = jielongItems([...items, ...added]);
  for (const p of result.promotions) {
    const after = promoted.get(p.orderId);
    const label = after && labels.get(after.householdId);
    events.push({
      type: 'order.promoted',
      ...stamp,
      ...p,
      ...(after && label !== undefined ? { listEntry: listEntryChange(itemsOfList, after, label) } : {}),
    });
  }
  // 成团 by the leader's hand: a restock's promotions, dearer goods or a lower minimum (new items have nothing).
  const threshold = {
    minTotalQty: input.minTotalQty !== undefined ? input.minTotalQty : buy.minTotalQty,
    minAmountFen: input.minAmountFen !== undefined ? input.minAmountFen : buy.minAmountFen,
  };
  if (reachedThreshold({ threshold: buy, items: buy.items }, { threshold, items: result.items }))
    events.push({ type: 'buy.threshold_met', ...stamp });
  return events;
}

const pickCounters = (i: { allocatedQty: number; waitlistedQty: number }) => ({
  allocatedQty: i.allocatedQty,
  waitlistedQty: i.waitlistedQty,
});

/**
 * A deadline as a form sends it back: to the minute (a date-time input has no seconds). Within the minute it is
 * the same deadline; a pool's buy keeps its own then (see updateBuy).
 */
const sameMinute = (a: Date, b: Date) => Math.abs(a.getTime() - b.getTime()) < 60_000;

const touchesPoolFields = (input: UpdateBuyInput) =>
  input.deadline !== undefined || input.minTotalQty !== undefined || input.minAmountFen !== undefined;

/** Whether an edit changes what a pool (联合团购) sets for all its buys: the deadline or the minimum. */
function changesPoolFields(buy: BuyWithItems, input: UpdateBuyInput): boolean {
  return (
    (input.deadline !== undefined && !sameMinute(input.deadline, buy.deadline)) ||
    (input.minTotalQty !== undefined && input.minTotalQty !== buy.minTotalQty) ||
    (input.minAmountFen !== undefined && input.minAmountFen !== buy.minAmountFen)
  );
}

/** PATCH /api/buys/{id}: edits a draft freely; on an open buy edits details and items, and tells households. */
export async function updateBuy(deps: BuysDeps, actor: Actor, input: UpdateBuyInput): Promise<BuyView> {
  const { buy: header, member } = await loadVisibleBuy(deps.repo, input.buyId, actor);
  if (!canManageBuy(member, header))
    throw forbidden('Only the leader of this buy or an admin can edit it', 'not_buy_manager');
  const now = deps.clock.now();
  if (input.deadline !== undefined) assertFutureDeadline(input.deadline, now);
  // The events are stored with the commit: a crash just after it cannot lose what residents are told.
  await transactionWithEvents(deps.repo, deps.events, async (tx) => {
    const buy = await tx.lockBuy(input.buyId);
    if (!buy) throw buyNotFound();
    const stamp = { communityId: buy.communityId, buyId: buy.id, at: now.toISOString() };
    if (touchesPoolFields(input) && (await tx.poolOf(buy.id))) {
      if (changesPoolFields(buy, input))
        throw conflict(
          "This buy is part of a joint buy (联合团购): its deadline and minimum are the pool's",
          'pooled_buy_fields',
        );
      // Sent back as the form had it: the pool's deadline stays to the second.
      input = { ...input, deadline: undefined };
    }
    if (buy.status === 'draft' || buy.status === 'open')
      await tx.appendAudit(buy.id, [editAudit(buy, input, member.memberId, now)]);
    if (buy.status === 'draft') {
      await tx.updateFields(buy.id, fieldsOf(input), now);
      if (input.items) await tx.replaceItems(buy.id, newItems(deps.ids, input.items));
      return { events: [{ type: 'buy.updated', ...stamp } satisfies DomainEvent] };
    }
    if (buy.status !== 'open')
      throw conflict(
        `This buy is ${buy.status}; only drafts and open buys can be edited`,
        'buy_not_editable',
        {
          status: buy.status,
        },
      );
    const events = await updateOpen(deps, tx, buy, input, now);
    return { events: [...events, { type: 'buy.updated', ...stamp } satisfies DomainEvent] };
  });
  const after = await deps.repo.findBuy(input.buyId);
  if (!after) throw buyNotFound();
  return buyView(after);
}
