import { hash as digest } from 'node:crypto';
import { AppError, invalid } from '../shared/app-error.ts';
import type { BuyCounters, DomainEvent, ListEntryChange } from '../shared/events.ts';
import {
  applyOrderChanges,
  type AllocOrder,
  type BatchResult,
  type BuySnapshot,
  type OrderChange,
  type RequestedLine,
} from './allocation-fns.ts';
import { reachedThreshold } from './buy.ts';
import type { Settled } from './group-commit.ts';
import { authorizeOrderWrite, buyNotOpen, type OrderTarget, type OrderWriter } from './place-order.ts';
import { StaleBuyError } from './ports.ts';
import type {
  AllocationWrite,
  BuysDeps,
  BuyTx,
  BuyWithItems,
  HouseholdRecord,
  IdempotencyRecord,
  LoadedOrder,
  MemberContext,
  OrderWrite,
  StoredIds,
} from './ports.ts';
import { jielongItems, linesWithPlace, listEntryChange, type OrderView } from './views.ts';
import { batchPlaces, type QueuePlace } from './queue-place.ts';
import { orderAuditDrafts } from '../audit/order-audit.ts';
import { withOrderFacts } from '../shared/event-facts.ts';
import { buyEventFacts, orderEventFactsIn } from './order-event-facts.ts';

/** One order write waiting in a buy's queue, as the caller sent it (authorised inside the batch). */
export interface OrderRequest {
  userId: string;
  target: OrderTarget;
  change: { kind: 'place'; lines: RequestedLine[]; note?: string | null } | { kind: 'cancel' };
  /** Idempotency-Key with its scope (caller, method and path). */
  idempotency: { scope: string; key: string } | null;
}

export interface OrderResponse {
  statusCode: 200 | 201;
  body: { order: OrderView };
  /** True when this answers a retried Idempotency-Key from storage. */
  replayed: boolean;
}

type Result = Settled<OrderResponse>;

/** A request that passed authorisation: its household, its author and its idempotency hash. */
type Authorized = OrderRequest & OrderWriter & { hash: string | null };

const fail = (error: unknown): Result => ({ ok: false, error });
const keyOf = (i: { scope: string; key: string }) => `${i.scope}\n${i.key}`;
/** The same Idempotency-Key with another request: a 422 (also for a whole 接龙 commit, import-jielong.ts). */
export const reused = () =>
  invalid(
    'This Idempotency-Key was already used with a different request; use a new key for a new request',
    'idempotency_key_reused',
  );

/**
 * Runs a batch of order writes on one buy in ONE transaction: lock the buy and its items, look up every
 * caller's standing (one query) and authorise each request, answer retried idempotency keys from storage,
 * apply the rest in arrival order with the pure allocation functions, write only the rows that changed,
 * store the new idempotency keys and the events, commit; then publish the events.
 */
export async function runOrderBatch(
  deps: BuysDeps,
  buyId: string,
  requests: readonly OrderRequest[],
): Promise<Result[]> {
  const now = deps.clock.now();
  const run = (tx: BuyTx) => runInTx(deps, tx, buyId, requests, now);
  // On the embedded database: worked out without holding the database, written in one short transaction that
  // checks nothing changed meanwhile; if something did (a leader's edit, the deadline), again under the lock.
  // With the order journal (docs/order-book.md): worked out against the buy's book in memory and committed as
  // one journal row. A stale book catches up (or is reloaded) and the batch runs again: on PostgreSQL under
  // the buy's lock, so another instance's batches cannot make it lose again; on the embedded database once
  // more, then the default way under the lock (which expands the buy's journal first).
  const { journal } = deps.repo;
  let outcome: Awaited<ReturnType<typeof run>>;
  try {
    outcome = journal
      ? await journal.batch(buyId, run).catch((err: unknown) => {
          if (!(err instanceof StaleBuyError)) throw err;
          deps.onStaleBatch?.();
          return journal.canLock ? journal.lockedBatch(buyId, run) : journal.batch(buyId, run);
        })
      : deps.repo.optimistic
        ? await deps.repo.optimisticBatch(buyId, run)
        : await deps.repo.transaction(run);
  } catch (err) {
    if (!(err instanceof StaleBuyError)) throw err;
    deps.onStaleBatch?.();
    // The lock first, on its own: with the journal on, taking it expands the buy's journal, which must be done
    // before the batch's reads (sent together where the database queues statements).
    outcome = await deps.repo.transaction(async (tx) => {
      await tx.lockBuy(buyId);
      return run(tx);
    });
  }
  const { results, events, stored } = outcome;
  deps.events.publish(events, stored.ids ?? undefined);
  return results;
}

