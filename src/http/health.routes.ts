import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import type { Container } from '../container.ts';

/** /healthz is cheap (no query: it answers once the server is up); /readyz checks the database. */
export async function healthRoutes(app: FastifyInstance, opts: { container: Container }): Promise<void> {
  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, reply) => {
    try {
      await opts.container.db.execute(sql`select 1`);
      return { status: 'ready' };
    } catch {
      return reply
        .status(503)
        .send({ error: { code: 'db_unavailable', message: 'Database is not reachable', details: null } });
    }
  });
}
