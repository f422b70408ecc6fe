// The embedded database on its own thread (see pglite-worker-client.ts, which starts this file and speaks
// to it). Plain JavaScript so that it runs unchanged from the sources, from the bundle and under the tests.
//
// Messages in:  { id, op: 'query', tx, sql, params } | { id, op: 'exec', tx, sql }
//               { op: 'begin', txId } (no answer) | { id, op: 'commit', tx } | { id, op: 'rollback', tx } | { id, op: 'close' }
//               { id, op: 'script', statements: [{ sql, params, expect? }] } (a whole transaction: 'committed' | 'stale')
// Messages out: { id, ok: true, value } | { id, ok: false, error: { message, ...fields } }
//               a query's value is PostgreSQL's answer as it came off the wire (a Uint8Array, transferred)
//               { ready: true, arrayTypes: [{ oid, typarray }], tid } once open (tid: this thread's Linux id, or null)
import { Blob } from 'node:buffer';
import { readFileSync, readlinkSync } from 'node:fs';
import process from 'node:process';
import { performance } from 'node:perf_hooks';
import { clearInterval, setInterval } from 'node:timers';
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, protocol } from '@electric-sql/pglite';
import pgUtils from 'pg/lib/utils.js';

// Node runs a thread's event loop until nothing keeps it alive, then waits for the platform's background tasks
// (NodePlatform::DrainTasks) before it looks again. While PGlite opens, only V8's WebAssembly compilation is
// pending, so without a live handle the thread would sit in that wait after the open, for as long as V8's
// background compile jobs run (~200–270 ms at every start, measured), before it reads its first message. The
// message listener keeps the loop alive once it is attached, below.
const keepAlive = setInterval(() => {}, 60_000);
const db = await PGlite.create(workerData.dataDir, {
  startParams: [...PGlite.defaultStartParams, ...(workerData.extraStartParams ?? [])],
  // A dump of a data folder (dumpDataDir) to start from instead of an empty database.
  ...(workerData.loadDataDir ? { loadDataDir: new Blob([readFileSync(workerData.loadDataDir)]) } : {}),
});

const reply = (id, value) => parentPort.postMessage({ id, ok: true, value });
/** A query's answer: the bytes move to the other thread without a copy. */
const replyBytes = (id, bytes) => parentPort.postMessage({ id, ok: true, value: bytes }, [bytes.buffer]);

/**
 * Statements the database keeps parsed and planned, by their text (PostgreSQL's named prepared statements: the
 * session is this thread's for good). A text is prepared the second time it is seen: the statements of the
 * order path, the token and standing lookups and the event pages repeat with every batch, while texts made
 * once (a list of ids written into the SQL, a migration) are not worth a name. Parsing, analysing and planning
 * a statement again cost the embedded database 40–210 µs a statement here, more than running most of them
 * (docs/benchmarks.md, sixteenth session; in a rush the database thread's CPU per join fell by about a third).
 * PostgreSQL keeps a prepared statement's plans valid itself (a table altered or recreated is planned again);
 * the cache is emptied after any statement that changes the schema, and a statement whose Parse failed is not
 * kept. LINLI_PGLITE_PREPARE=0 turns it off (for comparisons).
 */
const PREPARED_MAX = workerData.preparedMax ?? 256;
const SEEN_MAX = 2048;
/** Longer texts hold data written into the SQL (a list of ids): run unnamed, not remembered. */
const PREPARED_TEXT_MAX = 16_384;
const prepared = new Map(); // text → name, least recently used first
const seen = new Set(); // texts run once, unnamed
let nextStatement = 1;
const preparing = process.env.LINLI_PGLITE_PREPARE !== '0';
/** A statement that may change what a prepared one means (leading comments allowed). */
const SCHEMA_CHANGE =
  /^\s*(?:--[^\n]*\n\s*|\/\*[\s\S]*?\*\/\s*)*(CREATE|ALTER|DROP|TRUNCATE|COMMENT|GRANT|REVOKE|REINDEX|CLUSTER|DEALLOCATE|DISCARD)\b/i;

/**
 * The messages that begin running `sql`: a Parse of an unnamed statement, or of a named one (the text's second
 * time; a Close of the statement used longest ago first when the cache is full), or nothing when the text is
 * prepared already. Returns the statement's name ('' unnamed) and whether this Parse names it.
 */