/**
 * Statements sent together when the transaction queues them (BuyTx.queuesStatements), else one after the
 * other; either way they run in this order and the results come back in it.
 */
async function together<T extends unknown[]>(
  tx: BuyTx,
  ...statements: { [K in keyof T]: () => Promise<T[K]> }
): Promise<T> {
  if (tx.queuesStatements) return (await Promise.all(statements.map((s) => s()))) as T;
  const results: unknown[] = [];
  for (const s of statements) results.push(await s());
  return results as T;
}

/** Authorises every request of the batch from two set-based lookups (callers, target households). */
function authorize(
  buy: BuyWithItems,
  requests: readonly OrderRequest[],
  members: ReadonlyMap<string, MemberContext>,
  households: ReadonlyMap<string, HouseholdRecord>,
): (Authorized | Result)[] {
  const out: (Authorized | Result)[] = [];
  for (const r of requests) {
    try {
      const household = r.target.kind === 'household' ? (households.get(r.target.householdId) ?? null) : null;
      const writer = authorizeOrderWrite(buy, members.get(r.userId) ?? null, r.target, household);
      const hash =
        r.idempotency &&
        digest('sha256', JSON.stringify({ household: writer.householdId, change: r.change }), 'hex');
      // Spelled out rather than spread: one shape for every request of a rush (the spread of two objects was
      // the costliest line of a batch on the server's thread).
      const authorized: Authorized = {
        userId: r.userId,
        target: r.target,
        change: r.change,
        idempotency: r.idempotency,
        householdId: writer.householdId,
        householdLabel: writer.householdLabel,
        placedBy: writer.placedBy,
        hash,
      };
      out.push(authorized);
    } catch (error) {
      out.push(fail(error));
    }
  }
  return out;
}

