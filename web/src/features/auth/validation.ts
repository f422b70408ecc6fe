/** Checks run before a form is sent; the server checks again and its answer wins. */
export type FieldProblems<F extends string> = Partial<Record<F, string>>;

export const PASSWORD_MIN = 8;
export const NAME_MAX = 40;

/**
 * Mainland mobile numbers as people type them ("+86 138-1234-5678", "0086 13812345678") in the 11-digit
 * form the server stores; anything else is returned with only the spacing removed (and fails isPhone).
 */
export function normalizePhone(input: string): string {
  let digits = input.replace(/[\s\-()\u00a0]/g, '');
  if (digits.startsWith('+86')) digits = digits.slice(3);
  else if (digits.startsWith('0086')) digits = digits.slice(4);
  else if (digits.startsWith('86') && digits.length === 13) digits = digits.slice(2);
  return digits;
}

/** Accounts sign in with a mainland mobile number, as the server requires. */
export function isPhone(input: string): boolean {
  return /^1[3-9]\d{9}$/.test(normalizePhone(input));
}

/** A proxy's contact may be a landline or a relative abroad: digits with the usual separators. */
export function isContactPhone(input: string): boolean {
  return /^\+?[\d\s\-()]{3,30}$/.test(input.trim());
}

/** Problems as i18n keys under "validation." so the form shows them in the reader's language. */
export function checkSignUp(v: { displayName: string; phone: string; password: string }) {
  const problems: FieldProblems<'displayName' | 'phone' | 'password'> = {};
  const name = v.displayName.trim();
  if (!name) problems.displayName = 'validation.required';
  else if (name.length > NAME_MAX) problems.displayName = 'validation.nameTooLong';
  if (!v.phone.trim()) problems.phone = 'validation.required';
  else if (!isPhone(v.phone)) problems.phone = 'validation.phone';
  if (!v.password) problems.password = 'validation.required';
  else if (v.password.length < PASSWORD_MIN) problems.password = 'validation.passwordShort';
  return problems;
}

export function checkSignIn(v: { phone: string; password: string }) {
  const problems: FieldProblems<'phone' | 'password'> = {};
  if (!v.phone.trim()) problems.phone = 'validation.required';
  else if (!isPhone(v.phone)) problems.phone = 'validation.phone';
  if (!v.password) problems.password = 'validation.required';
  return problems;
}

/**
 * Where to go after signing in: only a path inside this app ("/join/abc"), never another site
 * ("//evil.example", "https://…"), so a crafted link cannot bounce someone off to a look-alike page.
 */
export function safeNext(next: string | null | undefined, fallback = '/'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  if (/[\r\n]/.test(next)) return fallback;
  return next;
}

export const hasProblems = (problems: object): boolean => Object.keys(problems).length > 0;
