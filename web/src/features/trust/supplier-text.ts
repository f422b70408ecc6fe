/** The register of suppliers' small decisions: a contact's phone number, a buy's supplier's standing. Pure. */
import type { BuyTrust } from './types.ts';

/** A piece of a contact: text, or a phone number to call (`tel` is its href). */
export type ContactPart = { text: string; tel?: string };

// A mobile (138 1234 5678), a number with its area code (021-6234 5678), a 400 line, or a Shanghai-style local
// number of 8 digits; +86 before any. A digit or a letter right before or after
// means it is part of something else (a licence number).
// No lookbehind: older iPhones' Safari cannot parse it.
const PHONE =
  /(^|[^\dA-Za-z])((?:\+?86[\s-]?)?(?:1[3-9]\d(?:[\s-]?\d){8}|0\d{2,3}[\s-]?\d{3,4}[\s-]?\d{4}|400(?:[\s-]?\d){7}|[2-9]\d{3}[\s-]?\d{4}))(?![\dA-Za-z])/;

/**
 * A contact split around its first phone number, so that number can be a `tel:` link: "张经理 138 1234 5678"
 * gives the name and the number (href tel:13812345678). An address alone is one piece without a number.
 */
export function contactParts(contact: string): ContactPart[] {
  const m = PHONE.exec(contact);
  if (!m) return [{ text: contact }];
  const start = m.index + m[1]!.length;
  const number = m[2]!;
  const parts: ContactPart[] = [];
  if (start > 0) parts.push({ text: contact.slice(0, start) });
  parts.push({ text: number, tel: `tel:${number.replace(/[^\d+]/g, '')}` });
  const rest = contact.slice(start + number.length);
  if (rest) parts.push({ text: rest });
  return parts;
}

/** How 放心买 speaks of a buy's supplier in the register: checked (and 保供), only registered, or not there. */
export type Standing = 'verifiedBaogong' | 'verified' | 'unverified' | 'absent';

export function supplierStanding(registered: NonNullable<BuyTrust['supplier']>['registered']): Standing {
  if (!registered) return 'absent';
  if (registered.verifiedAt === null) return 'unverified';
  return registered.baogong ? 'verifiedBaogong' : 'verified';
}

/** The register's entry of a typed name, compared as the server does (supplierKey: spaces, case, full width). */
export function findSupplier<S extends { name: string }>(entries: readonly S[], name: string): S | null {
  const key = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
  const wanted = key(name);
  if (wanted === '') return null;
  return entries.find((s) => key(s.name) === wanted) ?? null;
}
