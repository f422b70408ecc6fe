/** Audit events for order changes, built set-based from an order batch's before and after. Pure. */
import type { AuditDraft, AuditJson } from './model.ts';

/** The part of an order the trail records (structural, so audit does not depend on buys' types). */
export interface AuditedOrder {
  id: string;
  householdId: string;
  status: string;
  amountFen: number;
  lines: readonly { itemId: string; qty: number; allocatedQty: number; waitlistedQty: number }[];
}

/** What the trail records of an order (a draft's `before` and `after`). */
export function orderSnapshot(o: AuditedOrder): AuditJson {
  // (Loops rather than callbacks: this runs for every order of a rush's batches; "V8 and short-lived
  // closures", docs/benchmarks.md, sixteenth session.)
  const lines: AuditJson[] = [];
  for (const l of o.lines)
    lines.push({
      itemId: l.itemId,
      qty: l.qty,
      allocatedQty: l.allocatedQty,
      waitlistedQty: l.waitlistedQty,
    });
  return { status: o.status, amountFen: o.amountFen, lines };
}

/**
 * One event per changed order. `actors` maps a household to the member whose request changed its order;
 * an order changed by nobody's request was promoted from the waitlist (actor: the system).
 */
export function orderAuditDrafts(
  changed: readonly AuditedOrder[],
  before: ReadonlyMap<string, AuditedOrder>,
  actors: ReadonlyMap<string, string | null>,
  at: Date,
): AuditDraft[] {
  const drafts: AuditDraft[] = [];
  for (const o of changed) {
    const old = before.get(o.id) ?? null;
    const requested = actors.has(o.householdId);
    const action = !old
      ? 'placed'
      : o.status === 'cancelled'
        ? 'cancelled'
        : requested
          ? 'updated'
          : 'promoted';
    drafts.push({
      entity: 'order',
      entityId: o.id,
      action,
      actorMemberId: requested ? (actors.get(o.householdId) ?? null) : null,
      householdId: o.householdId,
      before: old ? orderSnapshot(old) : null,
      after: orderSnapshot(o),
      at,
    });
  }
  return drafts;
}