async function runInTx(deps: BuysDeps, tx: BuyTx, buyId: string, batch: readonly OrderRequest[], now: Date) {
  const events: DomainEvent[] = [];
  // Filled once the batch's writes, and its events with them, are committed (BuyTx.storeEvents).
  const storedIds: StoredIds = { ids: null };
  // The buy's lock, the callers' standing, the target households and the stored idempotency keys do not
  // depend on each other: one round trip where the database queues statements. The keys are still read under
  // the lock (a key stored by the previous batch must be seen): on PostgreSQL the lock is taken first, and
  // the embedded database holds the whole transaction for itself.
  // (Loops rather than callbacks in what runs per request of a batch: see "V8 and short-lived closures" in
  // docs/benchmarks.md, sixteenth session.)
  const targetSet = new Set<string>();
  const userSet = new Set<string>();
  const keys: NonNullable<OrderRequest['idempotency']>[] = [];
  for (const r of batch) {
    if (r.target.kind === 'household') targetSet.add(r.target.householdId);
    userSet.add(r.userId);
    if (r.idempotency) keys.push(r.idempotency);
  }
  const targetIds = [...targetSet];
  const [buy, { members, liveOrders }, targets, storedKeys] = await together(
    tx,
    () => tx.lockBuy(buyId),
    () => tx.callers(buyId, [...userSet]),
    () => tx.findHouseholds(targetIds),
    () => tx.findIdempotency(keys),
  );
  if (!buy) {
    const error = new AppError('not_found', 'No such buy', { code: 'buy_not_found' });
    return { results: batch.map(() => fail(error)), events, stored: storedIds };
  }
  const targetById = new Map<string, HouseholdRecord>();
  for (const h of targets) targetById.set(h.id, h);
  const checked = authorize(buy, batch, members, targetById);
  const results: (Result | undefined)[] = [];
  const requests: (Authorized | null)[] = [];
  for (const c of checked) {
    results.push('ok' in c ? c : undefined);
    requests.push('ok' in c ? null : c);
  }

  // Idempotency first: a retry is answered with the first response even after the buy has closed. (Keys of
  // requests refused above were looked up too; they are simply not used.)
  const stored = new Map<string, IdempotencyRecord>();
  for (const s of storedKeys) stored.set(keyOf(s), s);
  const firstWithKey = new Map<string, number>();
  const sameAs = new Map<number, number>();
  const pending: number[] = [];
  for (let i = 0; i < requests.length; i++) {
    const r = requests[i];
    if (!r) continue;
    if (r.idempotency) {
      const k = keyOf(r.idempotency);
      const s = stored.get(k);
      if (s) {
        results[i] =
          s.requestHash === r.hash
            ? { ok: true, value: { ...(s.response as Omit<OrderResponse, 'replayed'>), replayed: true } }
            : fail(reused());
        continue;
      }
      const first = firstWithKey.get(k);
      if (first !== undefined) {
        if (requests[first]!.hash === r.hash) sameAs.set(i, first);
        else results[i] = fail(reused());
        continue;
      }
      firstWithKey.set(k, i);
    }
    pending.push(i);
  }

  if (buy.status !== 'open' || buy.deadline.getTime() <= now.getTime()) {
    const error = buyNotOpen(buy.status);
    for (const i of pending) results[i] = fail(error);
  } else if (pending.length > 0) {
    await allocate(deps, tx, buy, requests, pending, results, events, now, liveOrders);
  }
  for (const [i, first] of sameAs) results[i] = results[first]!;
  const answers: Result[] = [];
  for (const r of results) answers.push(r ?? fail(new Error('order request left unanswered')));
  if (events.length > 0) await tx.storeEvents(events, storedIds);
  return { results: answers, events, stored: storedIds };
}

