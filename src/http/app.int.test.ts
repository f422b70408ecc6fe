import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestDb } from '../../test/support/test-db.ts';
import { createContainer } from '../container.ts';
import { buildApp } from './app.ts';
import type { DbHandle } from '../db/client.ts';

let handle: DbHandle;
let app: FastifyInstance;

beforeAll(async () => {
  handle = await createTestDb();
  app = await buildApp(createContainer(handle));
});
afterAll(async () => {
  await app.close();
  await handle.close();
});

describe('app shell', () => {
  it('answers /healthz and /readyz', async () => {
    expect((await app.inject('/healthz')).statusCode).toBe(200);
    expect((await app.inject('/readyz')).json()).toEqual({ status: 'ready' });
  });

  it('serves the OpenAPI document', async () => {
    const res = await app.inject('/api/openapi.json');
    expect(res.statusCode).toBe(200);
    expect(res.json().openapi).toMatch(/^3\./);
  });

  it('answers unknown routes with the error shape', async () => {
    const res = await app.inject('/api/nope');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('route_not_found');
  });

  it("answers the router's own errors in the error shape: a path part too long, or not validly encoded", async () => {
    const long = await app.inject(`/api/buys/${'x'.repeat(200)}`);
    expect(long.statusCode).toBe(414);
    expect(long.json().error.code).toBe('uri_too_long');
    const bad = await app.inject('/api/buys/%ZZ');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('bad_url');
  });

  it('rejects a malformed bearer token with 401', async () => {
    const res = await app.inject({ url: '/api/nope', headers: { authorization: 'Bearer nope' } });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('bad_token');
  });
});
