/**
 * Crash safety (issue #7): `kill -9` a real `linli serve` in the middle of a rush of joins, start it again on
 * the same data, and check that every acknowledged join is stored exactly as it was answered, that stock never
 * oversold, and that retried requests with the same Idempotency-Key get the original answer. Runs on the
 * embedded database (a data folder on disk) and, in the postgres tier, on a throw-away PostgreSQL database.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { linesOf } from './support/order-replay.ts';
import {
  allOrders,
  buyItem,
  call,
  eventLabels,
  freshData,
  noticesOf,
  openBuy,
  rushInvariants,
  seedHouseholds,
  spawnServe,
  type ApiAnswer,
  type DataLocation,
  type OrderView,
  type SeedFile,
  type ServeProcess,
} from './support/linli-process.ts';

const HOUSEHOLDS = 300;
const STOCK = 150;
const CONNECTIONS = 40;
/** Kill once this many joins were acknowledged: the rest are queued, in a batch, or being committed. */
const KILL_AFTER = 120;

let data: DataLocation;
let seed: SeedFile;
const servers: ServeProcess[] = [];

beforeAll(async () => {
  data = await freshData();
  seed = await seedHouseholds(data, HOUSEHOLDS);
  // About 10 s on an idle machine (a new embedded database is initialised first); generous for a loaded CI.
}, 180_000);

afterAll(async () => {
  for (const s of servers) await s.kill9();
  await data?.cleanup();
});

type Answer = ApiAnswer<{ order: OrderView }>;
const joinBody = (i: number, itemId: string) => ({ lines: [{ itemId, qty: 1 + (i % 3) }] });
const keyOf = (i: number) => `rush-${i}`;

describe(`kill -9 in the middle of a rush (${process.env.LINLI_TEST_DB ?? 'pglite'})`, () => {
  it('keeps every acknowledged join, never oversells, restarts cleanly and replays idempotent retries', async () => {
    const first = await spawnServe(data);
    servers.push(first);
    const { buyId, itemId } = await openBuy(first.url, seed, { stock: STOCK, perHouseholdMax: 3 });
    const put = (url: string, i: number) =>
      call<{ order: OrderView }>(
        `${url}/api/buys/${buyId}/orders/mine`,
        seed.households[i]!.token,
        'PUT',
        joinBody(i, itemId),
        { 'idempotency-key': keyOf(i) },
      );

    // The rush: CONNECTIONS workers each take the next household; kill -9 soon after KILL_AFTER answers. Not at
    // once: one commit can answer every join in flight, and killing on the first of those answers (the others
    // already read but not yet handled here) would leave none in flight. A timer runs after every answer read
    // so far is handled, and each of those workers has sent its next join by then.
    const acked = new Map<number, Answer>();
    const unanswered = new Set<number>();
    let next = 0;
    let dead = false;
    let killed: Promise<void> | null = null;
    const killSoon = () =>
      new Promise((resolve) => setTimeout(resolve, 1)).then(() => {
        dead = true;
        return first.kill9();
      });
    const worker = async () => {
      while (!dead && next < HOUSEHOLDS) {
        const i = next++;
        try {
          const answer = await put(first.url, i);
          if (answer.status >= 500) throw new Error(`server error ${answer.status}`);
          expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
          acked.set(i, answer);
          if (acked.size >= KILL_AFTER) killed ??= killSoon();
        } catch (err) {
          if (!dead) throw err;
          unanswered.add(i); // the connection died with the server: we do not know whether it committed
        }
      }
    };
    await Promise.all(Array.from({ length: CONNECTIONS }, worker));
    await killed;
    expect(first.child.signalCode).toBe('SIGKILL');
    expect(unanswered.size, 'some joins were in flight when the server died').toBeGreaterThan(0);

    // Start again on the same data: no manual step, and it says what it did (a stale lock taken over). The
    // notices the first one held are written at the new one's first sweep, 5 s after its start: on the
    // embedded database by default (everything stored before its start is an orphan), on PostgreSQL, where
    // another instance could be holding them, when told that they are orphans at once.
    const second = await spawnServe(
      data,
      data.tier === 'pglite' ? {} : { LINLI_NOTICES_ORPHANED_AFTER_MS: '0' },
    );
    servers.push(second);
    if (data.tier === 'pglite') expect(second.output()).toMatch(/stale lock/);
    expect(second.output()).not.toMatch(/error|repair|corrupt/i);

    // Every acknowledged join is stored as answered (same order, seq and allocation; the answer's place in the
    // queue is not stored, and has moved since).
    const before = await allOrders(second.url, seed.leader.token, buyId);
    const byHousehold = new Map(before.map((o) => [o.householdId, o]));
    for (const [i, answer] of acked) {
      const stored = byHousehold.get(seed.households[i]!.householdId);
      expect(stored, `acknowledged join ${i}`).toBeDefined();
      expect({ id: stored!.id, seq: stored!.seq, lines: linesOf(stored!) }).toEqual({
        id: answer.body.order.id,
        seq: answer.body.order.seq,
        lines: linesOf(answer.body.order),
      });
    }
    expect(rushInvariants(await buyItem(second.url, seed.leader.token, buyId), before)).toEqual([]);

    // Every stored order's 接龙 line is in the buy's stored events: a page that reconnects is replayed it.
    // (Events were stored after the commit until the thirty-second session, and a kill lost the last ones.)
    const labelOf = new Map(seed.households.map((h) => [h.householdId, h.label]));
    const lines = await eventLabels(second.url, seed.leader.token, buyId);
    expect(before.filter((o) => !lines.has(labelOf.get(o.householdId)!)).map((o) => o.seq)).toEqual([]);

    // Every acknowledged join left waiting is told so, once, though the first server was killed while its
    // notifier held a rush's notices (until the thirty-third session they were lost).
    const waiting = [...acked].filter(([, a]) => a.body.order.lines.some((l) => l.waitlistedQty > 0));
    expect(waiting.length, 'the rush leaves households waiting').toBeGreaterThan(0);
    const told = async () => {
      const counts: number[] = [];
      for (const [i] of waiting)
        counts.push(
          await noticesOf(second.url, seed.households[i]!.token, seed.communityId, buyId, 'order_waitlisted'),
        );
      return counts;
    };
    await vi.waitFor(async () => expect(await told()).toEqual(waiting.map(() => 1)), {
      timeout: 30_000,
      interval: 500,
    });
    if (data.tier === 'pglite') expect(second.output()).toMatch(/recovered the notices of \d+ events/);

    // Retries with the same key: acknowledged ones get the original answer and change nothing; the ones
    // lost in flight either replay what was committed or are placed now; never twice.
    for (const [i, answer] of acked) {
      const retry = await put(second.url, i);
      expect(retry).toEqual(answer);
    }
    for (const i of unanswered) {
      const retry = await put(second.url, i);
      expect(retry.status, JSON.stringify(retry.body)).toBeLessThan(300);
      const stored = byHousehold.get(seed.households[i]!.householdId);
      if (stored) expect(retry.body.order.id).toBe(stored.id);
    }
    const after = await allOrders(second.url, seed.leader.token, buyId);
    expect(after.length).toBe(
      before.length + [...unanswered].filter((i) => !byHousehold.has(seed.households[i]!.householdId)).length,
    );
    expect(rushInvariants(await buyItem(second.url, seed.leader.token, buyId), after)).toEqual([]);

    await second.stop();
    expect(second.child.exitCode).toBe(0);
    // About 15–20 s on an idle machine.
  }, 180_000);
});
