/** The review screen's state: what the leader keeps or fixes per line, and the entries that get committed. */
import type { CommitEntry, ImportPreview, ReviewLine } from './types.ts';

export interface Draft {
  include: boolean;
  /** The household label typed or picked ("3-502"). */
  label: string;
  /** Quantity per item id (0: none). */
  qty: Record<string, number>;
  action: 'add' | 'cancel';
}

export type DraftProblem = 'household' | 'qty' | null;

function qtyOf(line: ReviewLine, itemIds: readonly string[]): Record<string, number> {
  const qty: Record<string, number> = Object.fromEntries(itemIds.map((id) => [id, 0]));
  for (const l of line.items) qty[l.itemId] = (qty[l.itemId] ?? 0) + l.qty;
  return qty;
}

/** Understood lines are kept; unsure ones wait for the leader (a cancellation too: it must be confirmed). */
export function initialDrafts(preview: ImportPreview, itemIds: readonly string[]): Record<number, Draft> {
  const drafts: Record<number, Draft> = {};
  for (const line of preview.lines) {
    if (line.status !== 'understood' && line.status !== 'unsure') continue;
    drafts[line.line] = {
      include: line.status === 'understood',
      label: line.label ?? '',
      qty: qtyOf(line, itemIds),
      action: line.action,
    };
  }
  return drafts;
}

/** What stops a kept line from being committed: no such household, or no quantity. */
export function draftProblem(draft: Draft, households: ReadonlyMap<string, { id: string }>): DraftProblem {
  if (!households.has(normalizeLabel(draft.label))) return 'household';
  if (draft.action === 'add' && !Object.values(draft.qty).some((q) => q > 0)) return 'qty';
  return null;
}

/** "３－５０２ " → "3-502", "a-101" → "A-101". */
export function normalizeLabel(label: string): string {
  return label
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/\s+/g, '')
    .toUpperCase();
}

/**
 * The entries to commit, in list order: kept lines without problems; when one household is kept on two
 * lines, the later line wins (it is what the list says last).
 */
export function buildEntries(
  preview: ImportPreview,
  drafts: Record<number, Draft>,
  households: ReadonlyMap<string, { id: string }>,
): CommitEntry[] {
  const byHousehold = new Map<string, CommitEntry>();
  for (const line of preview.lines) {
    const d = drafts[line.line];
    if (!d || !d.include || draftProblem(d, households) !== null) continue;
    const householdId = households.get(normalizeLabel(d.label))!.id;
    byHousehold.delete(householdId);
    byHousehold.set(householdId, {
      line: line.line,
      householdId,
      action: d.action,
      items:
        d.action === 'cancel'
          ? []
          : Object.entries(d.qty)
              .filter(([, q]) => q > 0)
              .map(([itemId, qty]) => ({ itemId, qty })),
      ...(d.action === 'add' && line.note ? { note: line.note } : {}),
      text: line.text.slice(0, 500),
    });
  }
  return [...byHousehold.values()].sort((a, b) => a.line - b.line);
}
