/**
 * The one way the web app talks to the server: JSON in and out, the session cookie, the CSRF token on
 * writes, and every non-2xx answer turned into an ApiError carrying the contract's {code, message, details}.
 */

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details: unknown = null) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** Status 0: the request never reached the server (offline, DNS, aborted). */
export const NETWORK_ERROR = 'network_error';

/** Reads the contract's error body; anything else (a proxy's HTML page …) becomes a generic error. */
export function toApiError(status: number, body: unknown): ApiError {
  if (typeof body === 'object' && body !== null && 'error' in body) {
    const e = (body as { error: unknown }).error;
    if (typeof e === 'object' && e !== null) {
      const { code, message, details } = e as { code?: unknown; message?: unknown; details?: unknown };
      if (typeof code === 'string') {
        return new ApiError(status, code, typeof message === 'string' ? message : code, details ?? null);
      }
    }
  }
  return new ApiError(status, status >= 500 ? 'internal_error' : 'http_error', `HTTP ${status}`);
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
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'include',
      body: isBlob ? body : body === undefined ? undefined : JSON.stringify(body),
      signal: options.signal,
    });
  } catch (err) {
    if (err instanceof DOMException && err.name === 'AbortError') throw err;
    throw new ApiError(0, NETWORK_ERROR, err instanceof Error ? err.message : 'Network error');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown = null;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
  }
  if (!response.ok) {
    const error = toApiError(response.status, parsed);
    if (response.status === 401 && !options.allowAnonymous) {
      csrfToken = null;
      onUnauthorized?.();
    }
    throw error;
  }
  return parsed as T;
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
