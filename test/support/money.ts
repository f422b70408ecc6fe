/** Test helpers for the money context: a closed buy with orders, payments marked, shortages written. */
import type { FastifyInstance } from 'fastify';
import type { Container } from '../../src/container.ts';
import { orderAdjustments, orders } from '../../src/db/schema/buys.ts';
import { and, eq, ne } from 'drizzle-orm';
import { createOpenBuy, createBuyScene, inAnHour } from './buys.ts';
import { addRole, createVerifiedResident } from './community.ts';
import { bearer } from './users.ts';

/**
 * A compound with a leader who also lives there (household 1-202), residents 1-101, 1-102 and 1-201,
 * and a buy of 鸡蛋 at ¥25 (leader fee ¥1.50) where resident n ordered n+1 boxes, then closed.
 */
export async function createClosedBuyScene(
  app: FastifyInstance,
  c: Container,
  options: { close?: boolean } = {},
) {
  const scene = await createBuyScene(c, { residents: 3 });
  const leader = await createVerifiedResident(c, scene.community.id, '1-202', 'Leader Resident');
  await addRole(c, leader, { leader: true });
  const buy = await createOpenBuy(app, leader, scene.community.id, {
    title: '鸡蛋团购',
    deadline: inAnHour(),
    leaderFeeFen: 150,
    items: [{ name: '鸡蛋', spec: '30枚/盒', unit: '盒', priceFen: 2500, stock: 100, perHouseholdMax: 10 }],
  });
  const itemId = buy.items[0]!.id;
  for (const [n, r] of [...scene.residents, leader].entries()) {
    const res = await app.inject({
      method: 'PUT',
      url: `/api/buys/${buy.id}/orders/mine`,
      headers: bearer(r),
      payload: { lines: [{ itemId, qty: n + 1 }] },
    });
    if (res.statusCode !== 201) throw new Error(`order: ${res.statusCode} ${res.body}`);
  }
  if (options.close !== false) {
    const closed = await app.inject({
      method: 'POST',
      url: `/api/buys/${buy.id}/close`,
      headers: bearer(leader),
    });
    if (closed.json().status !== 'closed') throw new Error(`close: ${closed.body}`);
  }
  return { ...scene, leader, buy, itemId };
}

/** Writes a shortage the way distribution does (append-only adjustment rows), for a household's live order. */
export async function writeShortage(
  c: Container,
  input: { buyId: string; householdId: string; itemId: string; qty: number; priceFen: number },
) {
  const [order] = await c.db
    .select()
    .from(orders)
    .where(
      and(
        eq(orders.buyId, input.buyId),
        eq(orders.householdId, input.householdId),
        ne(orders.status, 'cancelled'),
      ),
    );
  if (!order) throw new Error('no live order');
  await c.db.insert(orderAdjustments).values({
    id: c.ids.id(),
    buyId: input.buyId,
    orderId: order.id,
    householdId: input.householdId,
    itemId: input.itemId,
    kind: 'shortage',
    qtyDelta: -input.qty,
    amountFenDelta: -input.qty * input.priceFen,
  });
}

export const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2, 3]);
