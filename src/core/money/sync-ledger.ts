/**
 * The sync: brings a buy's ledger in line with what its households owe now (order amounts + adjustments),
 * by appending charge transactions for the differences. Idempotent and crash-safe: it recomputes from the
 * order state under the buy's lock, so running it twice (or after a crash) converges. Never on the join path:
 * it runs after the buy closes and on every later change (src/realtime/ledger-syncer.ts), and when a page
 * reads the ledger and finds it stale.
 */
import type { DomainEvent } from '../shared/events.ts';
import { transactionWithEvents } from '../shared/ports.ts';
import type { AuditDraft } from '../audit/model.ts';
import {
  chargedByHousehold,
  householdPositions,
  owedByHousehold,
  SETTLED_BY_LEDGER,
  syncTransactions,
  type Entry,
} from './ledger-fns.ts';
import type { LedgerTxn } from './model.ts';
import type { ChargeState, MoneyBuy, MoneyDeps, MoneyTx } from './ports.ts';

/** The charge transactions the ledger lacks (empty when in sync, or while the list is open). */
export function missingCharges(
  buy: Pick<MoneyBuy, 'status' | 'leaderFeeFen'>,
  state: ChargeState,
): LedgerTxn[] {
  if (!SETTLED_BY_LEDGER.includes(buy.status)) return [];
  return syncTransactions(
    chargedByHousehold(state.entries),
    owedByHousehold(buy.status, buy.leaderFeeFen, state.orders, state.adjustments),
  );
}

const refundDue = (entries: readonly Entry[]) =>
  new Map(householdPositions(entries).map((p) => [p.householdId, p.refundDueFen]));

/**
 * Inside a transaction holding the buy's lock: posts the missing charges, audits them, and returns the events
 * (refund.due for households now owed more back, money.updated).
 */
export async function syncInTx(deps: Pick<MoneyDeps, 'clock' | 'ids'>, tx: MoneyTx, buy: MoneyBuy) {
  const state = await tx.chargeState(buy.id);
  const txns = missingCharges(buy, state);
  if (txns.length === 0) return [];
  const now = deps.clock.now();
  await tx.post(buy.id, txns, null, now);
  const audit: AuditDraft[] = txns.map((t) => {
    const receivable = t.legs.find((l) => l.account === 'receivable')!;
    return {
      entity: 'ledger',
      entityId: deps.ids.id(),
      action: receivable.amountFen > 0 ? 'charged' : 'charge_reduced',
      actorMemberId: null,
      householdId: receivable.householdId,
      before: null,
      after: {
        amountFen: receivable.amountFen,
        legs: t.legs.map((l) => ({ account: l.account, amountFen: l.amountFen })),
      },
      at: now,
    };
  });
  await tx.appendAudit(buy.id, audit);
  const before = refundDue(state.entries);
  const after = refundDue([
    ...state.entries,
    ...txns.flatMap((t) => t.legs.map((l) => ({ ...l, kind: t.kind }))),
  ]);
  const stamp = { communityId: buy.communityId, buyId: buy.id, at: now.toISOString() };
  const events: DomainEvent[] = [];
  for (const [householdId, due] of after)
    if (due > (before.get(householdId) ?? 0))
      events.push({ type: 'refund.due', ...stamp, householdId, amountFen: due });
  events.push({ type: 'money.updated', ...stamp });
  return events;
}

/** Syncs a buy if its ledger is stale; true when it wrote anything. Cheap when in sync (three reads). */
export async function syncLedger(deps: MoneyDeps, buyId: string): Promise<boolean> {
  const buy = await deps.repo.findBuy(buyId);
  if (!buy || !SETTLED_BY_LEDGER.includes(buy.status)) return false;
  if (missingCharges(buy, await deps.repo.chargeState(buyId)).length === 0) return false;
  // The events are stored with the commit: a crash just after it cannot lose the households' refund notices.
  const { events } = await transactionWithEvents(deps.repo, deps.events, async (tx) => {
    const locked = await tx.lockBuy(buyId);
    return { events: locked ? await syncInTx(deps, tx, locked) : [] };
  });
  return events.length > 0;
}
