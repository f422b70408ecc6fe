import { describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { registerMetrics, type DatabaseGauges } from './metrics.ts';

describe('registerMetrics', () => {
  const metricsOf = async (database?: DatabaseGauges) => {
    const app = Fastify();
    registerMetrics(app, database);
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    await app.close();
    return res.body;
  };

  it("reports the embedded database thread's CPU seconds when the database runs on a thread of its own", async () => {
    expect(await metricsOf({ threadCpuSeconds: () => 12.5 })).toMatch(
      /^linli_database_thread_cpu_seconds 12\.5$/m,
    );
  });

  it('has no sample without such a thread (PostgreSQL, or not Linux), even after an app that had one', async () => {
    expect(await metricsOf({ threadCpuSeconds: () => 1 })).toMatch(/^linli_database_thread_cpu_seconds 1$/m);
    expect(await metricsOf()).not.toMatch(/^linli_database_thread_cpu_seconds/m);
  });

  it("reports PostgreSQL's prepared statement texts against their cap, read at each scrape", async () => {
    let named = 150;
    const database = { preparedStatements: () => ({ named, max: 256 }) };
    const app = Fastify();
    registerMetrics(app, database);
    const first = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    named = 256;
    const second = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    await app.close();
    expect(first).toMatch(/^linli_pg_prepared_statements 150$/m);
    expect(first).toMatch(/^linli_pg_prepared_statements_max 256$/m);
    expect(second).toMatch(/^linli_pg_prepared_statements 256$/m);
  });

  it("reports PostgreSQL's pool at each scrape, and nothing of it on the embedded database", async () => {
    const pool = { open: 4, idle: 1, waiting: 7, max: 4 };
    const body = await metricsOf({ poolConnections: () => pool });
    expect(body).toMatch(/^linli_pg_pool_connections 4$/m);
    expect(body).toMatch(/^linli_pg_pool_idle 1$/m);
    expect(body).toMatch(/^linli_pg_pool_waiting 7$/m);
    expect(body).toMatch(/^linli_pg_pool_max 4$/m);
    expect(await metricsOf({ threadCpuSeconds: () => 1 })).not.toMatch(/^linli_pg_pool/m);
  });

  it('has no prepared-statement series on the embedded database or with preparing turned off', async () => {
    expect(await metricsOf({ preparedStatements: () => ({ named: 1, max: 256 }) })).toMatch(
      /^linli_pg_prepared_statements 1$/m,
    );
    expect(await metricsOf({ threadCpuSeconds: () => 1 })).not.toMatch(/^linli_pg_prepared_statements/m);
  });
});
