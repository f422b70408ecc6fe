import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { createContainer } from '../../container.ts';
import { buildApp } from '../../http/app.ts';
import { verifyAuditTrail } from '../../core/audit/verify-audit.ts';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import {
  createOneItemBuy,
  createOpenBuy,
  journalRowsOf,
  loadBuyState,
  type OneItem,
} from '../../../test/support/buys.ts';
import {
  addRole,
  createTestCommunity,
  createTestMember,
  createVerifiedResident,
  type TestResident,
} from '../../../test/support/community.ts';
import { bearer } from '../../../test/support/users.ts';
import { rows } from './raw-sql.ts';
import { chainedAudit, readChainHead } from './audit-repo.ts';
import { unpackDrafts, type JournaledOrder, type PackedDrafts } from './journal-drafts.ts';
import type { OrderJournal } from './order-journal.ts';
import { JournalStuckError, StaleBuyError, type BuyTx } from '../../core/buys/ports.ts';

// The memory-first order path (LINLI_ORDER_PATH=journal; docs/order-book.md), whatever the environment says;
// expanded only when read (no expansion once a buy goes quiet), so the tests see the journal's states.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ orderPath: 'journal', journalIdleMs: 0 });
});
afterAll(async () => {
  await t.close();
});

const pending = async () =>
  Number((await rows<{ n: number }>(t.container.db, sql`SELECT count(*) AS n FROM order_journal`))[0]!.n);
const storedOrders = async (buyId: string) =>
  Number(
    (
      await rows<{ n: number }>(t.container.db, sql`SELECT count(*) AS n FROM orders WHERE buy_id = ${buyId}`)
    )[0]!.n,
  );

/** The buys' audit chains verify from their first event. */
const expectAuditIntact = async () =>
  expect((await verifyAuditTrail(t.container.auditDeps.audit)).firstBreak).toBeNull();

/** Several instances share only PostgreSQL (the embedded database belongs to one process). */
const onPostgres = it.runIf(process.env.LINLI_TEST_DB === 'postgres');

/** A household's join (or change) of one item, on an app of this database. */
const join = (
  app: FastifyInstance,
  buyId: string,
  itemId: string,
  who: { token: string },
  qty: number,
  key?: string,
) =>
  app.inject({
    method: 'PUT',
    url: `/api/buys/${buyId}/orders/mine`,
    headers: { ...bearer(who), ...(key ? { 'idempotency-key': key } : {}) },
    payload: { lines: [{ itemId, qty }] },
  });

/** A household cancelling its order, on an app of this database. */
const cancelMine = (app: FastifyInstance, buyId: string, who: { token: string }) =>
  app.inject({ method: 'DELETE', url: `/api/buys/${buyId}/orders/mine`, headers: bearer(who) });

/** A leader's edit of the buy's title: the buy's version moves past its book (the next batch reloads it). */
async function retitle(buyId: string, leader: { token: string }) {
  const edited = await t.app.inject({
    method: 'PATCH',
    url: `/api/buys/${buyId}`,
    headers: bearer(leader),
    payload: { title: '改过的标题' },
  });
  expect(edited.statusCode).toBe(200);
}

/** A buy of one item for `residents` households, and a second app (instance) on the same database. */
async function withSecondInstance(residents: number, item: OneItem, orderPath: 'journal' | 'transaction') {
  const { s, buy, itemId } = await createOneItemBuy(t, residents, item);
  const otherContainer = createContainer(t.handle, { orderPath, journalIdleMs: 0 });
  const other = await buildApp(otherContainer);
  onTestFinished(() => other.close());
  const put = (app: FastifyInstance, who: { token: string }, qty: number) =>
    join(app, buy.id, itemId, who, qty);
  return { s, buy, itemId, other, otherContainer, put };
}

