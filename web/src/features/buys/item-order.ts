/**
 * An order's lines in the buy's item order, as its 接龙 line reads them: the server sends them in the order
 * they were written (from the buy's book) or as the database returns them.
 */
export function inItemOrder<L extends { itemId: string }>(
  items: readonly { id: string }[],
  lines: readonly L[],
): L[] {
  const at = new Map(items.map((i, n) => [i.id, n]));
  // An item no longer in the buy goes last.
  const position = (l: L) => at.get(l.itemId) ?? items.length;
  return [...lines].sort((a, b) => position(a) - position(b));
}
