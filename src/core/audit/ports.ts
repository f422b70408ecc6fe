/** What reading and verifying the audit trail needs. Implemented in src/db/repos/audit-repo.ts. */
import type { AuditEvent, ChainHead } from './model.ts';

export interface AuditEventView extends AuditEvent {
  /** The acting member's display name (shown to leaders and admins only). */
  actorName: string | null;
  householdLabel: string | null;
}

export interface AuditRepo {
  /** A buy's events, newest first; with householdId, only buy-wide events and that household's. */
  listEvents(buyId: string, options: { householdId?: string; limit: number }): Promise<AuditEventView[]>;
  /** Every buy with a chain, with the head kept on its row. */
  chainedBuys(): Promise<{ buyId: string; head: ChainHead }[]>;
  /** One buy's events in seq order. */
  chainOf(buyId: string): Promise<AuditEvent[]>;
}
