import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  api,
  ApiError,
  NETWORK_ERROR,
  parseRetryAfter,
  setCsrfToken,
  setUnauthorizedHandler,
  TIMEOUT,
} from './api-client.ts';

type Call = { url: string; init: RequestInit };

function fakeFetch(status: number, body: unknown): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const text = body === undefined ? '' : JSON.stringify(body);
    return new Response(status === 204 ? null : text, { status });
  });
  return calls;
}

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
  setUnauthorizedHandler(null);
});

describe('api', () => {
  it('sends JSON with the cookie, and the CSRF token only on writes', async () => {
    setCsrfToken('csrf-1');
    const calls = fakeFetch(200, { ok: true });
    await api.get('/api/me');
    await api.post('/api/communities', { name: '阳光花园' });
    const [get, post] = calls;
    expect(get?.init.credentials).toBe('include');
    expect((get?.init.headers as Record<string, string>)['X-CSRF-Token']).toBeUndefined();
    expect((post?.init.headers as Record<string, string>)['X-CSRF-Token']).toBe('csrf-1');
    expect(post?.init.body).toBe('{"name":"阳光花园"}');
  });

  it('returns undefined for 204', async () => {
    fakeFetch(204, undefined);
    await expect(api.delete('/api/invites/x')).resolves.toBeUndefined();
  });

  it('turns the error body into an ApiError', async () => {
    fakeFetch(409, { error: { code: 'phone_taken', message: 'Registered', details: null } });
    const err = await api.post('/api/auth/signup', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 409, code: 'phone_taken', message: 'Registered' });
  });

  it('sends the person to sign-in on 401, unless the caller expects it', async () => {
    const handler = vi.fn();
    setUnauthorizedHandler(handler);
    fakeFetch(401, { error: { code: 'unauthenticated', message: 'Please sign in', details: null } });
    await expect(api.get('/api/me', { allowAnonymous: true })).rejects.toBeInstanceOf(ApiError);
    expect(handler).not.toHaveBeenCalled();
    await expect(api.get('/api/communities/x')).rejects.toMatchObject({ status: 401 });
    expect(handler).toHaveBeenCalledOnce();
  });

  it('reports a failed connection as network_error', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(api.get('/api/me')).rejects.toMatchObject({ status: 0, code: NETWORK_ERROR });
  });

  it('reports an answer cut off while it was read as network_error', async () => {
    vi.stubGlobal('fetch', async () => ({
      status: 200,
      ok: true,
      headers: new Headers(),
      text: async () => {
        throw new TypeError('network error');
      },
    }));
    await expect(api.put('/api/buys/b/orders/mine', {})).rejects.toMatchObject({
      status: 0,
      code: NETWORK_ERROR,
    });
  });

  it("carries the server's Retry-After with the error", async () => {
    vi.stubGlobal(
      'fetch',
      async () =>
        new Response(
          JSON.stringify({ error: { code: 'upgrade_in_progress', message: 'wait', details: null } }),
          {
            status: 503,
            headers: { 'retry-after': '2' },
          },
        ),
    );
    await expect(api.get('/api/buys/b')).rejects.toMatchObject({ status: 503, retryAfterMs: 2000 });
    fakeFetch(500, { error: { code: 'internal_error', message: 'x', details: null } });
    await expect(api.get('/api/buys/b')).rejects.toMatchObject({ status: 500, retryAfterMs: null });
  });

  it('gives up waiting after timeoutMs with a timeout error, and clears its timer when answered', async () => {
    vi.useFakeTimers();
    try {
      vi.stubGlobal(
        'fetch',
        (_url: string, init: RequestInit) =>
          new Promise((_resolve, reject) =>
            init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
          ),
      );
      const pending = api.put('/api/buys/b/orders/mine', {}, { timeoutMs: 20_000 }).catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(19_999);
      await vi.advanceTimersByTimeAsync(1);
      expect(await pending).toMatchObject({ status: 0, code: TIMEOUT });

      fakeFetch(200, { ok: true });
      await expect(api.get('/api/me', { timeoutMs: 20_000 })).resolves.toEqual({ ok: true });
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it("still throws the caller's own abort as an AbortError, timeout or not", async () => {
    vi.stubGlobal(
      'fetch',
      (_url: string, init: RequestInit) =>
        new Promise((_resolve, reject) =>
          init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
        ),
    );
    const controller = new AbortController();
    const pending = api
      .get('/api/me', { signal: controller.signal, timeoutMs: 20_000 })
      .catch((e: unknown) => e);
    controller.abort();
    const err = await pending;
    expect(err).toBeInstanceOf(DOMException);
    expect((err as DOMException).name).toBe('AbortError');
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-12-03T03:00:00Z');
  it('reads delay-seconds and HTTP dates, and nothing else', () => {
    expect(parseRetryAfter('2', now)).toBe(2000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Thu, 03 Dec 2026 03:00:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Thu, 03 Dec 2026 02:59:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter('', now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-1', now)).toBeNull();
  });
});
