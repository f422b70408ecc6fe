// The embedded database on its own thread (see pglite-worker-client.ts, which starts this file and speaks
// to it). Plain JavaScript so that it runs unchanged from the sources, from the bundle and under the tests.
//
// Messages in:  { id, op: 'query', tx, sql, params, rowMode, rawTypes } | { id, op: 'exec', tx, sql }
//               { id, op: 'begin' } | { id, op: 'commit', tx } | { id, op: 'rollback', tx } | { id, op: 'close' }
// Messages out: { id, ok: true, value } | { id, ok: false, error: { message, ...fields } }
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite } from '@electric-sql/pglite';

const db = await PGlite.create(workerData.dataDir, {
  startParams: [...PGlite.defaultStartParams, ...(workerData.extraStartParams ?? [])],
});

const reply = (id, value) => parentPort.postMessage({ id, ok: true, value });
const fail = (id, err) => {
  // A PGlite DatabaseError carries code, detail, constraint, table…: send them all (plain values only).
  const error = { message: err instanceof Error ? err.message : String(err), name: err?.name ?? 'Error' };
  if (err && typeof err === 'object')
    for (const [k, v] of Object.entries(err))
      if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) error[k] = v;
  parentPort.postMessage({ id, ok: false, error });
};

/** Types whose text is handed back untouched (the caller's parsers for them return the text as it is). */
const identity = (value) => value;
function queryOptions(msg) {
  const options = {};
  if (msg.rowMode) options.rowMode = msg.rowMode;
  if (msg.rawTypes?.length) options.parsers = Object.fromEntries(msg.rawTypes.map((t) => [t, identity]));
  return options;
}
const plain = (r) => ({ rows: r.rows, fields: r.fields, affectedRows: r.affectedRows });

/** Open transactions by id: their statements arrive one by one and run on the transaction's handle. */
const open = new Map();
let nextTx = 1;
const ROLLBACK = Symbol('rollback');

function begin(id) {
  const txId = nextTx++;
  const state = { inbox: [], wake: null };
  open.set(txId, state);
  const next = () =>
    state.inbox.length > 0 ? Promise.resolve(state.inbox.shift()) : new Promise((r) => (state.wake = r));
  let ending = null;
  db.transaction(async (tx) => {
    reply(id, txId);
    for (;;) {
      const msg = await next();
      if (msg.op === 'commit' || msg.op === 'rollback') {
        ending = msg;
        if (msg.op === 'rollback') throw ROLLBACK;
        return;
      }
      try {
        if (msg.op === 'exec') reply(msg.id, (await tx.exec(msg.sql)).map(plain));
        else reply(msg.id, plain(await tx.query(msg.sql, msg.params, queryOptions(msg))));
      } catch (err) {
        fail(msg.id, err);
      }
    }
  }).then(
    () => {
      open.delete(txId);
      reply(ending.id, null);
    },
    (err) => {
      open.delete(txId);
      if (err === ROLLBACK) reply(ending.id, null);
      else if (ending) fail(ending.id, err);
      else fail(id, err); // BEGIN itself failed
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
      return begin(msg.id);
    case 'query':
      return db.query(msg.sql, msg.params, queryOptions(msg)).then(
        (r) => reply(msg.id, plain(r)),
        (e) => fail(msg.id, e),
      );
    case 'exec':
      return db.exec(msg.sql).then(
        (r) => reply(msg.id, r.map(plain)),
        (e) => fail(msg.id, e),
      );
    case 'close':
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

parentPort.postMessage({ ready: true });
