import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { PGliteWorkerClient } from './pglite-worker-client.ts';
import { openDb } from './client.ts';
import { migrateDb } from './migrate.ts';

// The embedded database on its own thread behaves as PGlite does in process: results, transactions,
// PostgreSQL's errors, one transaction at a time. (Runs on the pglite tier only: it is PGlite-specific.)
// The databases start from the run's migrated template (test/support/db-template.ts): ~1 s against ~4 for
// initdb; these tests use tables of their own beside Linli's.
const template = () => ({ loadDataDir: inject('pgliteTemplate') });

describe.skipIf(process.env.LINLI_TEST_DB === 'postgres')('PGliteWorkerClient', () => {
  let db: PGliteWorkerClient;

  beforeAll(async () => {
    db = await PGliteWorkerClient.create(undefined, [], () => {}, template());
    await db.exec(`CREATE TABLE t (id int PRIMARY KEY, name text NOT NULL, at timestamptz);
      CREATE TABLE log (n int)`);
  });
  afterAll(() => db.close());

  it('answers queries in object and array row modes, with the parsers Drizzle asks for', async () => {
    await db.query(`INSERT INTO t VALUES (1, 'a', '2026-11-30T12:00:00Z')`);
    const objects = await db.query<{ id: number; name: string }>('SELECT id, name FROM t WHERE id = $1', [1]);
    expect(objects.rows).toEqual([{ id: 1, name: 'a' }]);
    expect(objects.fields.map((f) => f.name)).toEqual(['id', 'name']);
    const arrays = await db.query('SELECT id, name FROM t', [], { rowMode: 'array' });
    expect(arrays.rows).toEqual([[1, 'a']]);
    // Drizzle's parsers hand timestamps back as PostgreSQL's text; without them PGlite makes a Date.
    const raw = await db.query<{ at: unknown }>('SELECT at FROM t', [], {
      parsers: { 1184: (v: string) => v },
    });
    expect(typeof raw.rows[0]!.at).toBe('string');
    const parsed = await db.query<{ at: unknown }>('SELECT at FROM t');
    expect(parsed.rows[0]!.at).toBeInstanceOf(Date);
  });

  it('decodes every answer with one parser: answers of different shapes at once, errors among them', async () => {
    const asked = Array.from({ length: 60 }, (_, n) =>
      n % 3 === 0
        ? db.query<{ n: number; s: string }>('SELECT $1::int AS n, repeat($2, $1::int) AS s', [n, 'x'])
        : n % 3 === 1
          ? db.query<{ v: number }>('SELECT generate_series(1, $1::int) AS v', [n])
          : db.query('SELECT * FROM no_such_table').catch((e: unknown) => e),
    );
    const answers = await Promise.all(asked);
    answers.forEach((a, n) => {
      if (n % 3 === 0) expect((a as { rows: unknown[] }).rows).toEqual([{ n, s: 'x'.repeat(n) }]);
      else if (n % 3 === 1) expect((a as { rows: unknown[] }).rows).toHaveLength(n);
      else expect(a).toMatchObject({ code: '42P01' });
    });
  });

  it('commits a transaction that resolves and returns its value', async () => {
    const value = await db.transaction(async (tx) => {
      await tx.query(`INSERT INTO t VALUES (2, 'b', null)`);
      return (await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM t')).rows[0]!.n;
    });
    expect(value).toBe(2);
    expect((await db.query('SELECT 1 FROM t WHERE id = 2')).rows).toHaveLength(1);
  });

  it('rolls back a transaction that throws and rethrows the same error', async () => {
    const boom = new Error('boom');
    await expect(
      db.transaction(async (tx) => {
        await tx.query(`INSERT INTO t VALUES (3, 'c', null)`);
        throw boom;
      }),
    ).rejects.toBe(boom);
    expect((await db.query('SELECT 1 FROM t WHERE id = 3')).rows).toHaveLength(0);
  });

  it("carries PostgreSQL's error fields across the thread (code, constraint)", async () => {
    const err = await db.query(`INSERT INTO t VALUES (1, 'dup', null)`).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(err).toMatchObject({ code: '23505', constraint: 't_pkey' });
    const inTx = await db
      .transaction(async (tx) => {
        await tx.query('SELECT * FROM no_such_table');
      })
      .catch((e: unknown) => e);
    expect(inTx).toMatchObject({ code: '42P01' });
    // The database is still usable afterwards.
    expect((await db.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }]);
  });

  it('runs a script as one transaction: committed, stale when a check fails, rolled back on an error', async () => {
    const insert = (id: number) => ({ sql: 'INSERT INTO t VALUES ($1, $2, null)', params: [id, `s${id}`] });
    const count = async () =>
      (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM t WHERE id >= 40')).rows[0]!.n;
    expect(await db.script([{ sql: 'SELECT 7', params: [], expect: 7 }, insert(40), insert(41)])).toEqual({
      outcome: 'committed',
      returned: [],
    });
    expect(await count()).toBe(2);
    // A check that sees another value: nothing of the script stays, the statements before it included.
    expect(
      await db.script([
        insert(42),
        { sql: 'SELECT name FROM t WHERE id = $1', params: [40], expect: 'x' },
        insert(43),
      ]),
    ).toEqual({ outcome: 'stale', returned: [] });
    // No row at all fails a check too.
    expect(await db.script([{ sql: 'SELECT 1 WHERE false', params: [], expect: 1 }, insert(44)])).toEqual({
      outcome: 'stale',
      returned: [],
    });
    expect(await count()).toBe(2);
    // A statement with `returning` sends back its rows' first column, as text.
    expect(
      await db.script([
        {
          sql: 'INSERT INTO t VALUES (46, $1, null), (47, $1, null) RETURNING id',
          params: ['r'],
          returning: true,
        },
        insert(48),
      ]),
    ).toEqual({ outcome: 'committed', returned: ['46', '47'] });
    await db.query('DELETE FROM t WHERE id IN (46, 47, 48)');
    const err = await db.script([insert(45), insert(40)]).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: '23505', constraint: 't_pkey' });
    expect(await count()).toBe(2);
    // A script waits for an open transaction and runs after it.
    let release!: () => void;
    const held = db.transaction(async (tx) => {
      await tx.query('INSERT INTO log VALUES (1)');
      await new Promise<void>((r) => (release = r));
      await tx.query('INSERT INTO log VALUES (2)');
    });
    await new Promise((r) => setTimeout(r, 20));
    const after = db.script([{ sql: 'INSERT INTO log VALUES (3)', params: [] }]);
    await new Promise((r) => setTimeout(r, 20));
    release();
    await Promise.all([held, after]);
    const log = await db.query<{ n: number }>('SELECT n FROM log WHERE n IN (1, 2, 3) ORDER BY ctid');
    expect(log.rows.map((r) => r.n)).toEqual([1, 2, 3]);
    await db.query('DELETE FROM log');
  });

  it('runs transactions one at a time, and a query outside waits for the open transaction', async () => {
    const order: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = db.transaction(async (tx) => {
      await tx.query('INSERT INTO log VALUES (1)');
      order.push('first wrote');
      await gate;
      await tx.query('INSERT INTO log VALUES (2)');
      order.push('first done');
    });
    await new Promise((r) => setTimeout(r, 20));
    const outside = db.query<{ n: number }>('SELECT count(*)::int AS n FROM log').then((r) => {
      order.push(`outside saw ${r.rows[0]!.n}`);
    });
    const second = db.transaction(async (tx) => {
      await tx.query('INSERT INTO log VALUES (3)');
      order.push('second wrote');
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(order).toEqual(['first wrote']);
    release();
    await Promise.all([first, outside, second]);
    expect(order[0]).toBe('first wrote');
    expect(order[1]).toBe('first done');
    expect(order).toContain('outside saw 2');
    expect(order.indexOf('second wrote')).toBeGreaterThan(1);
  });

  it("sends a transaction's statements behind BEGIN: queued while another holds the database, run in order", async () => {
    await db.exec('CREATE TABLE q (n int PRIMARY KEY)');
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const holder = db.transaction(async (tx) => {
      await tx.query('INSERT INTO q VALUES (1)');
      await gate;
    });
    await new Promise((r) => setTimeout(r, 20));
    // Sent together, without waiting: they queue until this transaction begins, then run in order; the failing
    // one fails alone, and the transaction it belongs to is rolled back when its callback throws.
    const queued = db.transaction(async (tx) => {
      const [a, b] = await Promise.all([
        tx.query('INSERT INTO q VALUES (2) RETURNING n'),
        tx.query<{ n: number }>('SELECT count(*)::int AS n FROM q'),
      ]);
      return [a.rows, b.rows[0]!.n];
    });
    const failing = db
      .transaction(async (tx) => {
        await Promise.all([tx.query('INSERT INTO q VALUES (3)'), tx.query('INSERT INTO q VALUES (1)')]);
      })
      .catch((e: unknown) => e);
    release();
    await holder;
    expect(await queued).toEqual([[{ n: 2 }], 2]);
    expect(await failing).toMatchObject({ code: '23505' });
    expect((await db.query<{ n: number }>('SELECT n FROM q ORDER BY n')).rows).toEqual([{ n: 1 }, { n: 2 }]);
  });

  it('a thread that dies fails the open transaction and every later call, and says so once', async () => {
    const deaths: Error[] = [];
    const doomed = await PGliteWorkerClient.create(undefined, [], (e) => deaths.push(e), template());
    const work = doomed.transaction(async (tx) => {
      await tx.query('SELECT 1');
      await doomed.terminate();
      await tx.query('SELECT 2');
    });
    await expect(work).rejects.toThrow(/database thread stopped/);
    await expect(doomed.query('SELECT 1')).rejects.toThrow(/database thread stopped/);
    expect(deaths).toHaveLength(1);
    await doomed.close(); // nothing left to close: resolves
  });

  it('runs multi-statement text with exec', async () => {
    const results = await db.exec('SELECT 1 AS a; SELECT 2 AS b');
    expect(results.map((r) => r.rows)).toEqual([[{ a: 1 }], [{ b: 2 }]]);
  });
});

describe.skipIf(process.env.LINLI_TEST_DB === 'postgres')('openDb with thread: worker', () => {
  const dir = mkdtempSync(join(tmpdir(), 'linli-worker-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('migrates a data folder, keeps what was committed across a reopen, and refuses work once closed', async () => {
    const handle = await openDb({ kind: 'pglite', dataDir: dir, thread: 'worker' });
    await migrateDb(handle);
    await handle.db.execute(sql`CREATE TABLE kept (v text)`);
    await handle.db.transaction(async (tx) => {
      await tx.execute(sql`INSERT INTO kept VALUES ('still here')`);
    });
    await handle.close();
    // Drizzle wraps the driver's error ("Failed query: …") and keeps it as the cause.
    const refused = await handle.db.execute(sql`SELECT 1`).catch((e: unknown) => e);
    expect((refused as { cause?: Error }).cause?.message).toMatch(/closed/);

    const again = await openDb({ kind: 'pglite', dataDir: dir, thread: 'worker' });
    const rows = (await again.db.execute(sql`SELECT v FROM kept`)) as unknown as { rows: { v: string }[] };
    expect(rows.rows).toEqual([{ v: 'still here' }]);
    await again.close();
  });

  it('fails to start, rather than waiting, when the data folder cannot be opened', async () => {
    // A file where the folder should be: PGlite cannot create its files in it. The thread keeps its event
    // loop alive while the database opens; a failed open must still end the thread and reject.
    const parent = mkdtempSync(join(tmpdir(), 'linli-worker-bad-'));
    const notADir = join(parent, 'data');
    writeFileSync(notADir, 'not a folder');
    try {
      await expect(PGliteWorkerClient.create(notADir)).rejects.toThrow();
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  it('hands the client over while the database opens: what is sent meanwhile waits for it and is answered', async () => {
    const client = await PGliteWorkerClient.start(undefined, [], () => {}, template());
    let open = false;
    void client.opened.then(() => (open = true));
    const early = client.query<{ one: number }>('SELECT 1 AS one');
    const inTx = client.transaction(async (tx) => {
      expect(open).toBe(true); // a transaction begins once the database is open
      await tx.exec('CREATE TABLE started (v int)');
      await tx.query('INSERT INTO started VALUES ($1)', [7]);
    });
    const script = client.script([{ sql: 'SELECT 2', params: [], returning: true }]);
    expect(open).toBe(false);
    expect((await early).rows).toEqual([{ one: 1 }]);
    await inTx;
    expect(await script).toEqual({ outcome: 'committed', returned: ['2'] });
    // The parsers are the open database's (arrays of its types decode).
    expect((await client.query<{ a: number[] }>('SELECT ARRAY[v, v] AS a FROM started')).rows).toEqual([
      { a: [7, 7] },
    ]);
    await client.close();
  });

  it('when it cannot open: `opened` and what was sent meanwhile fail with its error, and it is not a death', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'linli-worker-bad-'));
    const notADir = join(parent, 'data');
    writeFileSync(notADir, 'not a folder');
    const deaths: Error[] = [];
    try {
      const client = await PGliteWorkerClient.start(notADir, [], (e) => deaths.push(e));
      const early = client.query('SELECT 1').catch((e: unknown) => e);
      const failure = await client.opened.then(
        () => null,
        (e: unknown) => e,
      );
      expect(failure).toBeTruthy(); // PGlite's ErrnoError, as the thread sent it
      expect(await early).toBe(failure);
      await expect(client.query('SELECT 1')).rejects.toBe(failure);
      await client.close(); // nothing to close
      expect(deaths).toEqual([]);
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  });

  describe('statements kept prepared (a text seen twice)', () => {
    let small: PGliteWorkerClient;
    beforeAll(async () => {
      small = await PGliteWorkerClient.create(undefined, [], () => {}, { preparedMax: 3, ...template() });
      await small.exec(`CREATE TABLE p (id int PRIMARY KEY, v text)`);
    });
    afterAll(() => small.close());

    const preparedTexts = async () =>
      (
        await small.query<{ statement: string }>(
          `SELECT statement FROM pg_prepared_statements WHERE NOT from_sql ORDER BY prepare_time`,
        )
      ).rows.map((r) => r.statement);

    it('prepares a text the second time it runs, and answers the same from then on', async () => {
      const q = 'SELECT id, v FROM p WHERE id = $1';
      await small.query(`INSERT INTO p VALUES (1, 'one'), (2, 'two')`);
      expect((await small.query(q, [1])).rows).toEqual([{ id: 1, v: 'one' }]);
      expect(await preparedTexts()).not.toContain(q);
      expect((await small.query(q, [2])).rows).toEqual([{ id: 2, v: 'two' }]);
      expect(await preparedTexts()).toContain(q);
      expect((await small.query(q, [1])).rows).toEqual([{ id: 1, v: 'one' }]);
      expect((await small.query(q, [3])).rows).toEqual([]);
    });

    it('keeps at most preparedMax, closing the one used longest ago', async () => {
      const texts = [1, 2, 3, 4].map((n) => `SELECT ${n} AS n, count(*) AS c FROM p WHERE id > $1`);
      for (const t of texts) for (let i = 0; i < 2; i++) await small.query(t, [0]);
      const kept = await preparedTexts();
      // (As a set: statements prepared within one tick of the clock tie on prepare_time.)
      expect(kept.filter((t) => texts.includes(t)).sort()).toEqual(texts.slice(1).sort());
      expect(kept.length).toBeLessThanOrEqual(3);
      expect((await small.query<{ n: number }>(texts[0]!, [0])).rows[0]!.n).toBe(1);
    });

    it('does not keep a text that fails to parse, and runs the next one', async () => {
      const bad = 'SELEC id FROM p';
      for (let i = 0; i < 3; i++) await expect(small.query(bad)).rejects.toThrow(/syntax error/);
      expect(await preparedTexts()).not.toContain(bad);
      expect((await small.query('SELECT count(*)::int AS n FROM p')).rows).toEqual([{ n: 2 }]);
    });

    it('a statement prepared in a transaction that rolls back still works after it', async () => {
      const q = 'SELECT v FROM p WHERE id = $1';
      await small.transaction(async (tx) => {
        await tx.query(q, [1]);
        await tx.query(q, [1]);
        await tx.rollback();
      });
      expect((await small.query(q, [2])).rows).toEqual([{ v: 'two' }]);
    });

    it('forgets every statement after a schema change, so a changed table answers with its new columns', async () => {
      const q = 'SELECT * FROM p WHERE id = $1';
      await small.query(q, [1]);
      await small.query(q, [1]);
      expect(await preparedTexts()).toContain(q);
      await small.query(`ALTER TABLE p ADD COLUMN extra int DEFAULT 7`);
      expect(await preparedTexts()).toEqual([]);
      expect((await small.query(q, [1])).rows).toEqual([{ id: 1, v: 'one', extra: 7 }]);
      await small.query(q, [1]);
      await small.exec(`ALTER TABLE p DROP COLUMN extra`);
      expect((await small.query(q, [1])).rows).toEqual([{ id: 1, v: 'one' }]);
    });

    it("reports its thread's CPU time (Linux)", async () => {
      const seconds = small.threadCpuSeconds();
      if (process.platform !== 'linux') return expect(seconds).toBeNull();
      expect(seconds).toBeGreaterThan(0);
    });
  });

  it.each(['worker', 'main'] as const)(
    'starts the embedded database (%s thread) with its settings, as the dump it is given (loadDataDir)',
    async (thread) => {
      const handle = await openDb({ kind: 'pglite', thread, ...template() });
      const shown = (await handle.db.execute(sql`SHOW full_page_writes`)) as unknown as {
        rows: { full_page_writes: string }[];
      };
      expect(shown.rows).toEqual([{ full_page_writes: 'off' }]);
      // Migrated in the dump: no migration has run on this database.
      const migrated = (await handle.db.execute(
        sql`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`,
      )) as unknown as { rows: { n: number }[] };
      expect(migrated.rows[0]!.n).toBeGreaterThan(0);
      await handle.close();
    },
  );
});