async function allocate(
  deps: BuysDeps,
  tx: BuyTx,
  buy: BuyWithItems,
  requests: readonly (Authorized | null)[],
  pending: number[],
  results: (Result | undefined)[],
  events: DomainEvent[],
  now: Date,
  /** Live orders already read with the callers (of the households they claimed). */
  callersOrders: readonly LoadedOrder[],
) {
  const changes: OrderChange[] = [];
  for (const i of pending) {
    const r = requests[i]!;
    changes.push(
      r.change.kind === 'cancel'
        ? { kind: 'cancel', householdId: r.householdId }
        : { kind: 'place', householdId: r.householdId, newOrderId: deps.ids.id(), lines: r.change.lines },
    );
  }
  // A volunteer or admin writing for another household: that household's live orders are read now (the
  // callers' own households' came with their standing, in the first round trip).
  const known = new Set<string>();
  for (const o of callersOrders) known.add(o.householdId);
  for (const r of requests) if (r && r.target.kind === 'mine') known.add(r.householdId);
  const others = new Set<string>();
  for (const c of changes) if (!known.has(c.householdId)) others.add(c.householdId);
  const loaded = new Map<string, LoadedOrder>();
  for (const o of callersOrders) loaded.set(o.id, o);
  if (others.size > 0)
    for (const o of await tx.liveOrdersOfHouseholds(buy.id, [...others])) loaded.set(o.id, o);
  const waitingThrough = new Map<string, number>();
  const snapshot = (): BuySnapshot => ({
    items: buy.items,
    orders: [...loaded.values()],
    nextSeq: buy.nextSeq,
    leaderFeeFen: buy.leaderFeeFen,
    waitingThrough,
  });
  let result: BatchResult = applyOrderChanges(snapshot(), changes);
  // Only when stock is freed on an item with waiters do we read its waiting orders: the first ones, as many
  // as hold what was freed (not the whole waitlist, which in a sold-out rush is most of the buy).
  const asked = new Map<string, number>();
  for (let round = 1; result.kind === 'needs_waitlists'; round++) {
    if (round > 32 * (buy.items.length + 1)) throw new Error('allocation kept asking for waiting orders');
    const wants = result.wants.map((w) => {
      // Asked before and still short (the batch's own changes took some): twice as much, so it ends.
      const before = asked.get(w.itemId);
      const qty = before === undefined ? w.qty : Math.max(w.qty, before * 2);
      asked.set(w.itemId, qty);
      return { itemId: w.itemId, qty };
    });
    const read = await tx.waitingPrefix(buy.id, wants);
    for (const o of read.orders) if (!loaded.has(o.id)) loaded.set(o.id, o);
    for (const [itemId, seq] of read.through)
      waitingThrough.set(itemId, Math.max(waitingThrough.get(itemId) ?? Number.NEGATIVE_INFINITY, seq));
    result = applyOrderChanges(snapshot(), changes);
  }

  // Notes: the latest request that sent one wins; placedBy stays with whoever created the order.
  const meta = new Map<string, { note: string | null; placedBy: string | null }>();
  for (const o of loaded.values()) meta.set(o.id, { note: o.note, placedBy: o.placedBy });
  const labels = new Map<string, string>();
  for (let n = 0; n < result.outcomes.length; n++) {
    const outcome = result.outcomes[n]!;
    const r = requests[pending[n]!]!;
    labels.set(r.householdId, r.householdLabel);
    if (!outcome.ok) continue;
    const m = meta.get(outcome.order.id) ?? { note: null, placedBy: r.placedBy };
    if (r.change.kind === 'place' && r.change.note !== undefined) m.note = r.change.note;
    meta.set(outcome.order.id, m);
  }

  const keys: IdempotencyRecord[] = [];
  const final = new Map<string, AllocOrder>();
  for (const o of result.changedOrders) final.set(o.id, o);
  const facts = buyEventFacts(buy);
  const itemsOfList = jielongItems(buy.items);
  /** An order's 接龙 line as the batch leaves it (`cancelled`: gone from the list). */
  const lineOf = (after: AllocOrder, householdLabel: string): ListEntryChange =>
    listEntryChange(itemsOfList, after, householdLabel);
  const write = allocationWrite(result, loaded, meta);
  // The buy's counters as this batch leaves them (every batch that writes moves the version by one).
  const counters: BuyCounters = {
    version: buy.version + 1,
    liveOrders: buy.liveOrders + write.liveOrdersDelta,
    amountFen: buy.amountFen + write.amountFenDelta,
    items: result.items.map((i) => ({
      id: i.id,
      allocatedQty: i.allocatedQty,
      waitlistedQty: i.waitlistedQty,
    })),
  };
  const places = await queuePlaces(tx, buy, result, loaded);
  const at = now.toISOString();
  for (let n = 0; n < result.outcomes.length; n++) {
    const outcome = result.outcomes[n]!;
    const i = pending[n]!;
    const r = requests[i]!;
    if (!outcome.ok) {
      results[i] = fail(outcome.error);
      continue;
    }
    const order = orderView(
      buy.id,
      outcome.order,
      labels.get(r.householdId) ?? r.householdLabel,
      meta,
      places.get(n),
    );
    const response = { statusCode: outcome.created ? 201 : 200, body: { order } } as const;
    results[i] = {
      ok: true,
      value: { statusCode: response.statusCode, body: response.body, replayed: false },
    };
    if (r.idempotency && r.hash)
      keys.push({
        ...r.idempotency,
        requestHash: r.hash,
        statusCode: response.statusCode,
        response,
      });
    if (!outcome.changed) continue;
    const type =
      r.change.kind === 'cancel' ? 'order.cancelled' : outcome.created ? 'order.placed' : 'order.updated';
    // The order as the batch leaves it (a later request or a promotion in the batch may change it again)
    // travels with the event, so the notifier need not read it back after the commit, and its 接龙 line
    // goes out with it, so open buy pages patch their list rather than fetch it again.
    const after = final.get(outcome.order.id) ?? outcome.order;
    const label = order.householdLabel;
    events.push(
      withOrderFacts(
        {
          type,
          communityId: buy.communityId,
          buyId: buy.id,
          orderId: outcome.order.id,
          byMemberId: r.placedBy,
          listEntry: lineOf(after, label),
          counters,
          at,
        },
        orderEventFactsIn(facts, after, label),
      ),
    );
  }
  // A promotion's 接龙 line and the counters go out with it too: an open page patches the promoted household's
  // line (and counts its own place again from the list) instead of fetching the buy, the list and its order.
  const promotedLabels = await labelsOf(
    tx,
    result.promotions.map((p) => final.get(p.orderId)?.householdId ?? ''),
    labels,
  );
  for (const p of result.promotions) {
    const after = final.get(p.orderId);
    const label = after && promotedLabels.get(after.householdId);
    events.push({
      type: 'order.promoted',
      communityId: buy.communityId,
      buyId: buy.id,
      ...p,
      ...(after && label !== undefined ? { listEntry: lineOf(after, label), counters } : {}),
      at,
    });
  }
  // 成团: the batch that takes the buy to its threshold says so (the whole compound is told once: notify.ts).
  if (reachedThreshold({ threshold: buy, items: buy.items }, { threshold: buy, items: result.items }))
    events.push({ type: 'buy.threshold_met', communityId: buy.communityId, buyId: buy.id, at });
  // The writes are independent of each other: sent together where the database queues them.
  await together(
    tx,
    () => tx.saveAllocation(buy.id, write),
    () => auditOrderChanges(tx, buy.id, result, loaded, requests, pending, now),
    () =>
      tx.saveIdempotency(
        keys.map(({ scope, key, requestHash, statusCode, response }) => ({
          scope,
          key,
          requestHash,
          statusCode,
          response,
        })),
      ),
  );
}

