/** Sorting a parsed 接龙 into what a leader reviews: understood, unsure (and why), unreadable, done. Pure. */
import { resolveEntry } from './match-items.ts';
import type { ParsedEntry, ParsedList, UnparsedReason } from './parse-jielong.ts';
import type { CompoundHousehold, ImportLine, ImportRecord } from './ports.ts';

export const REVIEW_REASONS = [
  'unknown_household',
  'household_not_verified',
  'unknown_item',
  'ambiguous_item',
  'no_item_named',
  'qty_over_max',
  'duplicate_in_list',
  'already_ordered',
  'changed_qty',
  'cancel_needs_confirm',
  'cancelled_later_in_list',
  'no_room_number',
  'not_an_order',
  'several_rooms',
] as const;
export type ReviewReason = (typeof REVIEW_REASONS)[number];
export type ReviewStatus = 'understood' | 'unsure' | 'unreadable' | 'done';

export interface ReviewLine {
  line: number;
  text: string;
  status: ReviewStatus;
  reasons: ReviewReason[];
  /** The room as the list wrote it, normalised ("3-502"), or null when there was none. */
  label: string | null;
  householdId: string | null;
  action: 'add' | 'cancel';
  /** What the line orders, as far as it was understood. */
  items: ImportLine[];
  note: string | null;
  /** The household's live order now (null: none), to show next to a conflict. */
  current: ImportLine[] | null;
}

export interface ReviewContext {
  items: { id: string; name: string; perHouseholdMax: number | null }[];
  households: ReadonlyMap<string, CompoundHousehold>;
  /** Live orders by household id. */
  orders: ReadonlyMap<string, ImportLine[]>;
  /** The last import of each household. */
  imports: ReadonlyMap<string, ImportRecord>;
}

const REASON_OF: Record<UnparsedReason, ReviewReason> = {
  'no room number': 'no_room_number',
  'not an order': 'not_an_order',
  'several rooms': 'several_rooms',
  'unknown item': 'unknown_item',
  'ambiguous item': 'ambiguous_item',
  'no item named': 'no_item_named',
};

/** Order lines compared regardless of their order (and of zero quantities). */
export function sameLines(a: readonly ImportLine[], b: readonly ImportLine[]): boolean {
  const key = (l: readonly ImportLine[]) =>
    l
      .filter((x) => x.qty > 0)
      .map((x) => `${x.itemId}:${x.qty}`)
      .sort()
      .join(',');
  return key(a) === key(b);
}

function reviewEntry(
  e: ParsedEntry,
  ctx: ReviewContext,
  seen: Set<string>,
  lastCancel: ReadonlyMap<string, number>,
): ReviewLine {
  const label = `${e.building}-${e.room}`;
  const household = ctx.households.get(label) ?? null;
  const reasons: ReviewReason[] = [];
  let items: ImportLine[] = [];
  let note = e.note;
  const resolved = resolveEntry(
    e,
    ctx.items.map((i) => i.name),
  );
  if (resolved.ok) {
    items = resolved.items.map((r) => ({ itemId: ctx.items[r.index]!.id, qty: r.qty }));
    note = resolved.note;
    for (const r of resolved.items) {
      const max = ctx.items[r.index]!.perHouseholdMax;
      if (max !== null && r.qty > max) reasons.push('qty_over_max');
    }
  } else reasons.push(REASON_OF[resolved.reason]);
  if (!household) reasons.push('unknown_household');
  else if (!household.verified) reasons.push('household_not_verified');
  const current = household ? (ctx.orders.get(household.id) ?? null) : null;
  const base = {
    line: e.line,
    text: e.text,
    label,
    householdId: household?.id ?? null,
    action: e.action,
    items,
    note,
    current,
  };
  // A second line for a household is unsure, except a cancellation (it is about the earlier line).
  const earlier = household !== null && seen.has(household.id);
  if (earlier && e.action !== 'cancel') reasons.push('duplicate_in_list');
  if (household) seen.add(household.id);
  // The very same line was imported before (perhaps after the leader fixed it): nothing new.
  const before = household ? ctx.imports.get(household.id) : undefined;
  if (before && before.sourceText === e.text && !earlier) return { ...base, status: 'done', reasons: [] };
  // "3-502 鸡蛋2" then later "3-502 取消": the earlier line is settled by the cancellation.
  const cancelledAt = household ? lastCancel.get(household.id) : undefined;
  if (e.action === 'add' && cancelledAt !== undefined && cancelledAt > e.line)
    return { ...base, status: 'done', reasons: ['cancelled_later_in_list'] };
  if (reasons.length > 0) return { ...base, status: 'unsure', reasons };
  const imported = ctx.imports.get(household!.id);
  if (e.action === 'cancel') {
    if (!current) return { ...base, status: 'done', reasons };
    return { ...base, status: 'unsure', reasons: ['cancel_needs_confirm'] };
  }
  if (imported?.action === 'add') {
    if (sameLines(imported.lines, items)) return { ...base, status: 'done', reasons };
    return { ...base, status: 'unsure', reasons: ['changed_qty'] };
  }
  if (current) {
    if (sameLines(current, items)) return { ...base, status: 'done', reasons };
    return { ...base, status: 'unsure', reasons: ['already_ordered'] };
  }
  return { ...base, status: 'understood', reasons };
}

/**
 * Each line of the list, in order: entries matched to a household of the compound and to the buy's items
 * are understood; anything the leader must decide is unsure with its reasons (no such room, which item, a
 * second line for the same household, a household that already ordered or whose quantity changed since the
 * last import, a cancellation); lines without a room are unreadable; lines already imported unchanged are done.
 */
export function reviewList(parsed: ParsedList, ctx: ReviewContext): ReviewLine[] {
  const seen = new Set<string>();
  // Households whose last line in the list is a cancellation, with that line.
  const last = new Map<string, ParsedEntry>();
  for (const e of parsed.entries) {
    const h = ctx.households.get(`${e.building}-${e.room}`);
    if (h) last.set(h.id, e);
  }
  const lastCancel = new Map(
    [...last].flatMap(([id, e]) => (e.action === 'cancel' ? [[id, e.line] as const] : [])),
  );
  const lines: ReviewLine[] = parsed.entries.map((e) => reviewEntry(e, ctx, seen, lastCancel));
  for (const u of parsed.unparsed)
    lines.push({
      line: u.line,
      text: u.text,
      status: 'unreadable',
      reasons: [REASON_OF[u.reason]],
      label: null,
      householdId: null,
      action: 'add',
      items: [],
      note: null,
      current: null,
    });
  return lines.sort((a, b) => a.line - b.line);
}
