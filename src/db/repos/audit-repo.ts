import { sql } from 'drizzle-orm';
import type { Executor, Db } from '../client.ts';
import { chainEvents } from '../../core/audit/chain.ts';
import type { AuditDraft, AuditEvent, AuditJson, ChainHead } from '../../core/audit/model.ts';
import type { AuditRepo } from '../../core/audit/ports.ts';
import { rows } from './raw-sql.ts';

/** The head of a buy's chain, read from its (already locked) row. */
export async function readChainHead(db: Executor, buyId: string): Promise<ChainHead> {
  const [r] = await rows<{ audit_seq: number; audit_head: string | null }>(
    db,
    sql`SELECT audit_seq, audit_head FROM buys WHERE id = ${buyId}`,
  );
  return { seq: Number(r?.audit_seq ?? 0), hash: r?.audit_head ?? null };
}

/**
 * Appends events to a buy's chain in ONE statement (the rows and the new head on the buy row). The caller holds
 * the buy's row lock, which serialises the chain; `head` is what it read when it locked the buy.
 */
export async function appendAuditEvents(
  db: Executor,
  buyId: string,
  head: ChainHead,
  drafts: readonly AuditDraft[],
): Promise<ChainHead> {
  if (drafts.length === 0) return head;
  const chained = chainedAudit(buyId, head, drafts);
  await insertChainedAudit(db, buyId, chained);
  return chained.head;
}

/** Events chained onto a head, as the rows to insert (one JSON array) and the new head. */
export interface ChainedAudit {
  rows: unknown[];
  head: ChainHead;
}

/** Hashes the drafts onto the chain after `head` (no statement: the order journal stores the result). */
export function chainedAudit(buyId: string, head: ChainHead, drafts: readonly AuditDraft[]): ChainedAudit {
  const chained = chainEvents(buyId, head, drafts);
  return {
    rows: chained.events.map((e) => ({
      s: e.seq,
      at: e.at.toISOString(),
      ac: e.actorMemberId,
      h: e.householdId,
      en: e.entity,
      ei: e.entityId,
      a: e.action,
      b: e.before,
      af: e.after,
      p: e.prevHash,
      x: e.hash,
    })),
    head: chained.head,
  };
}

/** Inserts chained events and moves the buy's head, in ONE statement (the caller holds the buy's lock). */
export async function insertChainedAudit(db: Executor, buyId: string, chained: ChainedAudit): Promise<void> {
  if (chained.rows.length === 0) return;
  await db.execute(sql`WITH ins AS (
      INSERT INTO audit_events (buy_id, seq, at, actor_member_id, household_id, entity, entity_id, action, before, after, prev_hash, hash)
      SELECT ${buyId}::uuid, v.s, v.at, v.ac, v.h, v.en, v.ei, v.a, v.b, v.af, v.p, v.x
      FROM jsonb_to_recordset(${JSON.stringify(chained.rows)}::jsonb) AS v(s integer, at timestamptz, ac uuid, h uuid, en text, ei uuid, a text, b jsonb, af jsonb, p text, x text))
    UPDATE buys SET audit_seq = ${chained.head.seq}, audit_head = ${chained.head.hash} WHERE id = ${buyId}`);
}

interface EventRow {
  buy_id: string;
  seq: number;
  at: string | Date;
  actor_member_id: string | null;
  household_id: string | null;
  entity: AuditEvent['entity'];
  entity_id: string;
  action: string;
  before: AuditJson | string | null;
  after: AuditJson | string | null;
  prev_hash: string | null;
  hash: string;
  actor_name?: string | null;
  household_label?: string | null;
}

const json = (v: AuditJson | string | null): AuditJson | null =>
  typeof v === 'string' ? (JSON.parse(v) as AuditJson) : v;

function toEvent(r: EventRow): AuditEvent {
  return {
    buyId: r.buy_id,
    seq: Number(r.seq),
    at: new Date(r.at),
    actorMemberId: r.actor_member_id,
    householdId: r.household_id,
    entity: r.entity,
    entityId: r.entity_id,
    action: r.action,
    before: json(r.before),
    after: json(r.after),
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** Reading and verifying the trail. */
export function createAuditRepo(db: Db): AuditRepo {
  return {
    async listEvents(buyId, options) {
      const list = await rows<EventRow>(
        db,
        sql`SELECT e.*, u.display_name AS actor_name, h.label AS household_label
          FROM audit_events e
          LEFT JOIN members m ON m.id = e.actor_member_id
          LEFT JOIN users u ON u.id = m.user_id
          LEFT JOIN households h ON h.id = e.household_id
          WHERE e.buy_id = ${buyId}
            ${options.householdId !== undefined ? sql`AND (e.household_id IS NULL OR e.household_id = ${options.householdId})` : sql``}
          ORDER BY e.seq DESC LIMIT ${options.limit}`,
      );
      return list.map((r) => ({
        ...toEvent(r),
        actorName: r.actor_name ?? null,
        householdLabel: r.household_label ?? null,
      }));
    },

    async chainedBuys() {
      const list = await rows<{ id: string; audit_seq: number; audit_head: string | null }>(
        db,
        sql`SELECT id, audit_seq, audit_head FROM buys
          WHERE audit_seq > 0 OR EXISTS (SELECT 1 FROM audit_events e WHERE e.buy_id = buys.id)
          ORDER BY created_at, id`,
      );
      return list.map((r) => ({ buyId: r.id, head: { seq: Number(r.audit_seq), hash: r.audit_head } }));
    },

    async chainOf(buyId) {
      return (
        await rows<EventRow>(db, sql`SELECT * FROM audit_events WHERE buy_id = ${buyId} ORDER BY seq`)
      ).map(toEvent);
    },
  };
}
