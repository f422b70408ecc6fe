import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { createSceneWithOpenBuy, loadBuyState } from '../../../test/support/buys.ts';
import { runOrderBatch, type OrderRequest } from '../../core/buys/order-batch.ts';
import { StaleBuyError, type BuysRepo, type BuyTx } from '../../core/buys/ports.ts';
import { bearer } from '../../../test/support/users.ts';

// The optimistic order batch (BuysRepo.optimisticBatch): worked out without the buy's lock, written only if the
// buy is as it was read; otherwise nothing is written and the batch runs again under the lock.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

async function scene() {
  const { s, buy } = await createSceneWithOpenBuy(t, {
    residents: 2,
    items: [{ name: '鸡蛋', priceFen: 2500, stock: 5, perHouseholdMax: 5 }],
  });
  const join = (who: { userId: string }, qty: number): OrderRequest => ({
    userId: who.userId,
    target: { kind: 'mine' },
    change: { kind: 'place', lines: [{ itemId: buy.items[0]!.id, qty }] },
    idempotency: null,
  });
  return { s, buy, join };
}

/** A repository whose optimistic batches see the buy change (its version bumped) right after their reads. */
function racing(repo: BuysRepo, onRace: () => void): BuysRepo {
  return {
    ...repo,
    journal: null, // the optimistic path, whatever LINLI_ORDER_PATH says
    optimistic: true, // on either database
    optimisticBatch: (buyId, fn) =>
      repo.optimisticBatch(buyId, async (tx) => {
        const value = await fn(tx);
        await t.container.db.execute(sql`UPDATE buys SET version = version + 1 WHERE id = ${buyId}`);
        onRace();
        return value;
      }),
  };
}

it('a batch whose buy changed after its reads writes nothing, then runs under the lock and is answered once', async () => {
  const { s, buy, join } = await scene();
  const [a, b] = s.residents;
  let races = 0;
  const deps = { ...t.container.buysDeps, repo: racing(t.container.buysDeps.repo, () => races++) };
  const results = await runOrderBatch(deps, buy.id, [join(a!, 3), join(b!, 4)]);
  expect(races).toBe(1);
  expect(results.map((r) => (r.ok ? r.value.statusCode : r.error))).toEqual([201, 201]);
  const { orders, lines, items } = await loadBuyState(t.container, buy.id);
  expect(orders.map((o) => [o.householdId, o.seq, o.status])).toEqual([
    [a!.household.id, 1, 'active'],
    [b!.household.id, 2, 'active'], // 2 of its 4 allocated
  ]);
  expect(lines.map((l) => [l.qty, l.allocatedQty, l.waitlistedQty]).sort()).toEqual([
    [3, 3, 0],
    [4, 2, 2],
  ]);
  expect(items[0]).toMatchObject({ allocatedQty: 5, waitlistedQty: 2 });
});

