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

  it('rejects a malformed bearer token with 401', async () => {
    const res = await app.inject({ url: '/api/nope', headers: { authorization: 'Bearer nope' } });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('bad_token');
  });
});

describe('one request shape for every route', () => {
  it('requests and replies of every route module are of the same classes (no child context per module)', async () => {
    const shapes = new Set<unknown>();
    const own = await buildApp(createContainer(handle));
    own.addHook('onRequest', async (request, reply) => {
      shapes.add(Object.getPrototypeOf(request));
      shapes.add(Object.getPrototypeOf(reply));
    });
    try {
      const id = '00000000-0000-4000-8000-000000000000';
      for (const url of [
        '/healthz',
        `/api/buys/${id}`,
        `/api/buys/${id}/summary`,
        `/api/communities/${id}/households`,
        `/api/communities/${id}/join-requests`,
        '/api/me',
        '/api/notifications',
      ])
        await own.inject(url);
      expect(shapes.size).toBe(2);
    } finally {
      await own.close();
    }
  });
});
