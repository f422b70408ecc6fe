/** Test helpers for distribution: a confirmed buy with orders from residents of two buildings. */
import type { FastifyInstance } from 'fastify';
import type { Container } from '../../src/container.ts';
import { createOpenBuy, inAnHour } from './buys.ts';
import { addRole, createTestCommunity, createTestMember, createVerifiedResident } from './community.ts';
import { bearer } from './users.ts';

type Who = { token: string };

export async function call(app: FastifyInstance, method: string, url: string, who?: Who, payload?: unknown) {
  return app.inject({
    method: method as 'GET',
    url,
    headers: who ? bearer(who) : {},
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}

/**
 * A compound of two buildings (1-101 … 1-202, 2-101 … 2-202); a leader; a volunteer of each building;
 * residents 1-101, 1-102, 1-201 and 2-101 who order eggs (price 2500) and milk (600), in that order; the
 * buy is closed and confirmed. Eggs: 2 + 2 + 1 + 3 = 8 allocated; milk: 1 each for 1-102 and 2-101.
 */
export async function createConfirmedBuy(c: Container, app: FastifyInstance) {
  const tc = await createTestCommunity(c, { buildings: 2, floors: 2, roomsPerFloor: 2 });
  const leader = await createTestMember(c, tc.community.id, 'Leader');
  await addRole(c, leader, { leader: true });
  const volunteer1 = await createTestMember(c, tc.community.id, 'Volunteer One');
  await addRole(c, volunteer1, { volunteerBuildingIds: [tc.buildings[0]!.id] });
  const volunteer2 = await createTestMember(c, tc.community.id, 'Volunteer Two');
  await addRole(c, volunteer2, { volunteerBuildingIds: [tc.buildings[1]!.id] });
  const residents = {
    a: await createVerifiedResident(c, tc.community.id, '1-101'),
    b: await createVerifiedResident(c, tc.community.id, '1-102'),
    c: await createVerifiedResident(c, tc.community.id, '1-201'),
    d: await createVerifiedResident(c, tc.community.id, '2-101'),
  };
  const buy = await openAndConfirm(app, leader, tc.community.id, residents);
  return { ...tc, leader, volunteer1, volunteer2, residents, buy };
}

export async function openAndConfirm(
  app: FastifyInstance,
  leader: Who,
  communityId: string,
  r: { a: Who; b: Who; c: Who; d: Who },
  confirm = true,
) {
  const buy = await createOpenBuy(app, leader, communityId, {
    title: '鸡蛋牛奶团购',
    deadline: inAnHour(),
    items: [
      { name: '鸡蛋', priceFen: 2500, stock: 100, perHouseholdMax: 5 },
      { name: '牛奶', priceFen: 600, stock: 100 },
    ],
  });
  const [egg, milk] = buy.items.map((i) => i.id) as [string, string];
  const order = async (who: Who, lines: { itemId: string; qty: number }[]) => {
    const res = await call(app, 'PUT', `/api/buys/${buy.id}/orders/mine`, who, { lines });
    if (res.statusCode >= 300) throw new Error(`order: ${res.statusCode} ${res.body}`);
  };
  await order(r.a, [{ itemId: egg, qty: 2 }]);
  await order(r.b, [
    { itemId: egg, qty: 2 },
    { itemId: milk, qty: 1 },
  ]);
  await order(r.c, [{ itemId: egg, qty: 1 }]);
  await order(r.d, [
    { itemId: egg, qty: 3 },
    { itemId: milk, qty: 1 },
  ]);
  for (const action of confirm ? ['close', 'confirm'] : ['close']) {
    const res = await call(app, 'POST', `/api/buys/${buy.id}/${action}`, leader);
    if (res.statusCode !== 200) throw new Error(`${action}: ${res.statusCode} ${res.body}`);
  }
  return { id: buy.id, egg, milk };
}

/**
 * A compound of two buildings (1-101 … 2-202) with a leader living in 2-202, a volunteer for each building, a
 * resident of 1-101, and `proxyLabel` registered as a proxy household (a neighbour without a smartphone) by
 * building 1's volunteer through the API: the 代签收 and 代付 tests' scene.
 */
export async function createProxyScene(c: Container, app: FastifyInstance, proxyLabel: string) {
  const tc = await createTestCommunity(c, { buildings: 2, floors: 2, roomsPerFloor: 2 });
  const leader = await createVerifiedResident(c, tc.community.id, '2-202', 'Leader');
  await addRole(c, leader, { leader: true });
  const v1 = await createTestMember(c, tc.community.id, 'Volunteer One');
  const v2 = await createTestMember(c, tc.community.id, 'Volunteer Two');
  await addRole(c, v1, { volunteerBuildingIds: [tc.buildings[0]!.id] });
  await addRole(c, v2, { volunteerBuildingIds: [tc.buildings[1]!.id] });
  const resident = await createVerifiedResident(c, tc.community.id, '1-101');
  const proxy = tc.household(proxyLabel);
  await registerProxy(app, v1, tc.community.id, proxy.id);
  return { tc, leader, v1, v2, resident, proxy };
}

/** Registers a household as a proxy (代管户) through the API, as an admin or its building's volunteer. */
export async function registerProxy(
  app: FastifyInstance,
  who: Who,
  communityId: string,
  householdId: string,
) {
  const registered = await call(app, 'POST', `/api/communities/${communityId}/proxies`, who, {
    householdId,
    contactName: '周奶奶',
  });
  if (registered.statusCode !== 201) throw new Error(`proxy: ${registered.statusCode} ${registered.body}`);
}
