/**
 * A setup file of the PostgreSQL tier: fails the test file during which a statement was sent to a node-postgres
 * client that was still running another (`Promise.all` over one transaction's statements, for example). pg 8
 * queues such a statement and says so once per process (a DeprecationWarning); pg 9 will refuse it. Since
 * the warning is said once, the file that first does it fails, and later files of the same worker are not
 * checked: enough to stop it from landing.
 */
import { afterAll } from 'vitest';

const BUSY = 'when the client is already executing a query';
const KEY = Symbol.for('linli.pgBusyGuard');
type Holder = { [KEY]?: Error[] };
const holder = globalThis as Holder;

// The worker keeps its modules between files (isolate: false), so the listener is added once.
const seen = (holder[KEY] ??= (() => {
  const list: Error[] = [];
  process.on('warning', (w) => {
    if (w.name === 'DeprecationWarning' && w.message.includes(BUSY)) list.push(w);
  });
  return list;
})());

afterAll(() => {
  const found = seen.splice(0);
  if (found.length > 0)
    throw new Error(
      `a statement was sent to a PostgreSQL client busy with another during this file: send one at a time ` +
        `on a transaction (${found[0]!.message})`,
    );
});
