import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { createSceneWithOpenBuy } from '../../../test/support/buys.ts';
import { bearer } from '../../../test/support/users.ts';
import { dbTier } from '../../../test/support/linli-process.ts';
import type { DomainEvent } from '../../core/shared/events.ts';
import { rows } from './raw-sql.ts';
import { outboxOf, pageOf } from './event-store.ts';

/**
 * A phone that reconnects with `Last-Event-ID` is replayed the events after that id, and its stream then drops
 * live frames up to the id the replay reached (http/realtime/event-stream.ts). That is only right if a compound's
 * event ids are visible in their order: once a reader has seen an id, no lower id of the same compound may
 * commit later, or that event is never replayed to anyone who saw the higher one. On PostgreSQL two
 * transactions draw ids from one sequence and may commit in the other order (a payment decision locks its
 * payment, not the buy; two buys of one compound lock different rows), so every insert of events first takes a
 * lock on its compound, held until its commit (event-store.ts, `compoundLocks`). PostgreSQL only: the embedded
 * database runs one transaction at a time (this test's open transaction would hold up its own reads), so there
 * the order holds anyway.
 */

/** Every stored page's id of the compound, as a new reader sees them now. */
const visible = async (t: TestApp, communityId: string) =>
  (
    await rows<{ id: string | number }>(
      t.container.db,
      sql`SELECT id FROM domain_events WHERE community_id = ${communityId} ORDER BY id`,
    )
  ).map((r) => Number(r.id));

describe.skipIf(dbTier() !== 'postgres')("a compound's event ids become visible in their order", () => {
  let t: TestApp;
  let scene: Awaited<ReturnType<typeof createSceneWithOpenBuy>>;
  beforeAll(async () => {
    t = await createTestApp();
    scene = await createSceneWithOpenBuy(t, { residents: 2 });
  });
  afterAll(() => t.close());

  for (const channel of ['buy', 'compound'] as const)
    it(`an order's events wait for an earlier transaction's events (${channel} channel) to commit`, async () => {
      const { s, buy } = scene;
      const communityId = s.community.id;
      const event: DomainEvent =
        channel === 'buy'
          ? { type: 'money.updated', communityId, buyId: buy.id, at: new Date().toISOString() }
          : {
              type: 'member.roles_changed',
              communityId,
              memberId: s.leader.memberId,
              at: new Date().toISOString(),
            };
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let storedFirst!: () => void;
      const first = new Promise<void>((r) => (storedFirst = r));
      const stored = { ids: null as number[] | null };
      // A transaction that stores its events (as transactionWithEvents does) and has not committed yet.
      const earlier = t.container.db.transaction(async (tx) => {
        await outboxOf(tx, null).storeEvents([event], stored);
        storedFirst();
        await gate;
      });
      await first;
      const before = await visible(t, communityId);
      // An order on the buy meanwhile.
      const join = t.app.inject({
        method: 'PUT',
        url: `/api/buys/${buy.id}/orders/mine`,
        headers: bearer(s.residents[channel === 'buy' ? 0 : 1]!),
        payload: { lines: [{ itemId: buy.items[0]!.id, qty: 1 }] },
      });
      const answered = await Promise.race([
        join.then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), 500)),
      ]);
      // What a reader sees while the earlier transaction is open: nothing after it.
      const during = await visible(t, communityId);
      release();
      await earlier;
      expect((await join).statusCode).toBeLessThan(300);
      const after = await visible(t, communityId);
      const mine = pageOf(stored.ids![0]!);
      expect(after).toContain(mine);
      // Whatever a reader saw while it was open is a prefix of what there is now: no id below one already
      // seen appeared later.
      const seen = Math.max(...during);
      expect(
        after.filter((id) => id < seen && !during.includes(id)),
        `ids that became visible below ${seen}, which a reader had seen (answered meanwhile: ${answered})`,
      ).toEqual([]);
      expect(during).toEqual(before);
      expect(answered, 'the join committed while the earlier events were open').toBe(false);
    });
});
