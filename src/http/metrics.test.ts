import { describe, expect, it } from 'vitest';
import Fastify from 'fastify';
import { registerMetrics } from './metrics.ts';

describe('registerMetrics', () => {
  const metricsOf = async (databaseThreadCpuSeconds?: () => number | null) => {
    const app = Fastify();
    registerMetrics(app, databaseThreadCpuSeconds);
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    await app.close();
    return res.body;
  };

  it("reports the embedded database thread's CPU seconds when the database runs on a thread of its own", async () => {
    expect(await metricsOf(() => 12.5)).toMatch(/^linli_database_thread_cpu_seconds 12\.5$/m);
  });

  it('has no sample without such a thread (PostgreSQL, or not Linux), even after an app that had one', async () => {
    expect(await metricsOf(() => 1)).toMatch(/^linli_database_thread_cpu_seconds 1$/m);
    expect(await metricsOf()).not.toMatch(/^linli_database_thread_cpu_seconds/m);
  });
});