const NO_PLACE: QueuePlace = new Map();

/** The household labels of these households: the batch's writers' as known, the others' read (one statement). */
async function labelsOf(
  tx: BuyTx,
  householdIds: readonly string[],
  known: ReadonlyMap<string, string>,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const asked = new Set<string>();
  for (const id of householdIds) {
    const label = known.get(id);
    if (label !== undefined) out.set(id, label);
    else if (id !== '') asked.add(id);
  }
  if (asked.size > 0) for (const h of await tx.findHouseholds([...asked])) out.set(h.id, h.label);
  return out;
}

/**
 * The place in the queue of each answered order left waiting (by outcome index), as the batch leaves the queue
 * (queue-place.ts). A new order's needs no read (it comes after every stored one); an edited one's asks the
 * transaction what waited before it (one statement, and only when an edit leaves an order waiting).
 */
async function queuePlaces(
  tx: BuyTx,
  buy: BuyWithItems,
  result: Extract<BatchResult, { kind: 'done' }>,
  before: ReadonlyMap<string, LoadedOrder>,
): Promise<Map<number, QueuePlace>> {
  const places = new Map<number, QueuePlace>();
  const indexes: number[] = [];
  const orders: AllocOrder[] = [];
  for (let n = 0; n < result.outcomes.length; n++) {
    const outcome = result.outcomes[n]!;
    if (!outcome.ok || outcome.order.status === 'cancelled') continue;
    if (!outcome.order.lines.some((l) => l.waitlistedQty > 0)) continue;
    indexes.push(n);
    orders.push(outcome.order);
  }
  if (orders.length === 0) return places;
  const itemWaiting = new Map<string, number>();
  for (const i of buy.items) itemWaiting.set(i.id, i.waitlistedQty);
  const { stored, places: of } = batchPlaces({
    orders,
    changed: result.changedOrders,
    before,
    nextSeq: buy.nextSeq,
    itemWaiting,
  });
  const found = of(stored.length > 0 ? await tx.waitingBefore(buy.id, stored) : []);
  for (let k = 0; k < indexes.length; k++) places.set(indexes[k]!, found[k]!);
  return places;
}