it('optimisticBatch throws StaleBuyError and leaves no trace when the buy changed in between', async () => {
  const { s, buy, join } = await scene();
  const repo = racing(t.container.buysDeps.repo, () => {});
  const error = await repo
    .optimisticBatch(buy.id, async (tx) => {
      await tx.lockBuy(buy.id);
      await tx.appendAudit(buy.id, []);
      await tx.saveIdempotency([
        { scope: 'x', key: 'k', requestHash: 'h', statusCode: 201, response: { order: null } },
      ]);
      return join(s.residents[0]!, 1);
    })
    .catch((e: unknown) => e);
  expect(error).toBeInstanceOf(StaleBuyError);
  const stored = await t.container.db.execute(
    sql`SELECT count(*)::int AS n FROM idempotency_keys WHERE scope = 'x'`,
  );
  expect((stored as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(0);
  // Statements that write anything else are refused outright in an optimistic batch.
  await expect(
    t.container.buysDeps.repo.optimisticBatch(buy.id, (tx) => tx.setStatus(buy.id, 'closed', new Date())),
  ).rejects.toThrow(/not available in an optimistic order batch/);
});

it('waitingPrefix reads the first waiters by seq until they hold the want, in a transaction and from the book', async () => {
  const { s, buy } = await createSceneWithOpenBuy(t, {
    residents: 5,
    items: [{ name: '鸡蛋', priceFen: 2500, stock: 2, perHouseholdMax: 3 }],
  });
  const itemId = buy.items[0]!.id;
  // Seq 1 takes the stock; seq 2–5 wait for 1, 2, 1 and 3.
  for (const [n, qty] of [2, 1, 2, 1, 3].entries()) {
    const r = await t.app.inject({
      method: 'PUT',
      url: `/api/buys/${buy.id}/orders/mine`,
      headers: bearer(s.residents[n]!),
      payload: { lines: [{ itemId, qty }] },
    });
    expect(r.statusCode).toBe(201);
  }
  const households = (orders: { householdId: string }[]) =>
    orders.map((o) => s.residents.findIndex((r) => r.household.id === o.householdId) + 1);
  // (Locking the buy expands the order journal first, as every transaction on a buy does.)
  const read = async (tx: BuyTx) => ({
    locked: await tx.lockBuy(buy.id),
    two: await tx.waitingPrefix(buy.id, [{ itemId, qty: 2 }]),
    four: await tx.waitingPrefix(buy.id, [{ itemId, qty: 4 }]),
    all: await tx.waitingPrefix(buy.id, [{ itemId, qty: Number.POSITIVE_INFINITY }]),
    more: await tx.waitingPrefix(buy.id, [{ itemId, qty: 100 }]),
  });
  const check = (got: Awaited<ReturnType<typeof read>>) => {
    expect(households(got.two.orders)).toEqual([2, 3]);
    expect(got.two.through).toEqual(new Map([[itemId, 3]]));
    expect(households(got.four.orders)).toEqual([2, 3, 4]);
    expect(got.four.through).toEqual(new Map([[itemId, 4]]));
    for (const whole of [got.all, got.more]) {
      expect(households(whole.orders)).toEqual([2, 3, 4, 5]);
      expect(whole.through).toEqual(new Map([[itemId, Number.POSITIVE_INFINITY]]));
    }
  };
  const repo = t.container.buysDeps.repo;
  check(await repo.transaction(read));
  if (repo.journal) check(await repo.journal.batch(buy.id, read));
});

it('findBuyToShow hands out the buy read last while its row is the same, and reads it again after any change', async () => {
  const { s, buy } = await scene();
  const repo = t.container.buysDeps.repo;
  const shown = async (id: string) => (await repo.findBuyToShow(id))?.buy ?? null;
  const itemId = buy.items[0]!.id;
  const first = await shown(buy.id);
  expect(first).toEqual(await repo.findBuy(buy.id));
  expect(await shown(buy.id)).toBe(first);

  // A join (an order batch moves the counters and the version, on either order path).
  const joined = await t.app.inject({
    method: 'PUT',
    url: `/api/buys/${buy.id}/orders/mine`,
    headers: bearer(s.residents[0]!),
    payload: { lines: [{ itemId, qty: 2 }] },
  });
  expect(joined.statusCode, joined.body).toBe(201);
  const afterJoin = await shown(buy.id);
  expect(afterJoin).not.toBe(first);
  expect(afterJoin!.items[0]!.allocatedQty).toBe(2);
  expect(afterJoin).toEqual(await repo.findBuy(buy.id));

  // Any write of the row, even one that leaves the version alone.
  await t.container.db.execute(sql`UPDATE buys SET title = '鸡蛋团购（改）' WHERE id = ${buy.id}`);
  expect((await shown(buy.id))!.title).toBe('鸡蛋团购（改）');

  // A leader's edit of the items.
  const edited = await t.app.inject({
    method: 'PATCH',
    url: `/api/buys/${buy.id}`,
    headers: bearer(s.leader),
    payload: { items: [{ id: itemId, name: '鸡蛋', priceFen: 2500, stock: 9, perHouseholdMax: 5 }] },
  });
  expect(edited.statusCode, edited.body).toBe(200);
  const afterEdit = await shown(buy.id);
  expect(afterEdit!.items[0]!.stock).toBe(9);
  expect(afterEdit).toEqual(await repo.findBuy(buy.id));
  expect(await shown(buy.id)).toBe(afterEdit);

  expect(await shown('00000000-0000-4000-8000-000000000000')).toBeNull();
});

it('headers and members asked for at once are read together, and each is answered as if asked alone', async () => {
  const one = await scene();
  const two = await scene();
  const repo = t.container.buysDeps.repo;
  const nobody = '00000000-0000-4000-8000-000000000000';
  const ids = [one.buy.id, two.buy.id, 'not-a-uuid', nobody, one.buy.id];
  const versionOf = async (x: typeof one) => (await repo.findBuy(x.buy.id))!.version;
  const versions = { [one.buy.id]: await versionOf(one), [two.buy.id]: await versionOf(two) };
  const headers = await Promise.all(ids.map((id) => repo.findBuyHeader(id)));
  const header = (x: typeof one) => ({
    id: x.buy.id,
    communityId: x.s.community.id,
    status: 'open',
    createdBy: x.s.leader.memberId,
    version: versions[x.buy.id],
    standingVersion: expect.any(Number),
  });
  expect(headers).toEqual([header(one), header(two), null, null, header(one)]);

  const [a, b] = one.s.residents as [(typeof one.s.residents)[number], (typeof one.s.residents)[number]];
  const [c] = two.s.residents;
  const asked: [string, string][] = [
    [one.s.community.id, a.userId],
    [two.s.community.id, c!.userId],
    [one.s.community.id, b.userId],
    [one.s.community.id, c!.userId], // a member of the other compound only
    ['not-a-uuid', a.userId],
    [nobody, a.userId],
  ];
  const together = await Promise.all(
    asked.map(([communityId, userId]) => repo.memberContext(communityId, userId)),
  );
  const alone = [];
  for (const [communityId, userId] of asked) alone.push(await repo.memberContext(communityId, userId));
  expect(together).toEqual(alone);
  expect(together.map((m) => m?.memberId ?? null)).toEqual([
    a.memberId,
    c!.memberId,
    b.memberId,
    null,
    null,
    null,
  ]);
  expect(together[0]!.household).toMatchObject({ id: a.household.id, verified: true });
});

it("the standing held at the version a buy's header read answers the member's check, and a change of it is seen at once", async () => {
  const { s, buy } = await scene();
  const repo = t.container.buysDeps.repo;
  const cid = s.community.id;
  const [a] = s.residents;
  const before = (await repo.findBuyHeader(buy.id))!;
  const held = await repo.memberContext(cid, a!.userId); // read, and held at the compound's version
  expect(held?.isLeader).toBe(false);
  expect(await repo.memberContext(cid, a!.userId, before.standingVersion)).toEqual(held);
  // An admin makes the resident a leader: the compound's standing version moves with it.
  const made = await t.app.inject({
    method: 'PUT',
    url: `/api/members/${a!.memberId}/roles`,
    headers: bearer(s.admin),
    payload: { admin: false, leader: true, volunteerBuildingIds: [] },
  });
  expect(made.statusCode, made.body).toBe(200);
  const after = (await repo.findBuyHeader(buy.id))!;
  expect(after.standingVersion).not.toBe(before.standingVersion);
  // At the version the header read now, the held standing is not an answer: it is read again.
  expect((await repo.memberContext(cid, a!.userId, after.standingVersion))?.isLeader).toBe(true);
  expect((await repo.memberContext(cid, a!.userId))?.isLeader).toBe(true);
  // A member nobody has asked for yet is read, hint or not.
  const [, b] = s.residents;
  expect((await repo.memberContext(cid, b!.userId, after.standingVersion))?.memberId).toBe(b!.memberId);
  // And the buy's own reads see the change (its header and its shown buy carry the same version).
  expect((await repo.findBuyToShow(buy.id))?.standingVersion).toBe(after.standingVersion);
});
