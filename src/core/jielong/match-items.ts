/** Matching a line's words to a buy's items ("菜包" → 蔬菜包, "纯牛奶" → 牛奶, "橙" → 橙子). Pure. */
import type { ParsedEntry, UnparsedReason } from './parse-jielong.ts';

export type ItemMatch = { kind: 'match'; index: number } | { kind: 'ambiguous' } | { kind: 'none' };

/** Below this a word does not name an item (a shared character is not enough). */
const MIN_SCORE = 40;

function longestCommonRun(a: string, b: string): number {
  let best = 0;
  for (let i = 0; i < a.length; i++)
    for (let j = 0; j < b.length; j++) {
      let k = 0;
      while (i + k < a.length && j + k < b.length && a[i + k] === b[j + k]) k++;
      if (k > best) best = k;
    }
  return best;
}

function isSubsequence(word: string, name: string): boolean {
  let j = 0;
  for (const ch of name) if (ch === word[j]) j++;
  return j === word.length;
}

/** How well a word names an item, 0–100: exact, contained, containing, shared run, characters in order. */
export function matchScore(word: string, name: string): number {
  const w = word.toLowerCase();
  const n = name.toLowerCase();
  if (w.length === 0 || n.length === 0) return 0;
  if (w === n) return 100;
  if (n.includes(w)) return 80 + (10 * w.length) / n.length;
  if (w.includes(n)) return 70 + (10 * n.length) / w.length;
  if (w.length >= 2 && isSubsequence(w, n)) return 60 + (10 * w.length) / n.length;
  const run = longestCommonRun(w, n);
  return run >= 2 ? 40 + (10 * run) / Math.max(w.length, n.length) : 0;
}

/** The item a word names; ambiguous when two items score the same best. */
export function matchItem(word: string, names: readonly string[]): ItemMatch {
  let best = -1;
  let bestScore = 0;
  let tie = false;
  names.forEach((name, index) => {
    const score = matchScore(word, name);
    if (score > bestScore) {
      best = index;
      bestScore = score;
      tie = false;
    } else if (score === bestScore && score > 0 && name !== names[best]) tie = true;
  });
  if (bestScore < MIN_SCORE) return { kind: 'none' };
  return tie ? { kind: 'ambiguous' } : { kind: 'match', index: best };
}

export interface ResolvedItem {
  /** Index into the buy's items. */
  index: number;
  qty: number;
}

export type Resolution =
  | { ok: true; items: ResolvedItem[]; note: string | null }
  | {
      ok: false;
      reason: Extract<UnparsedReason, 'unknown item' | 'ambiguous item' | 'no item named'>;
      word: string | null;
    };

function removeWord(note: string | null, word: string): string | null {
  if (note === null) return null;
  const s = note.replace(word, ' ').replace(/\s+/g, ' ').trim();
  return s.length > 0 ? s : null;
}

/**
 * Resolves an entry's words to the buy's items: each quantity's word must name one item; a word without a
 * quantity that names an item orders one of it; a quantity with no word, or a line with a room only, orders
 * the single item of a one-item buy. Quantities of the same item add up.
 */
export function resolveEntry(
  entry: Pick<ParsedEntry, 'items' | 'loose' | 'note' | 'action'>,
  names: readonly string[],
): Resolution {
  if (entry.action === 'cancel') return { ok: true, items: [], note: entry.note };
  const out: ResolvedItem[] = [];
  let note = entry.note;
  const only = names.length === 1 ? 0 : null;
  for (const item of entry.items) {
    if (item.word === null) {
      if (only === null) return { ok: false, reason: 'no item named', word: null };
      out.push({ index: only, qty: item.qty });
      continue;
    }
    const m = matchItem(item.word, names);
    if (m.kind === 'none') return { ok: false, reason: 'unknown item', word: item.word };
    if (m.kind === 'ambiguous') return { ok: false, reason: 'ambiguous item', word: item.word };
    out.push({ index: m.index, qty: item.qty });
  }
  for (const word of entry.loose) {
    const m = matchItem(word, names);
    // A loose word that is not an item is a name or a remark: it stays in the note.
    if (m.kind !== 'match' || matchScore(word, names[m.index]!) < 60) continue;
    out.push({ index: m.index, qty: 1 });
    note = removeWord(note, word);
  }
  if (out.length === 0) {
    if (only === null) return { ok: false, reason: 'no item named', word: null };
    out.push({ index: only, qty: 1 });
  }
  const merged = new Map<number, number>();
  for (const r of out) merged.set(r.index, (merged.get(r.index) ?? 0) + r.qty);
  return { ok: true, items: [...merged].map(([index, qty]) => ({ index, qty })), note };
}
