/**
 * How an order journal row keeps its batch's audit drafts (db/repos/order-journal.ts). Pure.
 *
 * An order batch's drafts say again what its written orders say: one draft per changed order, whose `after`
 * is the order as written (status, amount, lines), about the order's household, most often by the member who
 * placed it, all at the batch's time. Journaled in full they were about half of a rush's journal row (~430
 * of ~900 bytes per join). Packed, such a draft keeps only what the order does not say: its order's place in
 * the row's written orders, its action, its actor when that is not the order's `placedBy`, and its `before`
 * when there was one. A draft that does not match its order exactly (or is about anything else) is kept whole;
 * unpacking gives back drafts equal to those packed, whatever they were.
 */
import type { AuditDraft, AuditJson } from '../../core/audit/model.ts';
import { orderSnapshot, type AuditedOrder } from '../../core/audit/order-audit.ts';

/** A draft told by its order (`o`: its index in the row's written orders). */
interface PackedDraft {
  o: number;
  a: string;
  /** The actor, when it is not the order's `placedBy` (null: the system). */
  m?: string | null;
  /** `before`, when not null. */
  b?: AuditJson;
}

/** A draft kept whole, `at` as an ISO string. */
type WholeDraft = Omit<AuditDraft, 'at'> & { at: string };

/** The drafts of one journal row: `at` is the time of the packed ones. */
export interface PackedDrafts {
  at: string;
  packed: (PackedDraft | WholeDraft)[];
}

/** An order as the journal writes it: what its draft's `after` says, and who placed it. */
export type JournaledOrder = AuditedOrder & { placedBy: string | null };

/** Whether `after` is exactly the snapshot the trail takes of `o` (orderSnapshot), field for field. */
function isSnapshotOf(after: AuditJson | null, o: AuditedOrder): boolean {
  if (after === null || typeof after !== 'object' || Array.isArray(after)) return false;
  const lines = after.lines;
  if (Object.keys(after).length !== 3 || after.status !== o.status || after.amountFen !== o.amountFen)
    return false;
  if (!Array.isArray(lines) || lines.length !== o.lines.length) return false;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const w = o.lines[i]!;
    if (l === null || typeof l !== 'object' || Array.isArray(l) || Object.keys(l).length !== 4) return false;
    if (l.itemId !== w.itemId || l.qty !== w.qty || l.allocatedQty !== w.allocatedQty) return false;
    if (l.waitlistedQty !== w.waitlistedQty) return false;
  }
  return true;
}

/** A draft kept whole (rare: a draft its order does not tell), `at` as JSON keeps it. */
const whole = (d: AuditDraft): WholeDraft => ({ ...d, at: d.at.toISOString() });

/** Packs a batch's drafts against the orders its journal row writes. */
export function packDrafts(drafts: readonly AuditDraft[], orders: readonly JournaledOrder[]): PackedDrafts {
  const at = drafts[0]?.at.getTime() ?? 0;
  let byId: Map<string, number> | null = null;
  const packed: PackedDrafts['packed'] = [];
  for (let i = 0; i < drafts.length; i++) {
    const d = drafts[i]!;
    // A batch's drafts follow its orders one for one; any other draft is looked up by id.
    let o = orders[i]?.id === d.entityId ? i : -1;
    if (o < 0 && d.entity === 'order') {
      byId ??= new Map(orders.map((w, n) => [w.id, n]));
      o = byId.get(d.entityId) ?? -1;
    }
    const order = orders[o];
    if (
      !order ||
      d.entity !== 'order' ||
      d.at.getTime() !== at ||
      d.householdId !== order.householdId ||
      !isSnapshotOf(d.after, order)
    ) {
      packed.push(whole(d));
      continue;
    }
    const p: PackedDraft = { o, a: d.action };
    if (d.actorMemberId !== order.placedBy) p.m = d.actorMemberId;
    if (d.before !== null) p.b = d.before;
    packed.push(p);
  }
  return { at: new Date(at).toISOString(), packed };
}

/** The drafts packed against these orders (the same row's written orders), as they were. */
export function unpackDrafts(drafts: PackedDrafts, orders: readonly JournaledOrder[]): AuditDraft[] {
  const at = new Date(drafts.at);
  return drafts.packed.map((p): AuditDraft => {
    if (!('o' in p)) return { ...p, at: new Date(p.at) };
    const order = orders[p.o];
    if (!order) throw new Error(`a journaled audit draft names order ${p.o} of ${orders.length}`);
    return {
      entity: 'order',
      entityId: order.id,
      action: p.a,
      actorMemberId: p.m === undefined ? order.placedBy : p.m,
      householdId: order.householdId,
      before: p.b ?? null,
      after: orderSnapshot(order),
      at,
    };
  });
}
