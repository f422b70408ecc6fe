/** Test helpers for the buys context: a compound with a leader and verified residents, and open buys. */
import type { FastifyInstance } from 'fastify';
import { eq, inArray, sql } from 'drizzle-orm';
import { rows } from '../../src/db/repos/raw-sql.ts';
import type { Container } from '../../src/container.ts';
import { buyItems, buys, orderLines, orders } from '../../src/db/schema/buys.ts';
import {
  addRole,
  createTestCommunity,
  createTestMember,
  createVerifiedResident,
  type TestResident,
} from './community.ts';
import { bearer } from './users.ts';
import { createTestApp, type TestApp } from './test-app.ts';

export async function createBuyScene(c: Container, options: { residents?: number; buildings?: number } = {}) {
  const n = options.residents ?? 4;
  const tc = await createTestCommunity(c, {
    buildings: options.buildings ?? 1,
    floors: Math.ceil(n / 2),
    roomsPerFloor: 2,
  });
  const leader = await createTestMember(c, tc.community.id, 'Leader');
  await addRole(c, leader, { leader: true });
  const residents: TestResident[] = [];
  for (const h of tc.households.slice(0, n))
    residents.push(await createVerifiedResident(c, tc.community.id, h.label));
  return { ...tc, leader, residents };
}

export const inAnHour = () => new Date(Date.now() + 3600_000).toISOString();

export const buyBody = (
  items: Record<string, unknown>[] = [{ name: '鸡蛋', priceFen: 2500, stock: 10, perHouseholdMax: 5 }],
) => ({
  title: '鸡蛋团购',
  deadline: inAnHour(),
  items,
});

/** Creates and publishes a buy through the API; returns it as the API sent it. */
export async function createOpenBuy(
  app: FastifyInstance,
  leader: { token: string },
  communityId: string,
  body: Record<string, unknown> = buyBody(),
) {
  const created = await app.inject({
    method: 'POST',
    url: `/api/communities/${communityId}/buys`,
    headers: bearer(leader),
    payload: body,
  });
  if (created.statusCode !== 201) throw new Error(`create buy: ${created.statusCode} ${created.body}`);
  const id = created.json().id as string;
  const published = await app.inject({
    method: 'POST',
    url: `/api/buys/${id}/publish`,
    headers: bearer(leader),
  });
  if (published.statusCode !== 200) throw new Error(`publish: ${published.statusCode} ${published.body}`);
  return published.json() as { id: string; items: { id: string }[]; status: string };
}

/** A compound with a leader and verified residents (createBuyScene), and one open buy of these items. */
export async function createSceneWithOpenBuy(
  t: { container: Container; app: FastifyInstance },
  options: { residents?: number; items?: Record<string, unknown>[] } = {},
) {
  const s = await createBuyScene(t.container, { residents: options.residents });
  const buy = await createOpenBuy(t.app, s.leader, s.community.id, buyBody(options.items));
  return { s, buy };
}

/** The one item of createOneItemBuy: what a test is about (stock, limit), and a name and price (鸡蛋, ¥25). */
export interface OneItem {
  stock: number;
  perHouseholdMax: number;
  name?: string;
  priceFen?: number;
}

/** A scene (createSceneWithOpenBuy) whose open buy has one item, with that item's id. */
export async function createOneItemBuy(
  t: { container: Container; app: FastifyInstance },
  residents: number,
  item: OneItem,
) {
  const items = [{ name: '鸡蛋', priceFen: 2500, ...item }];
  const { s, buy } = await createSceneWithOpenBuy(t, { residents, items });
  return { s, buy, itemId: buy.items[0]!.id };
}

/** A buy's rows in the order journal (docs/order-book.md), not yet expanded. */
export async function journalRowsOf(c: Container, buyId: string): Promise<number> {
  const [r] = await rows<{ n: number }>(
    c.db,
    sql`SELECT count(*) AS n FROM order_journal WHERE buy_id = ${buyId}`,
  );
  return Number(r!.n);
}

/** The database's view of a buy's orders, for invariant checks. */
export async function loadBuyState(c: Container, buyId: string) {
  // A read of the tables outside the app expands the order journal first, as the app does.
  await c.buysDeps.repo.expandJournal();
  const [buy] = await c.db.select().from(buys).where(eq(buys.id, buyId));
  if (!buy) throw new Error(`no buy ${buyId}`);
  const items = await c.db.select().from(buyItems).where(eq(buyItems.buyId, buyId));
  const os = await c.db.select().from(orders).where(eq(orders.buyId, buyId));
  const lines = os.length
    ? await c.db
        .select()
        .from(orderLines)
        .where(
          inArray(
            orderLines.orderId,
            os.map((o) => o.id),
          ),
        )
    : [];
  return { buy, items, orders: os.sort((a, b) => a.seq - b.seq), lines };
}

export type BuyScene = Awaited<ReturnType<typeof createBuyScene>>;

/**
 * A test app listening on a port of its own (an event stream is read with fetch, which needs a socket), with
 * a buy scene of two residents: the event streams' tests.
 */
export async function listeningBuyScene(): Promise<{ t: TestApp; base: string; scene: BuyScene }> {
  const t = await createTestApp();
  const scene = await createBuyScene(t.container, { residents: 2 });
  const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  return { t, base, scene };
}

/** Each of them joins the buy with `qty` of the item, in turn (PUT …/orders/mine through inject). */
export async function joinInTurn(
  app: FastifyInstance,
  buyId: string,
  itemId: string,
  who: readonly { token: string }[],
  qty = 1,
): Promise<void> {
  for (const w of who)
    await app.inject({
      method: 'PUT',
      url: `/api/buys/${buyId}/orders/mine`,
      headers: bearer(w),
      payload: { lines: [{ itemId, qty }] },
    });
}
