import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { AUDIT_ENTITIES } from '../../core/audit/model.ts';

/**
 * The audit trail, one hash chain per buy (src/core/audit). Append-only: a trigger (custom migration
 * audit_append_only) refuses UPDATE and DELETE; the chain's head is kept on the buy row (buys.audit_seq,
 * buys.audit_head) so a truncated tail is detected too.
 *
 * No foreign keys, like domain_events: the trail records ids as they were and must never block (or cascade
 * from) a change to what it describes. They also cost: each checked reference is a lookup inside the join's
 * transaction, and the embedded database spent ~30 µs on each, three per audited order (issue #7).
 */
export const auditEvents = pgTable(
  'audit_events',
  {
    buyId: uuid('buy_id').notNull(),
    seq: integer('seq').notNull(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
    actorMemberId: uuid('actor_member_id'),
    householdId: uuid('household_id'),
    entity: text('entity', { enum: AUDIT_ENTITIES }).notNull(),
    entityId: uuid('entity_id').notNull(),
    action: text('action').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    prevHash: text('prev_hash'),
    hash: text('hash').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.buyId, t.seq] }),
    index('audit_events_household_idx').on(t.householdId, t.buyId),
    // No index on actor_member_id: no query looks events up by actor (the trail joins members by their id),
    // and every order change in a rush paid for its upkeep.
  ],
);
