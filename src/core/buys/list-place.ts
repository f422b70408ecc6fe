/**
 * A waiting household's place counted from the public 接龙 list a buy page holds. The list's lines say what waits
 * on them: a `waitlisted` line waits for all its items' quantity, and an `active` line's item carries
 * `waitlistedQty` when part of it waits (a join that met the last of the stock, or an increase that found none).
 * So the quantity of an item waiting ahead of my line is a sum over the lines before it. That is the order's
 * `waitingAhead` (queue-place.ts) as of the list the page shows, and the page keeps that list current from the
 * events' lines: my place follows every change ahead of me with no request. Pure; the web app uses it.
 */

/** A 接龙 line as the list and the events carry it (events.ts ListEntryChange, views.ts JielongEntry). */
export interface PlacedLine {
  seq: number;
  householdLabel: string;
  status: 'active' | 'waitlisted' | 'cancelled';
  items: readonly { name: string; qty: number; waitlistedQty?: number }[];
}

/** How much of the named item waits on a line of the list. */
export function waitingOnLine(line: PlacedLine, name: string): number {
  if (line.status === 'cancelled') return 0;
  for (const i of line.items)
    if (i.name === name) return line.status === 'waitlisted' ? i.qty : (i.waitlistedQty ?? 0);
  return 0;
}

/**
 * What waits ahead of each waiting line of my order, by item id, counted from the list (`entries`, in seq
 * order). Null when the list cannot tell: it does not hold my order's line at its seq yet (my join's event has
 * not arrived; until it does, the lines ahead may be missing too), or an item's name is not the buy's only item
 * of that name (the list names items, the order gives ids).
 */
export function placeInList(
  entries: readonly PlacedLine[],
  mine: {
    seq: number;
    householdLabel: string;
    lines: readonly { itemId: string; waitlistedQty: number }[];
  },
  items: readonly { id: string; name: string }[],
): Map<string, number> | null {
  const asked = new Map<string, string>(); // item name → id, for my waiting lines
  for (const l of mine.lines) {
    if (l.waitlistedQty <= 0) continue;
    const named = items.filter((i) => i.id === l.itemId);
    if (named.length !== 1) return null;
    const name = named[0]!.name;
    if (items.some((i) => i.name === name && i.id !== l.itemId)) return null;
    asked.set(name, l.itemId);
  }
  const place = new Map<string, number>();
  for (const id of asked.values()) place.set(id, 0);
  for (const e of entries) {
    if (e.seq >= mine.seq) {
      return e.seq === mine.seq && e.householdLabel === mine.householdLabel ? place : null;
    }
    if (e.status === 'active' && !e.items.some((i) => i.waitlistedQty)) continue;
    for (const [name, id] of asked) place.set(id, place.get(id)! + waitingOnLine(e, name));
  }
  return null;
}
