/** The leader's "who has not paid" message, to paste into the compound's WeChat group. Pure. */

/**
 * One line per household, in the order given (the reconciliation's, by label), each with what it still owes:
 * households are named by their label only, as everywhere in public.
 */
export function unpaidListText(
  rows: readonly { householdLabel: string; dueFen: number }[],
  money: (fen: number) => string,
  words: { head: string; tail: string },
): string {
  return [words.head, ...rows.map((r) => `${r.householdLabel} ${money(r.dueFen)}`), words.tail].join('\n');
}
