import { ApiError, NETWORK_ERROR } from '../api-client.ts';

export interface ErrorText {
  /** i18n key under "errors." for the code. */
  key: string;
  /** What to show when the key has no translation: the server's own message. */
  fallback: string;
}

/** Which translation to show for a failure; unknown codes fall back to the server's (English) message. */
export function errorText(err: unknown): ErrorText {
  if (err instanceof ApiError) {
    if (err.code === NETWORK_ERROR) return { key: 'errors.network_error', fallback: err.message };
    return { key: `errors.${err.code}`, fallback: err.message };
  }
  if (err instanceof Error) return { key: 'errors.unknown', fallback: err.message };
  return { key: 'errors.unknown', fallback: String(err) };
}

/**
 * The field a server error belongs to, so a form can show it next to the input: zod issues name their
 * path ("body/phone" or "/phone"), and some codes always concern one field (phone_taken → phone).
 */
export function errorField(err: unknown, codeFields: Readonly<Record<string, string>> = {}): string | null {
  if (!(err instanceof ApiError)) return null;
  const byCode = codeFields[err.code];
  if (byCode) return byCode;
  if (err.code !== 'validation_failed') return null;
  const issues = (err.details as { issues?: unknown } | null)?.issues;
  if (!Array.isArray(issues) || issues.length === 0) return null;
  const path = (issues[0] as { path?: unknown }).path;
  if (typeof path !== 'string') return null;
  const parts = path.split(/[/.]/).filter((p) => p && p !== 'body' && p !== 'querystring' && p !== 'params');
  return parts[0] ?? null;
}