describe('the order journal', () => {
  it('answers joins from the book, keeps the counters current and the rows in the journal until a read', async () => {
    const { s, buy, itemId } = await createOneItemBuy(t, 6, { stock: 5, perHouseholdMax: 3 });
    const put = (who: { token: string }, qty: number, key?: string) =>
      join(t.app, buy.id, itemId, who, qty, key);
    const answers = await Promise.all(s.residents.map((r, i) => put(r, 1 + (i % 3), `k${i}`)));
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201, 201, 201, 201]);
    // Committed as journal rows with the counters; no order row yet.
    expect(await pending()).toBeGreaterThan(0);
    expect(await storedOrders(buy.id)).toBe(0);
    const [item] = await rows<{ allocated_qty: number; waitlisted_qty: number }>(
      t.container.db,
      sql`SELECT allocated_qty, waitlisted_qty FROM buy_items WHERE id = ${itemId}`,
    );
    expect(item).toEqual({ allocated_qty: 5, waitlisted_qty: 12 - 5 });

    // A retry is answered from the book, before and after the journal is expanded.
    const again = await put(s.residents[0]!, 1, 'k0');
    expect(again.statusCode).toBe(201);
    expect(again.json().order.id).toBe(answers[0]!.json().order.id);

    // What an open page asks for during a rush reads nothing the journal holds: it does not expand, and the
    // buy's counters are current.
    const pendingBefore = await pending();
    const page = await t.app.inject({
      method: 'GET',
      url: `/api/buys/${buy.id}`,
      headers: bearer(s.residents[1]!),
    });
    expect(page.statusCode).toBe(200);
    expect(page.json().items[0]).toMatchObject({ allocatedQty: 5, waitlistedQty: 7 });
    expect(page.json().totals.orders).toBe(6);
    for (const url of ['/api/me', `/api/communities/${s.community.id}/notifications`]) {
      const r = await t.app.inject({ method: 'GET', url, headers: bearer(s.residents[1]!) });
      expect(r.statusCode).toBe(200);
    }
    expect(await pending()).toBe(pendingBefore);

    // Any other API request expands first: the leader's list sees every join, in seq order.
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/buys/${buy.id}/orders`,
      headers: bearer(s.leader),
    });
    expect(list.statusCode).toBe(200);
    expect(list.json().orders.map((o: { seq: number }) => o.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await pending()).toBe(0);
    const { orders, lines } = await loadBuyState(t.container, buy.id);
    expect(orders).toHaveLength(6);
    expect(lines.reduce((n, l) => n + l.allocatedQty, 0)).toBe(5);
    const retried = await put(s.residents[0]!, 1, 'k0');
    expect(retried.json().order.id).toBe(answers[0]!.json().order.id);
    await expectAuditIntact();
  });

  it('answers the public 接龙 list from the book while its rows wait in the journal: the list the rows give', async () => {
    const { s, buy, itemId } = await createOneItemBuy(t, 6, { stock: 5, perHouseholdMax: 3 });
    const put = (who: { token: string }, qty: number) => join(t.app, buy.id, itemId, who, qty);
    const answers = await Promise.all(s.residents.slice(0, 5).map((r, i) => put(r, 1 + (i % 3))));
    expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201, 201, 201]);
    expect((await cancelMine(t.app, buy.id, s.residents[2]!)).statusCode).toBe(200);
    expect((await put(s.residents[0]!, 3)).statusCode).toBe(200);
    const seqOf = (i: number) => answers[i]!.json().order.seq as number;
    const list = (headers: Record<string, string> = {}) =>
      t.app.inject({
        method: 'GET',
        url: `/api/buys/${buy.id}/list`,
        headers: { ...bearer(s.residents[5]!), ...headers },
      });
    type Entry = { seq: number; householdLabel: string; status: string; items: { qty: number }[] };
    const entriesOf = (r: Awaited<ReturnType<typeof list>>) =>
      (r.json().entries as Entry[]).map((e) => [e.seq, e.householdLabel, e.items[0]!.qty]);

    // Every join answered is on it, in seq order, the cancelled one gone, the change in place; nothing is
    // expanded (during a rush the buy's lock stays with its batches).
    const pendingBefore = await pending();
    expect(pendingBefore).toBeGreaterThan(0);
    const fromBook = await list();
    expect(fromBook.statusCode).toBe(200);
    const label = (i: number) => s.residents[i]!.household.label;
    const expected = [
      [seqOf(0), label(0), 3],
      [seqOf(1), label(1), 2],
      [seqOf(3), label(3), 1],
      [seqOf(4), label(4), 2],
    ].sort((x, y) => (x[0] as number) - (y[0] as number));
    expect(entriesOf(fromBook)).toEqual(expected);
    expect(await pending()).toBe(pendingBefore);
    expect((await list({ 'if-none-match': fromBook.headers.etag as string })).statusCode).toBe(304);

    // A building's rename is in the next list (its labels are held only while the compound's standing holds).
    const renamed = await t.app.inject({
      method: 'PATCH',
      url: `/api/buildings/${s.buildings[0]!.id}`,
      headers: bearer(s.admin),
      payload: { name: '9' },
    });
    expect(renamed.statusCode).toBe(200);
    expect((await put(s.residents[1]!, 1)).statusCode).toBe(200);
    const relabelled = await list();
    expect(entriesOf(relabelled).map((e) => e[1])).toEqual(
      expected.map((e) => (e[1] as string).replace(/^[^-]+-/, '9-')),
    );
    // (The rename expanded its compound's journals, as a request of a building does; the join's row waits.)
    expect(await pending()).toBe(1);

    // A leader's edit moves the buy past its book: the list is read from the rows, the journal expanded first,
    // and it is the same list.
    await retitle(buy.id, s.leader);
    const fromRows = await list();
    expect(fromRows.statusCode).toBe(200);
    expect(fromRows.headers.etag).not.toBe(relabelled.headers.etag);
    expect(await pending()).toBe(0);
    expect(fromRows.json().entries).toEqual(relabelled.json().entries);
    await expectAuditIntact();
  });

  it("answers a household's own order in a buy from the book while its row waits in the journal", async () => {
    const { s, buy, itemId } = await createOneItemBuy(t, 3, { stock: 2, perHouseholdMax: 3 });
    const [a, b, c] = s.residents as [TestResident, TestResident, TestResident];
    const mineOf = (who: { token: string }) =>
      t.app.inject({ method: 'GET', url: `/api/buys/${buy.id}/orders/mine`, headers: bearer(who) });
    const placed = await join(t.app, buy.id, itemId, a, 3);
    expect(placed.statusCode).toBe(201);
    expect((await join(t.app, buy.id, itemId, b, 1)).statusCode).toBe(201);
    const before = await pending();
    expect(before).toBeGreaterThan(0);
    const fromBook = await mineOf(a);
    expect(fromBook.statusCode).toBe(200);
    expect(fromBook.json().order).toEqual(placed.json().order);
    expect(fromBook.json().order.lines[0]).toMatchObject({ qty: 3, allocatedQty: 2, waitlistedQty: 1 });
    expect((await mineOf(c)).json()).toEqual({ order: null });
    expect(await pending()).toBe(before);
    // B's cancellation is there at once, still without an expansion.
    expect((await cancelMine(t.app, buy.id, b)).statusCode).toBe(200);
    expect((await mineOf(b)).json()).toEqual({ order: null });
    expect(await pending()).toBe(before + 1);

    // A leader's edit moves the buy past its book: read from the rows, the journal expanded first, the same.
    await retitle(buy.id, s.leader);
    const fromRows = await mineOf(a);
    expect(await pending()).toBe(0);
    expect(fromRows.json().order).toEqual(fromBook.json().order);
    expect((await mineOf(b)).json()).toEqual({ order: null });
  });

  it("answers a household's orders in its compound's buys from the books that hold them, the rest from the rows", async () => {
    const { s, buy, itemId } = await createOneItemBuy(t, 3, { stock: 2, perHouseholdMax: 3 });
    const [a, b, c] = s.residents as [TestResident, TestResident, TestResident];
    const other = await createOpenBuy(t.app, s.leader, s.community.id);
    const journal = t.container.buysDeps.repo.journal!;
    const myOrders = (who: { token: string }) =>
      t.app.inject({
        method: 'GET',
        url: `/api/me/orders?communityId=${s.community.id}`,
        headers: bearer(who),
      });
    // A's order cancelled before the book's load: a leader's edit moves the buy past its book, and the next
    // batch loads it again (its journal expanded first).
    expect((await join(t.app, buy.id, itemId, a, 1)).statusCode).toBe(201);
    expect((await cancelMine(t.app, buy.id, a)).statusCode).toBe(200);
    await retitle(buy.id, s.leader);
    // Since the load: B joins, A joins again, C joins and leaves (an order the rows have never held); and A
    // joins the other buy, whose book is then dropped.
    expect((await join(t.app, buy.id, itemId, b, 2)).statusCode).toBe(201);
    expect((await join(t.app, buy.id, itemId, a, 3)).statusCode).toBe(201);
    expect((await join(t.app, buy.id, itemId, c, 1)).statusCode).toBe(201);
    expect((await cancelMine(t.app, buy.id, c)).statusCode).toBe(200);
    expect((await join(t.app, other.id, other.items[0]!.id, a, 1)).statusCode).toBe(201);
    journal.forget(other.id);
    expect(await journalRowsOf(t.container, buy.id)).toBe(4);
    expect(await journalRowsOf(t.container, other.id)).toBe(1);

    const fromBooks = await Promise.all([a, b, c].map(myOrders));
    expect(fromBooks.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    // The buy whose book is current is read from it, its journal left as it is; the other buy's is expanded.
    expect(await journalRowsOf(t.container, buy.id)).toBe(4);
    expect(await journalRowsOf(t.container, other.id)).toBe(0);
    type Mine = { buy: { id: string }; seq: number; status: string; lines: { qty: number }[] };
    const shape = (r: (typeof fromBooks)[number]) =>
      (r.json().orders as Mine[]).map((o) => [
        o.buy.id === buy.id ? 'buy' : 'other',
        o.seq,
        o.status,
        o.lines[0]!.qty,
      ]);
    // The other buy's deadline is later (it was made later), so its order comes first.
    expect(shape(fromBooks[0]!)).toEqual([
      ['other', 1, 'active', 1],
      ['buy', 1, 'cancelled', 1],
      ['buy', 3, 'waitlisted', 3],
    ]);
    expect(shape(fromBooks[1]!)).toEqual([['buy', 2, 'active', 2]]);
    expect(shape(fromBooks[2]!)).toEqual([['buy', 4, 'cancelled', 1]]);
    expect(fromBooks[0]!.json().owedFen).toBe(2500);
    expect(fromBooks[1]!.json().owedFen).toBe(5000);

    // Read from the rows (the journal expanded, the book dropped), the answers are the same.
    await t.container.buysDeps.repo.expandJournal();
    journal.forget(buy.id);
    const fromRows = await Promise.all([a, b, c].map(myOrders));
    for (const [i, r] of fromRows.entries()) expect(r.json()).toEqual(fromBooks[i]!.json());
  });

  it('reloads the book when the buy changed meanwhile, and allocates against the change', async () => {
    const { s, buy, itemId } = await createOneItemBuy(t, 4, {
      name: '牛奶',
      priceFen: 600,
      stock: 2,
      perHouseholdMax: 2,
    });
    const put = (who: { token: string }, qty: number) => join(t.app, buy.id, itemId, who, qty);
    const [a, b, c, d] = s.residents;
    expect((await put(a!, 2)).json().order.lines[0]).toMatchObject({ allocatedQty: 2, waitlistedQty: 0 });
    expect((await put(b!, 2)).json().order.lines[0]).toMatchObject({ allocatedQty: 0, waitlistedQty: 2 });
    // Another writer bumps the buy's version behind the book's back: the next batch is stale, reloads, and is
    // answered once.
    await t.container.db.execute(sql`UPDATE buys SET version = version + 1 WHERE id = ${buy.id}`);
    expect((await put(c!, 1)).json().order).toMatchObject({ seq: 3 });
    // The leader raises the stock (expanding the journal under the lock first); the next join sees it.
    const edit = await t.app.inject({
      method: 'PATCH',
      url: `/api/buys/${buy.id}`,
      headers: bearer(s.leader),
      payload: { items: [{ id: itemId, name: '牛奶', priceFen: 600, stock: 6, perHouseholdMax: 2 }] },
    });
    expect(edit.statusCode).toBe(200);
    expect((await put(d!, 1)).statusCode).toBe(201);
    const { orders, lines, items } = await loadBuyState(t.container, buy.id);
    expect(orders.map((o) => o.seq).sort()).toEqual([1, 2, 3, 4]);
    const allocated = lines.reduce((n, l) => n + l.allocatedQty, 0);
    const waiting = lines.reduce((n, l) => n + l.waitlistedQty, 0);
    expect(items[0]).toMatchObject({ allocatedQty: allocated, waitlistedQty: waiting });
    expect(allocated).toBe(Math.min(6, 2 + 2 + 1 + 1));
    for (const l of lines) expect(l.allocatedQty + l.waitlistedQty).toBe(l.qty);
  });

  it('two instances on one database stay one; a restart expands what they left, journal on or off', async () => {
    const {
      s,
      buy,
      other,
      put: putQty,
    } = await withSecondInstance(8, { stock: 6, perHouseholdMax: 2 }, 'journal');
    const put = (app: FastifyInstance, who: { token: string }) => putQty(app, who, 2);
    // All at once, then alternating (the last on this instance: its batch stays in the journal); each
    // instance's book goes stale on the other's commits.
    const first = await Promise.all(s.residents.slice(4).map((r, i) => put(i % 2 === 0 ? t.app : other, r)));
    expect(first.map((r) => r.statusCode)).toEqual([201, 201, 201, 201]);
    for (const [i, r] of s.residents.slice(0, 4).entries())
      expect((await put(i % 2 === 1 ? t.app : other, r)).statusCode).toBe(201);
    expect(await pending()).toBeGreaterThan(0);
    // A restart expands everything still in the journal before it answers, even with the journal turned off.
    const restarted = await buildApp(createContainer(t.handle, { orderPath: 'transaction' }));
    await restarted.ready();
    await restarted.close();
    expect(await pending()).toBe(0);
    const { orders, lines, items } = await loadBuyState(t.container, buy.id);
    expect(orders.map((o) => o.seq).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(new Set(orders.map((o) => o.householdId)).size).toBe(8);
    const allocated = lines.reduce((n, l) => n + l.allocatedQty, 0);
    expect(allocated).toBe(6);
    expect(items[0]).toMatchObject({ allocatedQty: 6, waitlistedQty: 16 - 6 });
    // Nobody holds stock while an earlier seq waits.
    const bySeq = [...orders].sort((x, y) => x.seq - y.seq);
    const waitingFrom = bySeq.findIndex((o) => lines.some((l) => l.orderId === o.id && l.waitlistedQty > 0));
    for (const o of bySeq.slice(waitingFrom + 1))
      expect(lines.filter((l) => l.orderId === o.id).every((l) => l.allocatedQty === 0)).toBe(true);
    await expectAuditIntact();
  });

  onPostgres(
    "a public list asked of an instance whose book is behind another's batches is read from the rows",
    async () => {
      const { s, buy, other, put } = await withSecondInstance(3, { stock: 5, perHouseholdMax: 2 }, 'journal');
      expect((await put(t.app, s.residents[0]!, 1)).statusCode).toBe(201);
      expect((await put(other, s.residents[1]!, 2)).statusCode).toBe(201);
      const list = await t.app.inject({
        method: 'GET',
        url: `/api/buys/${buy.id}/list`,
        headers: bearer(s.residents[2]!),
      });
      expect(list.statusCode).toBe(200);
      expect(list.json().entries.map((e: { householdLabel: string }) => e.householdLabel)).toEqual(
        s.residents.slice(0, 2).map((r) => r.household.label),
      );
      expect(await pending()).toBe(0);
    },
  );

  onPostgres(
    "a household's orders asked of an instance whose book is behind another's batches are read from the rows",
    async () => {
      const { s, buy, other, put } = await withSecondInstance(2, { stock: 5, perHouseholdMax: 2 }, 'journal');
      const [a, b] = s.residents as [TestResident, TestResident];
      expect((await put(t.app, a, 1)).statusCode).toBe(201);
      expect((await put(other, b, 2)).statusCode).toBe(201);
      expect((await put(other, a, 2)).statusCode).toBe(200);
      expect(t.container.buysDeps.repo.journal!.books).toBeGreaterThan(0);
      const mine = await t.app.inject({
        method: 'GET',
        url: `/api/me/orders?communityId=${s.community.id}`,
        headers: bearer(a),
      });
      expect(mine.statusCode).toBe(200);
      expect(mine.json().orders).toMatchObject([{ buyId: buy.id, seq: 1, lines: [{ qty: 2 }] }]);
      expect(await pending()).toBe(0);
    },
  );

  it("a book behind another instance's batches catches up from their journal rows, and is reloaded after a gap", async () => {
    const { s, buy, itemId, other, otherContainer, put } = await withSecondInstance(
      5,
      { stock: 3, perHouseholdMax: 2 },
      'journal',
    );
    const here = t.container.buysDeps.repo.journal!;
    const there = otherContainer.buysDeps.repo.journal!;
    const [a, b, c, d, e] = s.residents as [
      TestResident,
      TestResident,
      TestResident,
      TestResident,
      TestResident,
    ];
    const placed = await put(t.app, a, 1);
    expect(placed.statusCode).toBe(201);
    expect((await put(other, b, 1)).statusCode).toBe(201);
    const [loadsHere, loadsThere] = [here.loads, there.loads];
    // Each instance's next batch is stale (the other committed since) and catches up: no reload.
    expect((await put(t.app, c, 1)).json().order).toMatchObject({ seq: 3 });
    // 1-101's order, placed on the first instance, is found and changed on the second (not a second order).
    const changed = await put(other, a, 2);
    expect(changed.statusCode).toBe(200);
    expect(changed.json().order).toMatchObject({ id: placed.json().order.id, seq: 1 });
    // A key first used on one instance is answered from it on the other.
    const first = await join(t.app, buy.id, itemId, d, 1, 'same-key');
    const retried = await join(other, buy.id, itemId, d, 1, 'same-key');
    expect(retried.statusCode).toBe(first.statusCode);
    expect(retried.json().order.id).toBe(first.json().order.id);
    expect([here.loads, there.loads]).toEqual([loadsHere, loadsThere]);

    // A batch here, then its row expanded (gone from the journal) before the other instance saw it: a gap,
    // so the other reloads its book whole.
    expect((await put(t.app, e, 1)).statusCode).toBe(201);
    await t.container.buysDeps.repo.expandJournal();
    expect((await put(other, b, 2)).statusCode).toBe(200);
    expect(there.loads).toBe(loadsThere + 1);

    const { orders, lines, items } = await loadBuyState(t.container, buy.id);
    expect(orders.map((o) => o.seq).sort((x, y) => x - y)).toEqual([1, 2, 3, 4, 5]);
    expect(items[0]).toMatchObject({ allocatedQty: 3 });
    for (const l of lines) expect(l.allocatedQty + l.waitlistedQty).toBe(l.qty);
    await expectAuditIntact();
  });

  // Several instances share only PostgreSQL (the embedded database belongs to one process).
  it('a locked batch (PostgreSQL) catches a stale book up under the lock and commits; an unlocked one is refused', async () => {
    const { s, buy, other, put } = await withSecondInstance(3, { stock: 9, perHouseholdMax: 2 }, 'journal');
    const here = t.container.buysDeps.repo.journal!;
    expect(here.canLock).toBe(process.env.LINLI_TEST_DB === 'postgres');
    const [a, b, c] = s.residents as [TestResident, TestResident, TestResident];
    const version = async () =>
      Number(
        (
          await rows<{ v: number }>(t.container.db, sql`SELECT version AS v FROM buys WHERE id = ${buy.id}`)
        )[0]!.v,
      );
    // A batch that writes nothing but the buy's version (what the book says it is, under which it wrote).
    const touch = async (tx: BuyTx) => {
      const seen = (await tx.lockBuy(buy.id))!;
      await tx.saveAllocation(buy.id, {
        items: [],
        orders: [],
        droppedLines: [],
        nextSeq: seen.nextSeq,
        liveOrdersDelta: 0,
        amountFenDelta: 0,
      });
      return seen.version;
    };
    expect((await put(t.app, a, 1)).statusCode).toBe(201);
    expect((await put(other, b, 1)).statusCode).toBe(201);
    // The book here is behind: an unlocked batch writes nothing and says so (and catches the book up).
    const before = await version();
    await expect(here.batch(buy.id, touch)).rejects.toBeInstanceOf(StaleBuyError);
    expect(await version()).toBe(before);
    if (!here.canLock) {
      await expect(here.lockedBatch(buy.id, touch)).rejects.toThrow(/needs reads beside/);
      return;
    }
    // Behind again; under the lock it catches up first, so it commits at once, without a reload.
    expect((await put(other, c, 1)).statusCode).toBe(201);
    const loads = here.loads;
    const current = await version();
    expect(await here.lockedBatch(buy.id, touch)).toBe(current);
    expect(await version()).toBe(current + 1);
    expect(here.loads).toBe(loads);
    expect((await put(t.app, c, 2)).json().order).toMatchObject({ seq: 3 });
    const { lines } = await loadBuyState(t.container, buy.id);
    expect(lines.reduce((n, l) => n + l.qty, 0)).toBe(4);
    await expectAuditIntact();
  });

  onPostgres(
    'a rush split across two instances: a stale batch runs again under the lock, never reloading its book',
    async () => {
      const { s, buy, other, otherContainer, put } = await withSecondInstance(
        24,
        { stock: 20, perHouseholdMax: 2 },
        'journal',
      );
      const here = t.container.buysDeps.repo.journal!;
      const there = otherContainer.buysDeps.repo.journal!;
      const [loadsHere, loadsThere] = [here.loads, there.loads];
      const answers = await Promise.all(s.residents.map((r, i) => put(i % 2 === 0 ? t.app : other, r, 2)));
      expect(answers.every((a) => a.statusCode === 201)).toBe(true);
      // Each instance loaded the buy's book once; every stale batch caught up from the other's rows.
      expect(here.loads - loadsHere).toBe(1);
      expect(there.loads - loadsThere).toBe(1);
      const { orders, lines, items } = await loadBuyState(t.container, buy.id);
      expect(orders.map((o) => o.seq).sort((x, y) => x - y)).toEqual(
        Array.from({ length: 24 }, (_, i) => i + 1),
      );
      expect(items[0]).toMatchObject({ allocatedQty: 20, waitlistedQty: 48 - 20 });
      for (const l of lines) expect(l.allocatedQty + l.waitlistedQty).toBe(l.qty);
      await expectAuditIntact();
    },
  );

  onPostgres(
    'an instance with the journal off expands it under the lock before it writes the buy',
    async () => {
      const {
        s,
        buy,
        other: off,
        put,
      } = await withSecondInstance(4, { stock: 3, perHouseholdMax: 2 }, 'transaction');
      const [a, b, c] = s.residents;
      expect((await put(t.app, a!, 2)).statusCode).toBe(201);
      expect(await pending()).toBeGreaterThan(0);
      // 1-101 changes its order on the other instance: its order is found (not a second one), seq 2 follows.
      const changed = await put(off, a!, 1);
      expect(changed.statusCode).toBe(200);
      expect(await pending()).toBe(0);
      expect((await put(off, b!, 2)).json().order).toMatchObject({ seq: 2 });
      expect((await put(t.app, c!, 2)).json().order).toMatchObject({ seq: 3 });
      const { orders, lines, items } = await loadBuyState(t.container, buy.id);
      expect(orders).toHaveLength(3);
      const allocated = lines.reduce((n, l) => n + l.allocatedQty, 0);
      expect(allocated).toBe(3);
      expect(items[0]).toMatchObject({ allocatedQty: 3, waitlistedQty: 5 - 3 });
    },
  );

  it('expands a buy once its batches stop, without waiting for a read', async () => {
    const { s, buy, itemId } = await createOneItemBuy(t, 4, { stock: 3, perHouseholdMax: 1 });
    const c = createContainer(t.handle, { orderPath: 'journal', journalIdleMs: 50, journalForgetMs: 100 });
    const quiet = await buildApp(c);
    try {
      await quiet.ready();
      const answers = await Promise.all(s.residents.map((r) => join(quiet, buy.id, itemId, r, 1)));
      expect(answers.map((a) => a.statusCode)).toEqual([201, 201, 201, 201]);
      // Nothing reads: the rows appear on their own once the buy has been quiet for 50 ms.
      await expect.poll(() => storedOrders(buy.id), { timeout: 5_000 }).toBe(4);
      expect(await pending()).toBe(0);
      // Then the book leaves memory (a closed buy would never come back for it); a join reloads it.
      await expect.poll(() => c.buysDeps.repo.journal!.books, { timeout: 5_000 }).toBe(0);
      expect((await cancelMine(quiet, buy.id, s.residents[0]!)).statusCode).toBe(200);
      expect(c.buysDeps.repo.journal!.books).toBe(1);
      const { orders, lines } = await loadBuyState(t.container, buy.id);
      const live = new Set(orders.filter((o) => o.status !== 'cancelled').map((o) => o.id));
      expect(live.size).toBe(3);
      // The waiting household was promoted: the three live orders hold the three in stock.
      expect(lines.filter((l) => live.has(l.orderId)).reduce((n, l) => n + l.allocatedQty, 0)).toBe(3);
    } finally {
      await quiet.close();
    }
  });

  it('expands in steps, each its own transaction, to the rows and chain one transaction would write', async () => {
    const { s, buy, itemId } = await createOneItemBuy(t, 6, { stock: 4, perHouseholdMax: 2 });
    for (const [n, r] of s.residents.entries()) await join(t.app, buy.id, itemId, r, 1 + (n % 2));
    expect((await cancelMine(t.app, buy.id, s.residents[1]!)).statusCode).toBe(200);
    const journal = t.container.buysDeps.repo.journal as OrderJournal;
    expect(await pending()).toBe(7);
    // The journal's own transactions: the notifier may store the joins' notices in one meanwhile (it did once, on a
    // loaded machine: 8 for 7).
    const db = t.container.db;
    const begin = db.transaction.bind(db);
    let journalSteps = 0;
    const steps = vi.spyOn(db, 'transaction').mockImplementation(((...args: Parameters<typeof begin>) => {
      if (/order-journal\.ts/.test(new Error().stack ?? '')) journalSteps++;
      return begin(...args);
    }) as typeof begin);
    try {
      // One row a step (a budget of 0 ms still expands one), at most two read.
      expect(await journal.expand(buy.id, { limit: 2, budgetMs: 0 })).toBe(7);
      expect(journalSteps).toBe(7);
    } finally {
      steps.mockRestore();
    }
    expect(await pending()).toBe(0);
    const { orders, lines } = await loadBuyState(t.container, buy.id);
    expect(orders.map((o) => o.status).sort()).toEqual([
      'active',
      'active',
      'active',
      'cancelled',
      'waitlisted',
      'waitlisted',
    ]);
    const live = new Set(orders.filter((o) => o.status !== 'cancelled').map((o) => o.id));
    expect(lines.filter((l) => live.has(l.orderId)).reduce((n, l) => n + l.allocatedQty, 0)).toBe(4);
    await expectAuditIntact();
    // Nothing left: one step that finds nothing.
    expect(await journal.expand(buy.id)).toBe(0);
  });

  it('journals audit drafts packed, and links them into the chain when expanded, after rows of older forms', async () => {
    const { s, buy, itemId } = await createOneItemBuy(t, 3, { stock: 2, perHouseholdMax: 1 });
    for (const r of s.residents) expect((await join(t.app, buy.id, itemId, r, 1)).statusCode).toBe(201);
    const journaled = await rows<{ version: number; data: string | Record<string, unknown> }>(
      t.container.db,
      sql`SELECT version, data FROM order_journal WHERE buy_id = ${buy.id} ORDER BY version`,
    );
    expect(journaled).toHaveLength(3);
    type Data = { audit: PackedDrafts; write: { orders: JournaledOrder[]; items: unknown[] } };
    const dataOf = (d: string | Record<string, unknown>) =>
      (typeof d === 'string' ? JSON.parse(d) : d) as Data;
    // Of the item, only its counters: not its name, unit and price in every row.
    expect(journaled.map((r) => dataOf(r.data).write.items)).toEqual(
      [
        [1, 0],
        [2, 0],
        [2, 1],
      ].map(([allocatedQty, waitlistedQty]) => [{ id: itemId, allocatedQty, waitlistedQty }]),
    );
    // Packed drafts, not chained events: no hash is made while a rush commits, and what the order says is
    // not said again.
    const audits = journaled.map((r) => dataOf(r.data).audit);
    expect(audits.map((a) => a.packed)).toEqual([
      [{ o: 0, a: 'placed' }],
      [{ o: 0, a: 'placed' }],
      [{ o: 0, a: 'placed' }],
    ]);
    const drafts = journaled.map((r) => unpackDrafts(dataOf(r.data).audit, dataOf(r.data).write.orders));
    expect(drafts.map((d) => d.map((e) => [e.action, e.householdId, e.after]))).toEqual(
      [0, 1, 2].map((n) => [
        [
          'placed',
          s.residents[n]!.household.id,
          {
            status: n < 2 ? 'active' : 'waitlisted',
            amountFen: expect.any(Number),
            lines: [{ itemId, qty: 1, allocatedQty: n < 2 ? 1 : 0, waitlistedQty: n < 2 ? 0 : 1 }],
          },
        ],
      ]),
    );
    // The first row as the journal wrote it before drafts (its chain made at commit), the second with its
    // drafts whole (before they were packed): the chain goes on from them.
    const first = chainedAudit(buy.id, await readChainHead(t.container.db, buy.id), drafts[0]!);
    const rewrite = async (n: number, audit: unknown) =>
      t.container.db.execute(
        sql`UPDATE order_journal SET data = ${JSON.stringify({ ...dataOf(journaled[n]!.data), audit })}
          WHERE buy_id = ${buy.id} AND version = ${journaled[n]!.version}`,
      );
    await rewrite(0, first);
    await rewrite(1, { drafts: drafts[1]!.map((d) => ({ ...d, at: d.at.toISOString() })) });
    const list = await t.app.inject({
      method: 'GET',
      url: `/api/buys/${buy.id}/orders`,
      headers: bearer(s.leader),
    });
    expect(list.statusCode).toBe(200);
    const events = await rows<{
      seq: number;
      action: string;
      at: Date | string;
      household_id: string;
      actor_member_id: string;
      prev_hash: string | null;
    }>(
      t.container.db,
      sql`SELECT seq, action, at, household_id, actor_member_id, prev_hash FROM audit_events
        WHERE buy_id = ${buy.id} AND entity = 'order' ORDER BY seq`,
    );
    expect(events.map((e) => e.action)).toEqual(['placed', 'placed', 'placed']);
    expect(events.map((e) => e.household_id)).toEqual(s.residents.map((r) => r.household.id));
    expect(events.map((e) => e.actor_member_id)).toEqual(s.residents.map((r) => r.memberId));
    // Each event keeps its batch's time, and links to the one before.
    expect(events.map((e) => new Date(e.at).toISOString())).toEqual(audits.map((a) => a.at));
    expect(events[1]!.prev_hash).toBe(first.head.hash);
    await expectAuditIntact();
  });

  it('answers 503 while a row of a later version waits, and starts without expanding it', async () => {
    const { s, buy, itemId } = await createOneItemBuy(t, 1, { stock: 2, perHouseholdMax: 1 });
    expect((await join(t.app, buy.id, itemId, s.residents[0]!, 1)).statusCode).toBe(201);
    const [row] = await rows<{ version: number; data: string | Record<string, unknown> }>(
      t.container.db,
      sql`SELECT version, data FROM order_journal WHERE buy_id = ${buy.id}`,
    );
    const data =
      typeof row!.data === 'string' ? (JSON.parse(row!.data) as Record<string, unknown>) : row!.data;
    const write = (audit: unknown) =>
      t.container.db.execute(
        sql`UPDATE order_journal SET data = ${JSON.stringify({ ...data, audit })} WHERE buy_id = ${buy.id}`,
      );
    await write({ someLaterForm: [] });
    const list = () =>
      t.app.inject({ method: 'GET', url: `/api/buys/${buy.id}/orders`, headers: bearer(s.leader) });
    const refused = await list();
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe('2');
    expect(refused.json().error.code).toBe('upgrade_in_progress');
    expect(await pending()).toBe(1);
    // An instance of this version starting meanwhile (a deploy rolled back) starts, and leaves the row.
    const other = await buildApp(createContainer(t.handle, { orderPath: 'journal' }));
    try {
      await other.ready();
    } finally {
      await other.close();
    }
    expect(await pending()).toBe(1);
    // Once the row is one this version reads (a later instance would have expanded it), reads go on.
    await write(data.audit);
    expect((await list()).statusCode).toBe(200);
    expect(await pending()).toBe(0);
  });

  it('a buy whose journal rows the database refuses answers 503 for its own reads only; other compounds and a start go on', async () => {
    const a = await createOneItemBuy(t, 2, { stock: 5, perHouseholdMax: 2 });
    const b = await createOneItemBuy(t, 1, { stock: 5, perHouseholdMax: 2 });
    expect((await join(t.app, a.buy.id, a.itemId, a.s.residents[0]!, 1)).statusCode).toBe(201);
    const pendingOf = (buyId: string) => journalRowsOf(t.container, buyId);
    // A bug journaled a row the tables cannot hold: its order's household does not exist (a foreign key).
    const [row] = await rows<{ version: number; data: string | Record<string, unknown> }>(
      t.container.db,
      sql`SELECT version, data FROM order_journal WHERE buy_id = ${a.buy.id}`,
    );
    const data = (typeof row!.data === 'string' ? JSON.parse(row!.data) : row!.data) as {
      write: { orders: { householdId: string }[] };
    };
    const bad = structuredClone(data);
    bad.write.orders[0]!.householdId = '00000000-0000-4000-8000-000000000000';
    const setRow = (d: unknown) =>
      t.container.db.execute(
        sql`UPDATE order_journal SET data = ${JSON.stringify(d)} WHERE buy_id = ${a.buy.id} AND version = ${row!.version}`,
      );
    await setRow(bad);
    const get = (url: string, who: { token: string }) =>
      t.app.inject({ method: 'GET', url, headers: bearer(who) });
    const ordersOf = (x: typeof a) => get(`/api/buys/${x.buy.id}/orders`, x.s.leader);
    const mine = (x: typeof a, who: { token: string }) =>
      get(`/api/me/orders?communityId=${x.s.community.id}`, who);

    // The buy's reads, and its compound's, answer 503 and say so, counted for the operator; the row stays.
    const stuckCount = async () =>
      Number(
        /^linli_order_journal_stuck_total (\d+)$/m.exec(
          (await t.app.inject({ method: 'GET', url: '/metrics' })).body,
        )?.[1] ?? NaN,
      );
    const before = await stuckCount();
    const refused = await ordersOf(a);
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe('2');
    expect(refused.json().error).toMatchObject({ code: 'orders_unavailable', details: { buyId: a.buy.id } });
    expect(await stuckCount()).toBe(before + 1);
    // A household's own orders come from the buy's book, which holds them (see below without it).
    const fromBook = await mine(a, a.s.residents[0]!);
    expect(fromBook.statusCode).toBe(200);
    expect(fromBook.json().orders).toHaveLength(1);
    expect(await pendingOf(a.buy.id)).toBe(1);
    // Its joins are still answered from the book and kept in the journal.
    expect((await join(t.app, a.buy.id, a.itemId, a.s.residents[1]!, 2)).statusCode).toBe(201);
    expect(await pendingOf(a.buy.id)).toBe(2);

    // Another compound's buy: its joins, its reads and its compound's reads go on.
    expect((await join(t.app, b.buy.id, b.itemId, b.s.residents[0]!, 1)).statusCode).toBe(201);
    const listed = await ordersOf(b);
    expect(listed.statusCode).toBe(200);
    expect(listed.json().orders).toHaveLength(1);
    expect(await pendingOf(b.buy.id)).toBe(0);
    const bMine = await mine(b, b.s.residents[0]!);
    expect(bMine.statusCode).toBe(200);
    expect(bMine.json().orders).toHaveLength(1);

    // A route of a row of one compound (a building) goes on in another compound, not in the stuck one's; one
    // of a row of one buy (a payment, a refund, a delivery report) expands that buy's journal only.
    const rename = (x: typeof a) =>
      t.app.inject({
        method: 'PATCH',
        url: `/api/buildings/${x.s.buildings[0]!.id}`,
        headers: bearer(x.s.admin),
        payload: { name: '9' },
      });
    expect((await rename(b)).statusCode).toBe(200);
    expect((await rename(a)).json().error.code).toBe('orders_unavailable');
    const repo = t.container.buysDeps.repo;
    for (const buyOf of ['payments', 'refunds', 'delivery_reports'] as const)
      expect(await repo.expandJournal({ buyOf, id: crypto.randomUUID() })).toBe(0);
    const household = { communityOf: 'households', id: a.s.households[0]!.id } as const;
    await expect(repo.expandJournal(household)).rejects.toBeInstanceOf(JournalStuckError);
    await expect(repo.expandJournal()).rejects.toBeInstanceOf(JournalStuckError);

    // Another buy's notices that read its orders back (a promotion) are written: the notifier expands that
    // buy's journal, not every buy's.
    const c = await createOneItemBuy(t, 2, { stock: 1, perHouseholdMax: 1 });
    const [first, second] = [c.s.residents[0]!, c.s.residents[1]!];
    expect((await join(t.app, c.buy.id, c.itemId, first, 1)).statusCode).toBe(201);
    expect((await join(t.app, c.buy.id, c.itemId, second, 1)).statusCode).toBe(201); // waitlisted
    expect((await cancelMine(t.app, c.buy.id, first)).statusCode).toBe(200);
    await t.container.notifier.flush();
    const feed = await get(`/api/communities/${c.s.community.id}/notifications`, second);
    expect(feed.json().notifications.map((n: { type: string }) => n.type)).toContain('order_promoted');

    // A server starting meanwhile starts, having expanded every other buy's journal.
    expect((await join(t.app, b.buy.id, b.itemId, b.s.residents[0]!, 2)).statusCode).toBe(200);
    expect(await pendingOf(b.buy.id)).toBe(1);
    const other = await buildApp(createContainer(t.handle, { orderPath: 'journal', journalIdleMs: 0 }));
    try {
      await other.ready();
    } finally {
      await other.close();
    }
    expect(await pendingOf(b.buy.id)).toBe(0);
    expect(await pendingOf(a.buy.id)).toBe(2);

    // Without the book, a household's orders are read from the rows, and the buy's row refuses them too.
    t.container.buysDeps.repo.journal!.forget(a.buy.id);
    expect((await mine(a, a.s.residents[0]!)).json().error.code).toBe('orders_unavailable');

    // Once the row is one the tables hold (an instance with the fix), the buy's reads go on, with both joins.
    await setRow(data);
    const back = await ordersOf(a);
    expect(back.statusCode).toBe(200);
    expect(back.json().orders).toHaveLength(2);
    expect(await pendingOf(a.buy.id)).toBe(0);
    await expectAuditIntact();
  });

  it('a promotion of an order still in the journal is notified (the notifier expands before it reads)', async () => {
    const { s, buy, itemId } = await createOneItemBuy(t, 2, { stock: 1, perHouseholdMax: 1 });
    const [a, b] = [s.residents[0]!, s.residents[1]!];
    expect((await join(t.app, buy.id, itemId, a, 1)).statusCode).toBe(201);
    expect((await join(t.app, buy.id, itemId, b, 1)).statusCode).toBe(201); // waitlisted
    expect((await cancelMine(t.app, buy.id, a)).statusCode).toBe(200);
    await t.container.notifier.flush();
    const feed = await t.app.inject({
      method: 'GET',
      url: `/api/communities/${s.community.id}/notifications`,
      headers: bearer(b),
    });
    expect(feed.json().notifications.map((n: { type: string }) => n.type)).toContain('order_promoted');
  });

  it("reuses callers' standing between batches only while the compound's standing version holds", async () => {
    const { s, buy, itemId } = await createOneItemBuy(t, 3, { stock: 20, perHouseholdMax: 3 });
    const [a, b] = [s.residents[0]!, s.residents[1]!];
    const c = s.community.id;
    const version = async () =>
      Number(
        (
          await rows<{ v: number }>(
            t.container.db,
            sql`SELECT standing_version AS v FROM communities WHERE id = ${c}`,
          )
        )[0]!.v,
      );
    const forB = (who: { token: string }, qty: number) =>
      t.app.inject({
        method: 'PUT',
        url: `/api/buys/${buy.id}/orders/households/${b.household.id}`,
        headers: bearer(who),
        payload: { lines: [{ itemId, qty }] },
      });
    expect((await join(t.app, buy.id, itemId, a, 1)).statusCode).toBe(201);

    // A member with no role may not write for a neighbour; made the volunteer of its building, they may at once
    // (what was held of their standing is read again), and not once that is taken back.
    const v = await createTestMember(t.container, c, 'Volunteer');
    expect((await forB(v, 1)).statusCode).toBe(403);
    let before = await version();
    await addRole(t.container, v, { volunteerBuildingIds: [b.household.buildingId] });
    expect(await version()).toBeGreaterThan(before);
    expect((await forB(v, 1)).statusCode).toBe(201);
    await addRole(t.container, v, { volunteerBuildingIds: [] });
    expect((await forB(v, 2)).statusCode).toBe(403);

    // A's claim is rejected: A's next join is refused; verified again, it is accepted.
    before = await version();
    await t.container.db.execute(
      sql`UPDATE household_claims SET status = 'rejected' WHERE id = ${a.claimId}`,
    );
    expect(await version()).toBeGreaterThan(before);
    expect((await join(t.app, buy.id, itemId, a, 2)).statusCode).toBe(403);
    await t.container.db.execute(
      sql`UPDATE household_claims SET status = 'verified' WHERE id = ${a.claimId}`,
    );
    expect((await join(t.app, buy.id, itemId, a, 2)).json().order.lines[0]).toMatchObject({ qty: 2 });

    // Every table a standing is read from moves the version, in the changing statement's transaction; a new
    // household (no claim yet) does not.
    const moves = async (change: () => Promise<unknown>) => {
      const was = await version();
      await change();
      return (await version()) > was;
    };
    const db = t.container.db;
    expect(await moves(() => addRole(t.container, v, { leader: true }))).toBe(true);
    expect(
      await moves(() =>
        db.execute(sql`UPDATE households SET label = label || 'x' WHERE id = ${b.household.id}`),
      ),
    ).toBe(true);
    expect(await moves(() => db.execute(sql`DELETE FROM household_claims WHERE id = ${a.claimId}`))).toBe(
      true,
    );
    expect(await moves(() => db.execute(sql`DELETE FROM members WHERE id = ${v.memberId}`))).toBe(true);
    expect(
      await moves(() =>
        db.execute(sql`INSERT INTO households (id, community_id, building_id, room, label)
          VALUES (${t.container.ids.id()}, ${c}, ${b.household.buildingId}, '999', '1-999')`),
      ),
    ).toBe(false);
    // Another compound's changes leave this one's alone.
    const other = await createTestCommunity(t.container, { name: '别的小区' });
    expect(await moves(() => createVerifiedResident(t.container, other.community.id, '1-101'))).toBe(false);
  });
});
