import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, NETWORK_ERROR, setCsrfToken, setUnauthorizedHandler } from './api-client.ts';

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
});
