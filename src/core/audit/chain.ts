/** The hash chain of a buy's audit events. Pure (node:crypto only). */
import { createHash } from 'node:crypto';
import type { AuditDraft, AuditEvent, AuditJson, ChainHead } from './model.ts';

/** JSON with object keys sorted at every level, so the same value always hashes the same. */
export function canonicalJson(value: AuditJson | null): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] ?? null)}`).join(',')}}`;
}

/** The hash of an event: sha256 over its canonical fields and the previous event's hash. */
export function auditHash(e: Omit<AuditEvent, 'hash'>): string {
  const fields: AuditJson = [
    e.buyId,
    e.seq,
    e.at.toISOString(),
    e.actorMemberId,
    e.householdId,
    e.entity,
    e.entityId,
    e.action,
    canonicalJson(e.before),
    canonicalJson(e.after),
    e.prevHash,
  ];
  return createHash('sha256').update(canonicalJson(fields)).digest('hex');
}

/** Links drafts onto a chain's head: the events to store and the new head. */
export function chainEvents(
  buyId: string,
  head: ChainHead,
  drafts: readonly AuditDraft[],
): { events: AuditEvent[]; head: ChainHead } {
  let { seq, hash } = head;
  const events = drafts.map((d) => {
    seq += 1;
    const event = { ...d, buyId, seq, prevHash: hash };
    hash = auditHash(event);
    return { ...event, hash };
  });
  return { events, head: { seq, hash } };
}

export interface ChainBreak {
  buyId: string;
  seq: number;
  reason: 'gap' | 'prev_hash_mismatch' | 'hash_mismatch' | 'head_mismatch';
}

/**
 * Checks one buy's events (in seq order) against each other and against the head kept on the buy: the first
 * break, or null when the chain is intact. A deleted or rewritten event, or a truncated tail, breaks it.
 */
export function verifyChain(
  buyId: string,
  events: readonly AuditEvent[],
  head: ChainHead,
): ChainBreak | null {
  let prev: string | null = null;
  let expected = 1;
  for (const e of events) {
    if (e.seq !== expected) return { buyId, seq: expected, reason: 'gap' };
    if (e.prevHash !== prev) return { buyId, seq: e.seq, reason: 'prev_hash_mismatch' };
    if (auditHash(e) !== e.hash) return { buyId, seq: e.seq, reason: 'hash_mismatch' };
    prev = e.hash;
    expected += 1;
  }
  if (head.seq !== events.length || head.hash !== prev)
    return { buyId, seq: Math.max(head.seq, events.length), reason: 'head_mismatch' };
  return null;
}
