/**
 * Named prepared statements on PostgreSQL (pg-prepared.ts), on one checked-out connection so the statements
 * it holds can be read from pg_prepared_statements (pool.query drops a connection whose query failed).
 * PostgreSQL only: the embedded database keeps its own (pglite-worker.mjs).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { preparingClient, StatementNames } from './pg-prepared.ts';
import { openDb } from './client.ts';

const url = process.env.TEST_DATABASE_URL;
const onPostgres = process.env.LINLI_TEST_DB === 'postgres' && url !== undefined;

describe.skipIf(!onPostgres)('named prepared statements on PostgreSQL', () => {
  let pool: pg.Pool;
  let db: pg.PoolClient;
  let names: StatementNames;
  const prepared = async () =>
    (
      await db.query<{ name: string; statement: string }>(
        'SELECT name, statement FROM pg_prepared_statements ORDER BY name',
      )
    ).rows;

  beforeAll(async () => {
    names = new StatementNames(5);
    pool = new pg.Pool({ connectionString: url, max: 1, Client: preparingClient(names, pg.Client) });
    db = await pool.connect();
    await db.query('CREATE TEMP TABLE t (id int PRIMARY KEY, a text)');
    await db.query("INSERT INTO t VALUES (1, 'one'), (2, 'two')");
  });
  afterAll(async () => {
    db.release();
    await pool.end();
  });

  it('a text with parameters is prepared the second time it runs, and answers the same', async () => {
    const text = 'SELECT a FROM t WHERE id = $1';
    expect((await db.query(text, [1])).rows).toEqual([{ a: 'one' }]);
    expect(await prepared()).toEqual([]);
    expect((await db.query(text, [2])).rows).toEqual([{ a: 'two' }]);
    expect(await prepared()).toEqual([{ name: 'linli_1', statement: text }]);
    expect((await db.query({ text, rowMode: 'array' }, [1])).rows).toEqual([['one']]);
    expect(await prepared()).toHaveLength(1);
  });

  it('a text without parameters is never prepared (it may hold several statements)', async () => {
    for (let i = 0; i < 3; i++) await db.query('SELECT 1; SELECT 2');
    expect(await prepared()).toHaveLength(1);
  });

  it('a failed parse is not kept: the same text fails the same way again, and the connection goes on', async () => {
    const bad = 'SELEC a FROM t WHERE id = $1';
    for (let i = 0; i < 3; i++) await expect(db.query(bad, [1])).rejects.toThrow(/syntax error/);
    expect((await db.query('SELECT a FROM t WHERE id = $1', [2])).rows).toEqual([{ a: 'two' }]);
    expect((await prepared()).map((p) => p.statement)).not.toContain(bad);
  });

  it('a statement prepared in a rolled-back transaction still runs afterwards', async () => {
    const text = 'SELECT count(*)::int AS n FROM t WHERE id > $1';
    await db.query('BEGIN');
    await db.query(text, [0]);
    expect((await db.query(text, [0])).rows).toEqual([{ n: 2 }]);
    await db.query('ROLLBACK');
    expect((await db.query(text, [1])).rows).toEqual([{ n: 1 }]);
    expect((await prepared()).map((p) => p.statement)).toContain(text);
  });

  it('after a schema change, a SELECT * fails once with PostgreSQL’s error, then runs prepared anew', async () => {
    const text = 'SELECT * FROM t WHERE id = $1';
    await db.query(text, [1]);
    await db.query(text, [1]);
    await db.query('ALTER TABLE t ADD COLUMN b int');
    await expect(db.query(text, [1])).rejects.toThrow(/cached plan must not change result type/);
    for (let i = 0; i < 3; i++)
      expect((await db.query(text, [1])).rows).toEqual([{ id: 1, a: 'one', b: null }]);
    expect((await prepared()).filter((p) => p.statement === text).map((p) => p.name)).toEqual([
      'linli_4',
      'linli_5',
    ]);
  });

  it('names no more texts than its cap', async () => {
    expect(names.size).toBe(5);
    const text = 'SELECT 10 + $1::int AS n';
    for (let i = 0; i < 3; i++) expect((await db.query(text, [1])).rows).toEqual([{ n: 11 }]);
    expect(names.size).toBe(5);
    expect((await prepared()).map((p) => p.statement)).not.toContain(text);
  });
});

describe.skipIf(!onPostgres)('openDb on PostgreSQL', () => {
  it('runs repeated statements prepared unless told not to, and counts them for /metrics', async () => {
    for (const prepare of [true, false]) {
      const handle = await openDb({ kind: 'postgres', url: url!, max: 1, prepare });
      try {
        const client = await handle.pool!.connect();
        try {
          for (let i = 0; i < 2; i++) await client.query('SELECT $1::int AS n', [i]);
          const { rows } = await client.query('SELECT count(*)::int AS n FROM pg_prepared_statements');
          expect(rows).toEqual([{ n: prepare ? 1 : 0 }]);
          // What /metrics reads (linli_pg_prepared_statements): absent when turned off.
          expect(handle.preparedStatements?.()).toEqual(prepare ? { named: 1, max: 256 } : undefined);
          // And its pool (linli_pg_pool_*): this connection open and taken, none waiting.
          expect(handle.poolConnections?.()).toEqual({ open: 1, idle: 0, waiting: 0, max: 1 });
        } finally {
          client.release();
        }
      } finally {
        await handle.close();
      }
    }
  });
});
