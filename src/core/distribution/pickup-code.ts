/** Pickup codes: short, read aloud at a door or typed on a phone, so no characters that look alike. */

/** No 0/O, 1/I/L, 5/S, 2/Z, 8/B: what a tired volunteer misreads under a phone light. */
export const CODE_ALPHABET = '34679ACDEFGHJKMNPQRTUVWXY';
export const CODE_LENGTH = 6;

/** A fresh code from a source of random integers in [0, n) (crypto in production, seeded in tests). */
export function newPickupCode(randomInt: (n: number) => number): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}

/**
 * `count` codes, unique among themselves and not in `taken`. With 25^6 codes a repeat is rare; a source that
 * keeps repeating itself (a broken generator) is an error after `count` × 20 + 1,000 draws, not a loop that
 * never ends.
 */
export function uniquePickupCodes(
  count: number,
  randomInt: (n: number) => number,
  taken: ReadonlySet<string> = new Set(),
): string[] {
  const seen = new Set(taken);
  const out: string[] = [];
  const maxDraws = count * 20 + 1000;
  for (let draws = 0; out.length < count; draws++) {
    if (draws >= maxDraws) throw new Error(`${draws} draws gave only ${out.length} new pickup codes`);
    const code = newPickupCode(randomInt);
    if (seen.has(code)) continue;
    seen.add(code);
    out.push(code);
  }
  return out;
}

/**
 * What a person typed or a camera read, as a code: upper case, spaces and dashes dropped; a scanned label
 * URL (…?code=ABC123) gives its code. null when it cannot be a code.
 */
export function normalizePickupCode(input: string): string | null {
  let text = input.trim();
  const fromUrl = /[?&]code=([^&#\s]+)/i.exec(text);
  if (fromUrl) text = decodeURIComponent(fromUrl[1]!);
  const code = text.toUpperCase().replace(/[\s-]/g, '');
  if (code.length !== CODE_LENGTH) return null;
  for (const ch of code) if (!CODE_ALPHABET.includes(ch)) return null;
  return code;
}
