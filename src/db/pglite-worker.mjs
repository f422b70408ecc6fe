// The embedded database on its own thread (see pglite-worker-client.ts, which starts this file and speaks
// to it). Plain JavaScript so that it runs unchanged from the sources, from the bundle and under the tests.
//
// Messages in:  { id, op: 'query', tx, sql, params } | { id, op: 'exec', tx, sql }
//               { op: 'begin', txId } (no answer) | { id, op: 'commit', tx } | { id, op: 'rollback', tx } | { id, op: 'close' }
//               { id, op: 'script', statements: [{ sql, params, expect? }] } (a whole transaction: 'committed' | 'stale')
// Messages out: { id, ok: true, value } | { id, ok: false, error: { message, ...fields } }
//               a query's value is PostgreSQL's answer as it came off the wire (a Uint8Array, transferred)
//               { ready: true, arrayTypes: [{ oid, typarray }] } once open
import process from 'node:process';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, protocol } from '@electric-sql/pglite';
import pgUtils from 'pg/lib/utils.js';

const db = await PGlite.create(workerData.dataDir, {
  startParams: [...PGlite.defaultStartParams, ...(workerData.extraStartParams ?? [])],
});

const reply = (id, value) => parentPort.postMessage({ id, ok: true, value });
/** A query's answer: the bytes move to the other thread without a copy. */
const replyBytes = (id, bytes) => parentPort.postMessage({ id, ok: true, value: bytes }, [bytes.buffer]);

/**
 * One statement as PostgreSQL's extended protocol (Parse, Bind, Describe, Execute, Sync) in one call, its
 * answer left as bytes for the caller's thread to decode. This thread runs the database and nothing else
 * it can avoid: PGlite's own query() decodes every answer into objects here (and asks for the parameter
 * types in a call of its own first), and copying those objects to the server's thread cost more than the
 * bytes. Parameters are sent as text the way node-postgres sends them (the same code then runs against
 * PostgreSQL with that client), and the server infers their types either way.
 */
function queryBytes(sql, params) {
  const { serialize } = protocol;
  const messages = [
    serialize.parse({ text: sql }),
    serialize.bind({ values: (params ?? []).map((v) => pgUtils.prepareValue(v)) }),
    serialize.describe({ type: 'P' }),
    serialize.execute({}),
    serialize.sync(),
  ];
  const bytes = new Uint8Array(messages.reduce((n, m) => n + m.length, 0));
  let at = 0;
  for (const m of messages) {
    bytes.set(m, at);
    at += m.length;
  }
  // execProtocolRaw would also decode the answer here (to watch for errors and notifications); the stream
  // variant hands over the bytes only. Each chunk is a view of the database's memory: copied out.
  const chunks = [];
  let size = 0;
  return db.runExclusive(async () => {
    await db.execProtocolRawStream(bytes, {
      syncToFs: false,
      onRawData: (chunk) => {
        chunks.push(chunk.slice());
        size += chunk.length;
      },
    });
    if (chunks.length === 1) return chunks[0];
    const out = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  });
}

/** A statement outside any transaction: it waits for an open one to end, as PGlite's query() does. */
async function queryAlone(sql, params) {
  const out = await db._runExclusiveTransaction(() => timed(sql, () => queryBytes(sql, params)));
  await db.syncToFs();
  return out;
}
const fail = (id, err) => {
  // A PGlite DatabaseError carries code, detail, constraint, table…: send them all (plain values only).
  const error = { message: err instanceof Error ? err.message : String(err), name: err?.name ?? 'Error' };
  if (err && typeof err === 'object')
    for (const [k, v] of Object.entries(err))
      if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) error[k] = v;
  parentPort.postMessage({ id, ok: false, error });
};

const plain = (r) => ({ rows: r.rows, fields: r.fields, affectedRows: r.affectedRows });

/**
 * LINLI_PGLITE_PROFILE=1: time spent per statement (by its first 90 characters; total, count, mean and the
 * longest), printed to stderr when the database closes. A measuring aid for the benchmarks; off by default.
 */
const profile = process.env.LINLI_PGLITE_PROFILE === '1' ? new Map() : null;
async function timed(key, run) {
  if (!profile) return run();
  const t0 = performance.now();
  let bytes = 0;
  try {
    const out = await run();
    if (out instanceof Uint8Array) bytes = out.length;
    return out;
  } finally {
    record(key, t0, bytes);
  }
}
function record(key, t0, bytes = 0) {
  const k = key.replace(/\s+/g, ' ').slice(0, 90);
  const e = profile.get(k) ?? { n: 0, ms: 0, max: 0, bytes: 0 };
  const ms = performance.now() - t0;
  e.n++;
  e.ms += ms;
  e.max = Math.max(e.max, ms);
  e.bytes += bytes;
  profile.set(k, e);
}
function printProfile() {
  if (!profile) return;
  const list = [...profile.entries()].sort((a, b) => b[1].ms - a[1].ms);
  const total = list.reduce((s, [, e]) => s + e.ms, 0);
  const lines = list
    .slice(0, 30)
    .map(
      ([k, e]) =>
        `${e.ms.toFixed(0).padStart(7)} ms ${String(e.n).padStart(7)} × ${((e.ms / e.n) * 1000).toFixed(0).padStart(6)} µs (max ${e.max.toFixed(1).padStart(6)} ms, answers ${(e.bytes / 1024).toFixed(0).padStart(6)} KB)  ${k}`,
    );
  process.stderr.write(`PGlite profile: ${total.toFixed(0)} ms in statements\n${lines.join('\n')}\n`);
}

