/** Checks run before a form is sent; the server checks again and its answer wins. */
export type FieldProblems<F extends string> = Partial<Record<F, string>>;

export const PASSWORD_MIN = 8;
export const NAME_MAX = 40;

/** Phone numbers as people type them: spaces and dashes are dropped, a leading + kept. */
export function normalizePhone(input: string): string {
  return input.replace(/[\s\-()]/g, '');
}

/** Mainland mobile numbers (11 digits from 1), or an international number with its + prefix. */
export function isPhone(input: string): boolean {
  const phone = normalizePhone(input);
  return /^1\d{10}$/.test(phone) || /^\+\d{6,15}$/.test(phone);
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