/**
 * Audit trail (money context, issue #4): one event per changed order (placed, updated, cancelled, promoted),
 * appended to the buy's hash chain inside this transaction with ONE statement for the whole batch.
 */
async function auditOrderChanges(
  tx: BuyTx,
  buyId: string,
  result: Extract<BatchResult, { kind: 'done' }>,
  before: ReadonlyMap<string, LoadedOrder>,
  requests: readonly (Authorized | null)[],
  pending: readonly number[],
  now: Date,
) {
  const actors = new Map<string, string | null>();
  for (const i of pending) actors.set(requests[i]!.householdId, requests[i]!.placedBy);
  await tx.appendAudit(buyId, orderAuditDrafts(result.changedOrders, before, actors, now));
}

function allocationWrite(
  result: Extract<BatchResult, { kind: 'done' }>,
  before: ReadonlyMap<string, LoadedOrder>,
  meta: ReadonlyMap<string, { note: string | null; placedBy: string | null }>,
): AllocationWrite {
  let liveOrdersDelta = 0;
  let amountFenDelta = 0;
  const droppedLines: AllocationWrite['droppedLines'] = [];
  for (const o of result.changedOrders) {
    const old = before.get(o.id);
    const live = o.status !== 'cancelled';
    liveOrdersDelta += (live ? 1 : 0) - (old ? 1 : 0);
    amountFenDelta += (live ? o.amountFen : 0) - (old?.amountFen ?? 0);
    for (const line of old?.lines ?? [])
      if (!o.lines.some((l) => l.itemId === line.itemId))
        droppedLines.push({ orderId: o.id, itemId: line.itemId });
  }
  const changed = new Set(result.changedItemIds);
  return {
    items: result.items.filter((i) => changed.has(i.id)),
    orders: result.changedOrders.map((o) => {
      const m = meta.get(o.id);
      const write: OrderWrite = loadedOrder(o, m?.note ?? null, m?.placedBy ?? null);
      write.isNew = !before.has(o.id);
      return write;
    }),
    droppedLines,
    nextSeq: result.nextSeq,
    liveOrdersDelta,
    amountFenDelta,
  };
}

/**
 * An order with its note and author, spelled out rather than spread: one shape for every order of a rush (the
 * batch's writes and the order journal's book).
 */
export function loadedOrder(o: AllocOrder, note: string | null, placedBy: string | null): LoadedOrder {
  return {
    id: o.id,
    householdId: o.householdId,
    seq: o.seq,
    status: o.status,
    amountFen: o.amountFen,
    lines: o.lines,
    note,
    placedBy,
  };
}

function orderView(
  buyId: string,
  o: AllocOrder,
  label: string,
  meta: ReadonlyMap<string, { note: string | null }>,
  place: QueuePlace | undefined,
): OrderView {
  return {
    id: o.id,
    buyId,
    seq: o.seq,
    householdId: o.householdId,
    householdLabel: label,
    status: o.status,
    lines: linesWithPlace(o.lines, place ?? NO_PLACE),
    amountFen: o.amountFen,
    note: meta.get(o.id)?.note ?? null,
  };
}
