/**
 * The one way the web app talks to the server: JSON in and out, the session cookie, the CSRF token on
 * writes, and every non-2xx answer turned into an ApiError carrying the contract's {code, message, details}.
 */

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;
  /** How long the server asked to wait before trying again (its Retry-After header), if it said. */
  readonly retryAfterMs: number | null;

  constructor(
    status: number,
    code: string,
    message: string,
    details: unknown = null,
    retryAfterMs: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
    this.retryAfterMs = retryAfterMs;
  }
}

/** Status 0: the request never reached the server, or its answer never came back (offline, DNS, reset). */
export const NETWORK_ERROR = 'network_error';
/** Status 0: no answer within the request's `timeoutMs` (the request may still have been carried out). */
export const TIMEOUT = 'timeout';

/** A Retry-After header in milliseconds from now: delay-seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (value === null || value.trim() === '') return null;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  // An HTTP date names its day and month ("Thu, 03 Dec 2026 03:00:05 GMT"); Date.parse takes "-1" too.
  if (!/[a-z]/i.test(v)) return null;
  const at = Date.parse(v);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** Reads the contract's error body; anything else (a proxy's HTML page …) becomes a generic error. */
export function toApiError(status: number, body: unknown, retryAfterMs: number | null = null): ApiError {
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const e = (body as { error: unknown }).error;
    if (typeof e === 'object' && e !== null) {
      const { code, message, details } = e as { code?: unknown; message?: unknown; details?: unknown };
      if (typeof code === 'string') {
        const text = typeof message === 'string' ? message : code;
        return new ApiError(status, code, text, details ?? null, retryAfterMs);
      }
    }
  }
  const code = status >= 500 ? 'internal_error' : 'http_error';
  return new ApiError(status, code, `HTTP ${status}`, null, retryAfterMs);
}

let csrfToken: string | null = null;
let onUnauthorized: (() => void) | null = null;

/** Remember the session's CSRF token (from sign-in, sign-up and GET /api/me). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** What to do when the server says the session is gone (the app sends the person to sign-in). */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

export interface RequestOptions {
  /** A 401 is an expected answer here (GET /api/me on start): do not redirect to sign-in. */
  allowAnonymous?: boolean;
  signal?: AbortSignal;
  /** Extra request headers (Idempotency-Key on order writes). */
  headers?: Record<string, string>;
  /**
   * Give up waiting after this long and throw a TIMEOUT ApiError (a rush's answer takes well under a second;
   * an old phone on a congested network can otherwise wait minutes for one that is not coming).
   */
  timeoutMs?: number;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

async function request<T>(
  method: Method,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  // An image goes as itself (Content-Type image/…); everything else as JSON.
  const isBlob = typeof Blob !== 'undefined' && body instanceof Blob;
  if (isBlob) headers['Content-Type'] = body.type || 'application/octet-stream';
  else if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  Object.assign(headers, options.headers);
  const { signal, timedOut, done } = deadline(options.signal, options.timeoutMs);
  let response: Response;
  let text: string;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'include',
      body: isBlob ? body : body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
    text = response.status === 204 ? '' : await response.text();
  } catch (err) {
    if (timedOut()) throw new ApiError(0, TIMEOUT, `No answer within ${options.timeoutMs} ms`);
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, NETWORK_ERROR, err instanceof Error ? err.message : 'Network error');
  } finally {
    done();
  }
  if (response.status === 204) return undefined as T;
  let parsed: unknown = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
  }
  if (!response.ok) {
    const error = toApiError(response.status, parsed, parseRetryAfter(response.headers.get('retry-after')));
    if (response.status === 401 && !options.allowAnonymous) {
      csrfToken = null;
      onUnauthorized?.();
    }
    throw error;
  }
  return parsed as T;
}

/**
 * The signal a request runs with: the caller's, and a timer when `timeoutMs` is set (by hand rather than
 * AbortSignal.timeout/any, which the older phones' browsers lack). `done` clears the timer.
 */
function deadline(
  outer: AbortSignal | undefined,
  timeoutMs: number | undefined,
): { signal: AbortSignal | undefined; timedOut: () => boolean; done: () => void } {
  if (timeoutMs === undefined) return { signal: outer, timedOut: () => false, done: () => {} };
  const controller = new AbortController();
  let expired = false;
  const timer = setTimeout(() => {
    expired = true;
    controller.abort();
  }, timeoutMs);
  const forward = () => controller.abort();
  if (outer?.aborted) controller.abort();
  else outer?.addEventListener('abort', forward);
  return {
    signal: controller.signal,
    timedOut: () => expired,
    done: () => {
      clearTimeout(timer);
      outer?.removeEventListener('abort', forward);
    },
  };
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => request<T>('GET', path, undefined, options),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('POST', path, body ?? {}, options),
  put: <T>(path: string, body: unknown, options?: RequestOptions) => request<T>('PUT', path, body, options),
  patch: <T>(path: string, body: unknown, options?: RequestOptions) =>
    request<T>('PATCH', path, body, options),
  delete: <T = void>(path: string, options?: RequestOptions) =>
    request<T>('DELETE', path, undefined, options),
  /** Uploads an image as the request body (see web/src/image-upload.ts to shrink a phone photo first). */
  putImage: <T>(path: string, image: Blob, options?: RequestOptions) =>
    request<T>('PUT', path, image, options),
  postImage: <T>(path: string, image: Blob, options?: RequestOptions) =>
    request<T>('POST', path, image, options),
};

/** Encodes one path segment (ids and invite codes come from the URL bar). */
export const seg = (value: string): string => encodeURIComponent(value);
