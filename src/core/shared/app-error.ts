/**
 * The kinds of failure the domain can report. The HTTP layer maps each kind to one status
 * (see src/http/error-handler.ts); the domain never speaks HTTP.
 */
export type ErrorKind =
  | 'bad_request' // 400: malformed input the schema could not catch
  | 'invalid' // 422: well-formed but breaks a rule (qty above the per-household maximum …)
  | 'unauthenticated' // 401
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'conflict' // 409: wrong state, duplicate
  | 'too_large' // 413
  | 'rate_limited' // 429
  | 'unavailable'; // 503: cannot answer now, can in a moment (instances of two versions during a deploy)

/** A failure with a stable snake_case code a client can branch on and a message a person can act on. */
export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly details: unknown;

  constructor(kind: ErrorKind, message: string, options: { code?: string; details?: unknown } = {}) {
    super(message);
    this.name = 'AppError';
    this.kind = kind;
    this.code = options.code ?? kind;
    this.details = options.details ?? null;
  }
}

/** Shorthands used across the use-cases. */
export const notFound = (what: string, code = `${what}_not_found`) =>
  new AppError('not_found', `${what.replace(/_/g, ' ')} not found`, { code });
export const forbidden = (message = 'You are not allowed to do this', code = 'forbidden') =>
  new AppError('forbidden', message, { code });
export const conflict = (message: string, code = 'conflict', details?: unknown) =>
  new AppError('conflict', message, { code, details });
export const invalid = (message: string, code = 'invalid', details?: unknown) =>
  new AppError('invalid', message, { code, details });
