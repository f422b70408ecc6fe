/**
 * The audit trail: every change to buys, orders, money and deliveries as an event with who, when and what (before/after).
 * Events of one buy form a hash chain (each carries the previous one's hash), so a silent rewrite is detected.
 * Its own context because buys (upstream) and money (downstream) both write to it: inside money, buys would
 * have to import money.
 */
export const AUDIT_ENTITIES = [
  'buy',
  'order',
  'ledger',
  'payment',
  'refund',
  'supplier_bill',
  'payment_qr',
  'package',
] as const;
export type AuditEntity = (typeof AUDIT_ENTITIES)[number];

/** JSON that survives a round trip through jsonb unchanged (integers, strings, booleans, null, arrays, objects). */
export type AuditJson = string | number | boolean | null | AuditJson[] | { [key: string]: AuditJson };

/** An event as a use-case describes it; seq and hashes are added when it is appended to its buy's chain. */
export interface AuditDraft {
  entity: AuditEntity;
  entityId: string;
  /** noun-less verb: "placed", "updated", "cancelled", "marked_paid", "confirmed" … */
  action: string;
  /** The member who acted; null for the system (a deadline close, a promotion from the waitlist). */
  actorMemberId: string | null;
  /** The household concerned, if any: households see their own events. */
  householdId: string | null;
  before: AuditJson | null;
  after: AuditJson | null;
  at: Date;
}

/** A stored event: a link in its buy's chain. */
export interface AuditEvent extends AuditDraft {
  buyId: string;
  /** 1, 2, 3 … per buy, without gaps. */
  seq: number;
  prevHash: string | null;
  hash: string;
}

/** The end of a buy's chain (kept on the buy row, read when the buy is locked). */
export interface ChainHead {
  seq: number;
  hash: string | null;
}
