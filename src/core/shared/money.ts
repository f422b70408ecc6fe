/** Money is always an integer number of fen (分). These helpers keep it that way. */
export type Fen = number;

export const MAX_PRICE_FEN = 100_000_000;

/** Throws on anything that is not a safe integer: a float in money is a bug, not a rounding problem. */
export function assertFen(value: number): Fen {
  if (!Number.isSafeInteger(value)) throw new RangeError(`money must be integer fen, got ${value}`);
  return value;
}

/** price × quantity, checked. */
export function lineAmountFen(priceFen: Fen, qty: number): Fen {
  return assertFen(priceFen * qty);
}

export function sumFen(values: readonly Fen[]): Fen {
  let total = 0;
  for (const v of values) total += v;
  return assertFen(total);
}

/** "¥25.00" style rendering for exports and plain text (the web formats with Intl). */
export function formatYuan(fen: Fen): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}¥${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
