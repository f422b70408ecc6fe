/**
 * PostgreSQL stops taking connections (a restart, a failover) under a running server, for real: the database
 * is closed to connections and its sessions ended, then opened again. Requests meanwhile get 503
 * db_unavailable with Retry-After, not a 500 (the phone and a load balancer retry those); once it is back the
 * same request succeeds, and the realtime LISTEN connection is made again (it used to give up after one failed
 * reconnect). PostgreSQL only: the embedded database lives and dies with the server's process.
 */
import pg from 'pg';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContainer } from '../src/container.ts';
import { buildApp } from '../src/http/app.ts';
import type { DbHandle } from '../src/db/client.ts';
import { createTestDb } from './support/test-db.ts';

const adminUrl = process.env.TEST_DATABASE_URL;
const onPostgres = process.env.LINLI_TEST_DB === 'postgres' && adminUrl !== undefined;

let seq = 0;
const signUp = (app: FastifyInstance) =>
  app.inject({
    method: 'POST',
    url: '/api/auth/signup',
    payload: { displayName: '王阿姨', phone: `1390000${String(4000 + seq++)}`, password: 'correct horse' },
  });

describe.skipIf(!onPostgres)('PostgreSQL out of reach under a running server', () => {
  let handle: DbHandle;
  let app: FastifyInstance;
  let admin: pg.Client;
  let name: string;

  /** The server's sessions on its database: all of them, or those that LISTEN. */
  const sessions = async (listening = false) =>
    Number(
      (
        await admin.query<{ n: string }>(
          `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 ${listening ? `AND query LIKE 'LISTEN%'` : ''}`,
          [name],
        )
      ).rows[0]!.n,
    );

  beforeAll(async () => {
    handle = await createTestDb();
    app = await buildApp(createContainer(handle));
    await app.ready();
    const rows = (await handle.db.execute(sql`SELECT current_database() AS name`)) as unknown as
      { rows: { name: string }[] } | { name: string }[];
    name = (Array.isArray(rows) ? rows : rows.rows)[0]!.name;
    admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`).catch(() => {});
    await admin.end();
    await app.close();
    await handle.close();
  });

  it('answers 503 db_unavailable with Retry-After meanwhile, and serves and LISTENs again once it is back', async () => {
    expect((await signUp(app)).statusCode).toBe(201);
    expect(await sessions(true)).toBe(1);

    await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS false`);
    await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1`, [name]);
    for (let i = 0; i < 3; i++) {
      const res = await signUp(app);
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('2');
      expect(res.json().error).toMatchObject({ code: 'db_unavailable', details: null });
    }
    // Long enough for the LISTEN connection's first tries to fail (1 s, then 2 s later).
    await new Promise((r) => setTimeout(r, 3_500));
    expect(await sessions()).toBe(0);

    await admin.query(`ALTER DATABASE ${name} ALLOW_CONNECTIONS true`);
    expect((await signUp(app)).statusCode).toBe(201);
    const deadline = Date.now() + 15_000;
    while ((await sessions(true)) === 0 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 200));
    expect(await sessions(true)).toBe(1);
  });
});
