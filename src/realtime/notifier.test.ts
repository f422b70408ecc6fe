import { describe, expect, it, vi } from 'vitest';
import type { DomainEvent } from '../core/shared/events.ts';
import { withOrderFacts } from '../core/shared/event-facts.ts';
import type { NotificationWriter } from '../core/notifications/ports.ts';
import { EventBus } from './event-bus.ts';
import { NOTIFY_CHUNK, Notifier, partsOf, type Queued } from './notifier.ts';

const C = '00000000-0000-4000-8000-00000000000c';
const B = '00000000-0000-4000-8000-00000000000b';
const I = '00000000-0000-4000-8000-0000000000e1';
const at = '2026-05-01T00:00:00.000Z';
const buy = { id: B, communityId: C, title: '鸡蛋团购', deadline: '2026-05-02T04:00:00.000Z' };
const id = (n: number, tag: string) => `00000000-0000-4000-${tag}-${String(n).padStart(12, '0')}`;

/** A new order left waiting, with the facts its batch attaches (no read needed). */
const joinedAndWaiting = (n: number): DomainEvent =>
  withOrderFacts(
    { type: 'order.placed', communityId: C, buyId: B, orderId: id(n, '8000'), at },
    {
      buy,
      order: {
        id: id(n, '8000'),
        householdId: id(n, '9000'),
        householdLabel: `1-${n}`,
        status: 'waitlisted',
        lines: [{ itemId: I, itemName: '鸡蛋', qty: 1, waitlistedQty: 1 }],
      },
    },
  );

/** A repository that records which households' notices were stored (by the number in their id). */
function recordingRepo() {
  const told: number[] = [];
  const repo = {
    insertRows: async (list: readonly { householdId: string }[]) => {
      for (const r of list) told.push(Number(r.householdId.slice(-12)));
      return [];
    },
    quietHours: async () => null,
  } as unknown as NotificationWriter;
  return { told, repo };
}

