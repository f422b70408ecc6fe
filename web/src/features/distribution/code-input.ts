/** Pickup codes on the phone: what was typed or scanned, as the server's code (same rule as the server). */
const ALPHABET = '34679ACDEFGHJKMNPQRTUVWXY';
const LENGTH = 6;

/** Upper case, spaces and dashes dropped; a scanned label link (…?code=ABC123) gives its code; null if not a code. */
export function normalizeCode(input: string): string | null {
  let text = input.trim();
  const fromUrl = /[?&]code=([^&#\s]+)/i.exec(text);
  if (fromUrl) text = decodeURIComponent(fromUrl[1]!);
  const code = text.toUpperCase().replace(/[\s-]/g, '');
  if (code.length !== LENGTH || [...code].some((c) => !ALPHABET.includes(c))) return null;
  return code;
}

/** "AC3D4E" → "AC3 D4E": easier to read aloud at a door. */
export const spacedCode = (code: string) => `${code.slice(0, 3)} ${code.slice(3)}`;

/** Received quantities per item from the form's text fields; blank means "all arrived". null if invalid. */
export function parseReceived(
  fields: Record<string, string>,
): { itemId: string; receivedQty: number }[] | null {
  const out: { itemId: string; receivedQty: number }[] = [];
  for (const [itemId, raw] of Object.entries(fields)) {
    const text = raw.trim();
    if (text === '') continue;
    if (!/^\d{1,7}$/.test(text)) return null;
    out.push({ itemId, receivedQty: Number(text) });
  }
  return out;
}
