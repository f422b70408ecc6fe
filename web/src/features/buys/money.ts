/** Money on the screens: integer fen in, "¥25.00" out, and typed yuan parsed back to fen without floats. */

/** The most a price field accepts (the server's MAX_PRICE_FEN: ¥1,000,000.00). */
export const MAX_PRICE_FEN = 100_000_000;

const formatters = new Map<string, Intl.NumberFormat>();

/** fen → "¥25.00" in the reader's locale (narrow symbol: "¥" in English too, never "CN¥"). */
export function formatFen(fen: number, locale: string): string {
  let f = formatters.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: 'CNY',
      currencyDisplay: 'narrowSymbol',
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    });
    formatters.set(locale, f);
  }
  // fen / 100 is exact to the cent for every integer the app handles (< 2^53 / 100).
  return f.format(fen / 100);
}

// Chinese keyboards often type full-width digits and a full-width or ideographic full stop.
const FULL_WIDTH = /[\uff10-\uff19\uff0e\u3002]/g;
const normalise = (text: string): string =>
  text
    .replace(FULL_WIDTH, (c) => (c === '\uff0e' || c === '\u3002' ? '.' : String(c.charCodeAt(0) - 0xff10)))
    .replace(/^[¥￥]/, '')
    .trim();

/**
 * "25.5" → 2550, "25" → 2500, "0.05" → 5, ".5" → 50: the digits are read as a string, so no binary
 * floating point can turn 25.5 × 100 into 2549.9999. More than two decimals, signs, thousands separators
 * or anything else: null.
 */
export function parseYuanToFen(text: string): number | null {
  const match = /^(\d*)(?:\.(\d{0,2}))?$/.exec(normalise(text));
  if (!match) return null;
  const [, whole = '', cents = ''] = match;
  if (whole === '' && cents === '') return null;
  if (whole.length > 12) return null;
  return Number(whole || '0') * 100 + Number(cents.padEnd(2, '0'));
}

/** 2550 → "25.50", 2500 → "25": what a price field shows when a saved draft is edited. */
export function fenToYuanText(fen: number): string {
  const whole = Math.trunc(fen / 100);
  const cents = fen % 100;
  return cents === 0 ? String(whole) : `${whole}.${String(cents).padStart(2, '0')}`;
}