describe('Notifier', () => {
  it('waits while its hold is busy, then stores a rush in chunks, each an INSERT, and counts them', async () => {
    const inserts: number[] = [];
    const repo = {
      insertRows: async (list: readonly unknown[]) => {
        inserts.push(list.length);
        return [];
      },
      quietHours: async () => null,
    } as unknown as NotificationWriter;
    const bus = new EventBus();
    let busy = true;
    let counted = 0;
    const notifier = new Notifier({ repo, clock: { now: () => new Date(at) }, events: bus }, bus, {
      hold: { busy: () => busy, maxWaitMs: 60_000, maxItems: 100_000, pollMs: 5 },
      onStored: (n) => (counted += n),
    });
    notifier.start();
    const total = 2 * NOTIFY_CHUNK + 200;
    // A rush: events over many turns, while the order batches run.
    for (let n = 0; n < total; n += 100) {
      bus.publish(Array.from({ length: 100 }, (_, k) => joinedAndWaiting(n + k)));
      await new Promise((r) => setImmediate(r));
    }
    await new Promise((r) => setTimeout(r, 30));
    expect(inserts).toEqual([]);
    busy = false;
    await vi.waitFor(() => expect(counted).toBe(total));
    expect(inserts).toEqual([NOTIFY_CHUNK, NOTIFY_CHUNK, 200]);
    await notifier.stop();
  });

  it('writes the notices of the pages it claims, not of pages claimed elsewhere; a failed claim leaves them to the sweep', async () => {
    const { told, repo } = recordingRepo();
    const bus = new EventBus();
    const claims: number[][] = [];
    let fail = false;
    const notifier = new Notifier({ repo, clock: { now: () => new Date(at) }, events: bus }, bus, {
      pages: {
        // Page 7 was claimed elsewhere (the sweep on another instance).
        claim: async (ids) => {
          claims.push([...ids]);
          if (fail) throw new Error('database restarting');
          return new Set(ids.filter((p) => p !== 7));
        },
        claimOrphans: async () => [],
      },
      log: { warn: () => {} },
    });
    notifier.start();
    // Pages 5 and 7 stored with their commit (ids page × 1,000 + place); event 3 stored after its commit.
    bus.publish([joinedAndWaiting(1), joinedAndWaiting(2)], [5_000, 5_001]);
    bus.publish([joinedAndWaiting(3)]);
    bus.publish([joinedAndWaiting(4)], [7_000]);
    await notifier.flush();
    // In their order: page 5's part, event 3 (stored after its commit), page 7's part.
    expect(claims).toEqual([[5], [7]]);
    expect(told).toEqual([1, 2, 3]);
    // A page's later events (a second batch of the same page) need no second claim.
    bus.publish([joinedAndWaiting(5)], [5_002]);
    await notifier.flush();
    expect(claims).toHaveLength(2);
    expect(told).toEqual([1, 2, 3, 5]);
    fail = true;
    bus.publish([joinedAndWaiting(6)], [9_000]);
    bus.publish([joinedAndWaiting(7)]);
    await notifier.flush();
    expect(told).toEqual([1, 2, 3, 5, 7]);
    await notifier.stop();
  });

  it('recovers the orphaned pages a few at a time, their notifying events only, until none are left', async () => {
    const { told, repo } = recordingRepo();
    const bus = new EventBus();
    const stored = (n: number, event: DomainEvent) => ({ id: n, communityId: C, buyId: B, event });
    const rounds = [
      [
        stored(1_000, joinedAndWaiting(1)),
        stored(1_001, { type: 'buy.updated', communityId: C, buyId: B, at }),
      ],
      [stored(2_000, joinedAndWaiting(2))],
    ];
    const asked: number[] = [];
    const owned: (Date | null)[] = [];
    const notifier = new Notifier({ repo, clock: { now: () => new Date(at) }, events: bus }, bus, {
      pages: {
        claim: async () => new Set(),
        claimOrphans: async (olderThanMs, _limit, ownedSince) => {
          asked.push(olderThanMs);
          owned.push(ownedSince ?? null);
          return rounds.shift() ?? [];
        },
      },
    });
    const started = new Date();
    expect(await notifier.recover(30_000, started)).toBe(2);
    expect(told).toEqual([1, 2]);
    expect(asked).toEqual([30_000, 30_000, 30_000]);
    expect(owned).toEqual([started, started, started]);
    expect(
      await new Notifier({ repo, clock: { now: () => new Date(at) }, events: bus }, bus).recover(0),
    ).toBe(0);
  });

  describe('a claim committed with its notices (pages.inTransaction)', () => {
    /**
     * A database's transaction, in memory: claims and notices written in it are kept only if it commits; what
     * happened is recorded in order ("claim 5", "insert 1,2", "commit", "rollback", "publish").
     */
    function transactional(options: { failInsertOf?: number; unusableAfterFailure?: boolean } = {}) {
      const log: string[] = [];
      const told: number[] = [];
      const claimed = new Set<number>();
      const writer = (pending: number[] | null) =>
        ({
          insertRows: async (list: readonly { householdId: string }[]) => {
            const ns = list.map((r) => Number(r.householdId.slice(-12)));
            if (options.failInsertOf !== undefined && ns.includes(options.failInsertOf))
              throw new Error('bad row');
            log.push(`insert ${ns.join(',')}`);
            if (pending) pending.push(...ns);
            else told.push(...ns);
            return [];
          },
          quietHours: async () => null,
        }) as unknown as NotificationWriter;
      const claimIn = (taken: Set<number>) => async (ids: readonly number[]) => {
        log.push(`claim ${ids.join(',')}`);
        const out = new Set(ids.filter((p) => !claimed.has(p) && !taken.has(p)));
        for (const p of out) taken.add(p);
        return out;
      };
      const pages = {
        claim: claimIn(claimed),
        claimOrphans: async () => [],
        async inTransaction<T>(fn: (tx: never) => Promise<T>): Promise<T> {
          const taken = new Set<number>();
          const pending: number[] = [];
          try {
            const value = await fn({
              claim: claimIn(taken),
              claimOrphans: async () => [],
              writer: writer(pending),
              // A failed write is undone to its savepoint (the database's writer), unless the failure was
              // one the transaction cannot go on from.
              usable: async () => {
                if (options.unusableAfterFailure) throw new Error('current transaction is aborted');
              },
            } as never);
            for (const p of taken) claimed.add(p);
            told.push(...pending);
            log.push('commit');
            return value;
          } catch (err) {
            log.push('rollback');
            throw err;
          }
        },
      };
      return { log, told, claimed, pages, repo: writer(null) };
    }

    it('claims the pages and writes their notices in one transaction; phones are told after it commits', async () => {
      const db = transactional();
      const bus = new EventBus();
      bus.subscribe((e) => {
        if (e.type === 'notification.created') db.log.push('publish');
      });
      const notifier = new Notifier({ repo: db.repo, clock: { now: () => new Date(at) }, events: bus }, bus, {
        pages: db.pages,
      });
      notifier.start();
      bus.publish([joinedAndWaiting(1), joinedAndWaiting(2)], [5_000, 5_001]);
      await notifier.flush();
      expect(db.told).toEqual([1, 2]);
      expect(db.claimed).toEqual(new Set([5]));
      expect(db.log.slice(0, 3)).toEqual(['claim 5', 'insert 1,2', 'commit']);
      expect(db.log.slice(3).every((x) => x === 'publish')).toBe(true);
      expect(db.log.length).toBeGreaterThan(3);
      await notifier.stop();
    });

    const threeJoins = (db: ReturnType<typeof transactional>) => {
      const bus = new EventBus();
      const warnings: string[] = [];
      const notifier = new Notifier({ repo: db.repo, clock: { now: () => new Date(at) }, events: bus }, bus, {
        pages: db.pages,
        log: { warn: (_o, msg) => void warnings.push(msg) },
      });
      notifier.start();
      bus.publish([joinedAndWaiting(1), joinedAndWaiting(2), joinedAndWaiting(3)], [5_000, 5_001, 5_002]);
      return { notifier, warnings };
    };

    it('a notice that cannot be stored is left out alone: the others commit with the claim', async () => {
      const db = transactional({ failInsertOf: 2 });
      const { notifier, warnings } = threeJoins(db);
      await notifier.flush();
      // The combined insert failed and was retried event by event, in the same transaction.
      expect(db.log).toEqual(['claim 5', 'insert 1', 'insert 3', 'commit']);
      expect(db.told).toEqual([1, 3]);
      expect(db.claimed).toEqual(new Set([5]));
      expect(warnings).toEqual(['could not store a notification']);
      await notifier.stop();
    });

    it('a failure the transaction cannot go on from rolls the claim back; then the claim and the notices are written one by one', async () => {
      const db = transactional({ failInsertOf: 2, unusableAfterFailure: true });
      const { notifier, warnings } = threeJoins(db);
      await notifier.flush();
      expect(db.log).toContain('rollback');
      expect(db.told).toEqual([1, 3]);
      expect(db.claimed).toEqual(new Set([5]));
      expect(warnings).toContain(
        'could not write notices with their claim; writing them after it, one by one',
      );
      await notifier.stop();
    });

    it('the sweep claims orphaned pages with their notices, and stops when none are left', async () => {
      const db = transactional();
      const bus = new EventBus();
      const rounds = [[{ id: 3_000, communityId: C, buyId: B, event: joinedAndWaiting(4) }]];
      const pages = {
        ...db.pages,
        async inTransaction<T>(fn: (tx: never) => Promise<T>): Promise<T> {
          return db.pages.inTransaction((tx: object) =>
            fn({ ...tx, claimOrphans: async () => rounds.shift() ?? [] } as never),
          );
        },
      };
      const notifier = new Notifier({ repo: db.repo, clock: { now: () => new Date(at) }, events: bus }, bus, {
        pages,
      });
      expect(await notifier.recover(0)).toBe(1);
      expect(db.told).toEqual([4]);
      expect(db.log).toEqual(['insert 4', 'commit', 'commit']);
    });
  });

  it('parts a batch in order, never splitting a page, about NOTIFY_CHUNK events each', () => {
    const q = (storedId: number | undefined): Queued => ({ event: joinedAndWaiting(0), storedId });
    const pageOfN = (n: number, page: number) => Array.from({ length: n }, (_, i) => q(page * 1_000 + i));
    const parts = partsOf([
      ...pageOfN(400, 1),
      ...pageOfN(300, 2),
      ...pageOfN(10, 3),
      q(undefined),
      q(undefined),
      ...pageOfN(2, 4),
    ]);
    expect(parts.map((p) => p.length)).toEqual([700, 10, 2, 2]);
    expect(parts[2]!.every((x) => x.storedId === undefined)).toBe(true);
  });
});
