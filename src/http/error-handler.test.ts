import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { DrizzleQueryError } from 'drizzle-orm';
import { registerErrorHandler } from './error-handler.ts';

// The edge's mapping of errors the use-cases do not make themselves (the database's), on a bare Fastify app:
// what reaches it from a real database is shown in test/db-unavailable.int.test.ts.
let app: FastifyInstance;
const thrown = new Map<string, () => Error>([
  [
    'refused',
    () =>
      new DrizzleQueryError(
        'select 1',
        [],
        Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      ),
  ],
  [
    'starting',
    () =>
      Object.assign(new Error('the database system is starting up'), { code: '57P03', severity: 'FATAL' }),
  ],
  ['bug', () => new TypeError("Cannot read properties of undefined (reading 'id')")],
  [
    'unique',
    () =>
      new DrizzleQueryError(
        'insert',
        [],
        Object.assign(new Error('duplicate key'), { code: '23505', severity: 'ERROR' }),
      ),
  ],
]);

beforeAll(async () => {
  app = Fastify();
  registerErrorHandler(app);
  app.get<{ Params: { kind: string } }>('/throw/:kind', async (request) => {
    throw thrown.get(request.params.kind)!();
  });
  await app.ready();
});
afterAll(() => app.close());

describe('error handler', () => {
  it('answers a database out of reach with 503 db_unavailable and Retry-After', async () => {
    for (const kind of ['refused', 'starting']) {
      const res = await app.inject(`/throw/${kind}`);
      expect(res.statusCode, kind).toBe(503);
      expect(res.headers['retry-after']).toBe('2');
      expect(res.json().error).toMatchObject({ code: 'db_unavailable', details: null });
    }
  });

  it('still answers anything else unexpected with 500 internal_error and the request id, no Retry-After', async () => {
    for (const kind of ['bug', 'unique']) {
      const res = await app.inject(`/throw/${kind}`);
      expect(res.statusCode, kind).toBe(500);
      expect(res.headers['retry-after']).toBeUndefined();
      expect(res.json().error.code).toBe('internal_error');
      expect(res.json().error.details.requestId).toEqual(expect.any(String));
    }
  });
});
