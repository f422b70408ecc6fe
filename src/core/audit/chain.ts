/** The hash chain of a buy's audit events. Pure (node:crypto only). */
import { hash as digest } from 'node:crypto';
import type { AuditDraft, AuditEvent, AuditJson, ChainHead } from './model.ts';

/**
 * JSON with object keys sorted at every level, so the same value always hashes the same. Built by
 * concatenation (every changed order of a rush is hashed: the map/join version was a tenth of the order
 * batch's time on the server's thread); the output is exactly the first version's, which a property test
 * checks, so stored chains keep verifying.
 */
export function canonicalJson(value: AuditJson | null): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      // As Array.prototype.join: an element JSON cannot write (undefined) leaves an empty slot.
      out += canonicalJson(value[i]!) ?? '';
    }
    return out + ']';
  }
  const keys = Object.keys(value);
  if (keys.length > 1) keys.sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (i > 0) out += ',';
    out += JSON.stringify(k) + ':' + canonicalJson(value[k] ?? null);
  }
  return out + '}';
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
  // crypto.hash: the one-shot digest, about twice as fast as createHash for inputs this small.
  return digest('sha256', canonicalJson(fields), 'hex');
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
