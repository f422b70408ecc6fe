/**
 * Mainland mobile numbers as people type them: "+86 138-1234-5678", "0086 13812345678", "138 1234 5678".
 * Returns the 11-digit form (13812345678), or null when it is not a mainland mobile number.
 */
export function normalisePhone(input: string): string | null {
  let digits = input.replace(/[\s\-()\u00a0]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086')) digits = digits.slice(4);
  else if (digits.startsWith('86') && digits.length === 13) digits = digits.slice(2);
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}