/** A statement whose answer is looked at here: PostgreSQL's error is thrown, the messages returned. */
async function checked(sql, params) {
  const messages = [];
  new protocol.Parser().parse(await queryBytes(sql, params), (m) => messages.push(m));
  const error = messages.find((m) => m.name === 'error');
  if (error) throw Object.assign(new Error(error.message), error, { query: sql });
  return messages;
}

const STALE = Symbol('stale');

/**
 * A whole transaction in one message: its statements run in order and it commits, without the database ever
 * waiting on the other thread while it is held (a transaction sent statement by statement holds it idle while
 * the server thread, busy with requests, gets round to sending the next one). A statement with `expect` is a
 * check: when its first column of its first row is not that value (as text), the transaction is rolled back
 * and the answer is 'stale'. An error rolls back and is the answer.
 */
async function runScript(statements) {
  try {
    await db.transaction(async () => {
      for (const s of statements) {
        const messages = await timed(s.sql, () => checked(s.sql, s.params));
        if (s.expect === undefined) continue;
        const row = messages.find((m) => m.name === 'dataRow');
        if (!row || row.fields[0] !== String(s.expect)) throw STALE;
      }
    });
  } catch (err) {
    if (err === STALE) return 'stale';
    throw err;
  }
  return 'committed';
}

/**
 * Open transactions by the id the caller gave them: their statements arrive one by one (the first ones often
 * before the transaction has begun: the caller does not wait for BEGIN) and run on the transaction's handle.
 */
const open = new Map();
const ROLLBACK = Symbol('rollback');

function begin(txId) {
  if (open.has(txId)) throw new Error(`transaction ${txId} is already open`);
  const state = { inbox: [], wake: null };
  open.set(txId, state);
  const next = () =>
    state.inbox.length > 0 ? Promise.resolve(state.inbox.shift()) : new Promise((r) => (state.wake = r));
  let ending = null;
  db.transaction(async (tx) => {
    for (;;) {
      const waitFrom = profile ? performance.now() : 0;
      const msg = await next();
      if (profile) record('(a transaction holding the database, waiting for its next statement)', waitFrom);
      if (msg.op === 'commit' || msg.op === 'rollback') {
        ending = msg;
        ending.t0 = performance.now();
        if (msg.op === 'rollback') throw ROLLBACK;
        return;
      }
      try {
        if (msg.op === 'exec') reply(msg.id, (await timed(msg.sql, () => tx.exec(msg.sql))).map(plain));
        else replyBytes(msg.id, await timed(msg.sql, () => queryBytes(msg.sql, msg.params)));
      } catch (err) {
        fail(msg.id, err);
      }
    }
  }).then(
    () => {
      open.delete(txId);
      if (profile) record('COMMIT (transaction end)', ending.t0);
      reply(ending.id, null);
    },
    (err) => {
      open.delete(txId);
      if (err === ROLLBACK) reply(ending.id, null);
      else if (ending) fail(ending.id, err);
      // BEGIN itself failed: so do the statements sent after it (BEGIN gets no answer of its own).
      else for (const msg of state.inbox.splice(0)) fail(msg.id, err);
    },
  );
}

parentPort.on('message', (msg) => {
  if (msg.tx !== undefined && msg.tx !== null) {
    const state = open.get(msg.tx);
    if (!state) return fail(msg.id, new Error(`transaction ${msg.tx} is not open`));
    if (state.wake) {
      const wake = state.wake;
      state.wake = null;
      wake(msg);
    } else state.inbox.push(msg);
    return;
  }
  switch (msg.op) {
    case 'begin':
      return begin(msg.txId);
    case 'query':
      return queryAlone(msg.sql, msg.params).then(
        (bytes) => replyBytes(msg.id, bytes),
        (e) => fail(msg.id, e),
      );
    case 'script':
      return runScript(msg.statements).then(
        (outcome) => reply(msg.id, outcome),
        (e) => fail(msg.id, e),
      );
    case 'exec':
      return timed(msg.sql, () => db.exec(msg.sql)).then(
        (r) => reply(msg.id, r.map(plain)),
        (e) => fail(msg.id, e),
      );
    case 'close':
      printProfile();
      return db.close().then(
        () => {
          reply(msg.id, null);
          parentPort.close();
        },
        (e) => fail(msg.id, e),
      );
    default:
      return fail(msg.id, new Error(`unknown operation ${msg.op}`));
  }
});

// The array types PGlite decodes (it reads them the same way when it opens): the caller's thread decodes
// answers now, with the same table of parsers.
const arrayTypes = (
  await db.query(`SELECT b.oid, b.typarray FROM pg_catalog.pg_type a
    LEFT JOIN pg_catalog.pg_type b ON b.oid = a.typelem
    WHERE a.typcategory = 'A' GROUP BY b.oid, b.typarray ORDER BY b.oid`)
).rows;
parentPort.postMessage({ ready: true, arrayTypes });