function statementFor(sql, messages) {
  const { serialize } = protocol;
  if (!preparing || sql.length > PREPARED_TEXT_MAX) {
    messages.push(serialize.parse({ text: sql }));
    return { name: '', fresh: false };
  }
  const name = prepared.get(sql);
  if (name !== undefined) {
    prepared.delete(sql);
    prepared.set(sql, name);
    return { name, fresh: false };
  }
  if (!seen.has(sql) || SCHEMA_CHANGE.test(sql)) {
    if (seen.size >= SEEN_MAX) seen.clear();
    seen.add(sql);
    messages.push(serialize.parse({ text: sql }));
    return { name: '', fresh: false };
  }
  seen.delete(sql);
  if (prepared.size >= PREPARED_MAX) {
    const [oldest, oldName] = prepared.entries().next().value;
    prepared.delete(oldest);
    messages.push(serialize.close({ type: 'S', name: oldName }));
  }
  const fresh = `linli_${nextStatement++}`;
  prepared.set(sql, fresh);
  messages.push(serialize.parse({ text: sql, name: fresh }));
  return { name: fresh, fresh: true };
}

/** Whether an answer holds a ParseComplete (after a CloseComplete, if a statement was closed first). */
function parsed(bytes) {
  let at = 0;
  while (at + 5 <= bytes.length) {
    const code = bytes[at];
    if (code === 0x31) return true; // ParseComplete
    if (code !== 0x33) return false; // anything but CloseComplete: the Parse failed
    at += 1 + ((bytes[at + 1] << 24) | (bytes[at + 2] << 16) | (bytes[at + 3] << 8) | bytes[at + 4]);
  }
  return false;
}

/**
 * Forgets every prepared statement (after a schema change: a prepared SELECT * must not keep its old shape).
 * Sent as raw protocol under the query lock, so it runs inside an open transaction as well as outside one.
 */
async function forgetPrepared() {
  if (prepared.size === 0) return;
  prepared.clear();
  seen.clear();
  await db.runExclusive(() =>
    db.execProtocolRawStream(protocol.serialize.query('DEALLOCATE ALL'), {
      syncToFs: false,
      onRawData: () => {},
    }),
  );
}
/** Whether a script run with exec may have changed the schema (it may hold many statements). */
const mayChangeSchema = (sql) => /\b(CREATE|ALTER|DROP|TRUNCATE|RENAME)\b/i.test(sql);

/**
 * One statement as PostgreSQL's extended protocol (Parse, Bind, Describe, Execute, Sync) in one call, its
 * answer left as bytes for the caller's thread to decode. This thread runs the database and nothing else
 * it can avoid: PGlite's own query() decodes every answer into objects here (and asks for the parameter
 * types in a call of its own first), and copying those objects to the server's thread cost more than the
 * bytes. Parameters are sent as text the way node-postgres sends them (the same code then runs against
 * PostgreSQL with that client), and the server infers their types either way.
 */
async function queryBytes(sql, params) {
  const { serialize } = protocol;
  const messages = [];
  const statement = statementFor(sql, messages);
  messages.push(
    serialize.bind({
      statement: statement.name,
      values: (params ?? []).map((v) => pgUtils.prepareValue(v)),
    }),
    serialize.describe({ type: 'P' }),
    serialize.execute({}),
    serialize.sync(),
  );
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
  const out = await db.runExclusive(async () => {
    await db.execProtocolRawStream(bytes, {
      syncToFs: false,
      onRawData: (chunk) => {
        chunks.push(chunk.slice());
        size += chunk.length;
      },
    });
    let out = chunks[0] ?? new Uint8Array(0);
    if (chunks.length > 1) {
      out = new Uint8Array(size);
      let at = 0;
      for (const c of chunks) {
        out.set(c, at);
        at += c.length;
      }
    }
    if (statement.fresh && !parsed(out)) prepared.delete(sql);
    return out;
  });
  if (SCHEMA_CHANGE.test(sql)) await forgetPrepared();
  return out;
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

/** A script in the simple protocol (on the database or an open transaction's handle). */
async function execAndForget(on, sql) {
  const out = await on.exec(sql);
  if (mayChangeSchema(sql)) await forgetPrepared();
  return out;
}

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
  const returned = [];
  try {
    await db.transaction(async () => {
      for (const s of statements) {
        const messages = await timed(s.sql, () => checked(s.sql, s.params));
        if (s.returning) for (const m of messages) if (m.name === 'dataRow') returned.push(m.fields[0]);
        if (s.expect === undefined) continue;
        const row = messages.find((m) => m.name === 'dataRow');
        if (!row || row.fields[0] !== String(s.expect)) throw STALE;
      }
    });
  } catch (err) {
    if (err === STALE) return { outcome: 'stale', returned: [] };
    throw err;
  }
  return { outcome: 'committed', returned };
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
        if (msg.op === 'exec')
          reply(msg.id, (await timed(msg.sql, () => execAndForget(tx, msg.sql))).map(plain));
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
      return timed(msg.sql, () => execAndForget(db, msg.sql)).then(
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
// This thread's id as Linux numbers it ("PID/task/TID"), so that the server can report its CPU time (metrics).
let tid = null;
try {
  tid = Number(readlinkSync('/proc/thread-self').split('/').at(-1)) || null;
} catch {
  // not Linux
}
parentPort.postMessage({ ready: true, arrayTypes, tid });
clearInterval(keepAlive);
