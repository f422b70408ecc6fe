/**
 * The demo compound's group buys, so that a first `npm start` shows the product at work rather than empty
 * pages: one buy open now (eggs sold out, a waitlist, a volunteer's order for an elderly neighbour), one whose
 * goods have arrived and are being delivered (a shortage of milk, some packages at the door, some paid), one
 * finished last round (everything delivered, paid and settled with the supplier), and a 联合团购 open with 和平苑
 * next door (its leader joined with a buy of her own compound; both compounds have ordered).
 *
 * Everything goes through the HTTP API (`app.inject`), as the leaders, volunteers and residents would do it,
 * so the orders, allocations, journal, ledger, audit chain and notices are exactly what the product makes. The
 * people act with access tokens made for the occasion and deleted at the end. The demo login 2-503 (刘洋) has
 * not joined the open buy (joining is the first thing to try) and owes money on the delivered one.
 */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import QRCode from 'qrcode';
import type { Db } from '../db/client.ts';
import { accessTokens, users } from '../db/schema/auth.ts';
import { householdClaims, households, members, volunteerBuildings } from '../db/schema/community.ts';
import type { Clock, IdGenerator } from '../core/shared/ports.ts';
import { hashSecret, randomSecret } from '../core/shared/secrets.ts';
import { insertInChunks } from './bulk.ts';
import { DEMO_IN_NEED, DEMO_LOGINS, DEMO_NEIGHBOUR_LOGIN } from './demo.ts';
import { createRandom, pick } from './names.ts';

export interface DemoBuysSummary {
  buys: { title: string; status: string; orders: number }[];
}

type Who = { token: string };
type Line = { itemId: string; qty: number };
interface Home {
  householdId: string;
  label: string;
  buildingId: string;
  userId: string;
}

/** How many households join each buy (of the demo's ~270 verified ones). */
const OPEN_BUY_JOINERS = 46;
const ARRIVED_BUY_JOINERS = 36;
const DONE_BUY_JOINERS = 28;
/** 阳光花园's households in the 联合团购 (和平苑's: all of its 12). */
const RICE_BUY_JOINERS = 40;
const RESIDENT_LOGIN = '2-503';
const ADMIN_LOGIN = DEMO_LOGINS.find((l) => l.role === 'admin')!.household;
const DAY_MS = 86_400_000;

/** The deadline of a buy the demo closes at once: ten minutes on, as a leader who closes early would have set. */
const soon = (now: Date) => new Date(now.getTime() + 10 * 60_000).toISOString();

export async function seedDemoBuys(
  app: FastifyInstance,
  db: Db,
  deps: { ids: IdGenerator; clock: Clock },
  communityId: string,
  /** 和平苑, the compound next door, whose leader joins the 联合团购. */
  neighbourId: string,
): Promise<DemoBuysSummary> {
  const leaderPhones = DEMO_LOGINS.filter((l) => l.role === 'leader').map((l) => l.phone);
  const people = await demoPeople(db, communityId, [leaderPhones[0]!, leaderPhones[1]!]);
  const nextPhone = DEMO_NEIGHBOUR_LOGIN.phone;
  const next = await demoPeople(db, neighbourId, [nextPhone, nextPhone]);
  const userIds = new Set([
    people.leaderA,
    people.leaderB,
    ...people.volunteers.values(),
    ...people.homes.map((h) => h.userId),
    next.leaderA,
    ...next.homes.map((h) => h.userId),
  ]);
  const now = deps.clock.now();
  const tokens = new Map<string, string>();
  const rows = [...userIds].map((userId) => {
    const token = `lin_${randomSecret()}`;
    tokens.set(userId, token);
    return { id: deps.ids.id(), userId, name: 'demo', tokenHash: hashSecret(token), createdAt: now };
  });
  const as = (userId: string): Who => ({ token: tokens.get(userId)! });
  const api: Api = async <T>(
    who: Who,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    url: string,
    payload?: object,
  ) => {
    const res = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${who.token}` },
      ...(payload ? { payload: payload as Record<string, unknown> } : {}),
    });
    if (res.statusCode >= 300) throw new Error(`demo: ${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json() as T;
  };
  // The tokens are made in one insert and deleted whatever happens.
  await insertInChunks(db, accessTokens, rows);
  try {
    return await makeBuys(app, people, as, api, now, communityId, { id: neighbourId, people: next });
  } finally {
    await db.delete(accessTokens).where(
      inArray(
        accessTokens.id,
        rows.map((r) => r.id),
      ),
    );
  }
}

type Api = <T>(
  who: Who,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH',
  url: string,
  payload?: object,
) => Promise<T>;
type People = Awaited<ReturnType<typeof demoPeople>>;

async function makeBuys(
  app: FastifyInstance,
  people: People,
  as: (userId: string) => Who,
  api: Api,
  now: Date,
  communityId: string,
  neighbour: { id: string; people: People },
): Promise<DemoBuysSummary> {
  const random = createRandom(20220415);
  const leaderA = as(people.leaderA);
  const leaderB = as(people.leaderB);
  const volunteerOf = (buildingId: string) => as(people.volunteers.get(buildingId)!);
  const resident = people.homes.find((h) => h.label === RESIDENT_LOGIN)!;
  const others = people.homes.filter((h) => h !== resident && !people.proxyIds.has(h.householdId));
  const choose = (n: number, also: Home[] = []) => {
    const pool = [...others];
    const picked: Home[] = [...also];
    while (picked.length < n && pool.length > 0)
      picked.push(pool.splice(Math.floor(random() * pool.length), 1)[0]!);
    return picked;
  };
  const buyUrl = (id: string, path = '') => `/api/buys/${id}${path}`;

  const create = async (leader: Who, body: object) => {
    const buy = await api<{ id: string; items: { id: string }[] }>(
      leader,
      'POST',
      `/api/communities/${communityId}/buys`,
      body,
    );
    await api(leader, 'POST', buyUrl(buy.id, '/publish'));
    return { id: buy.id, items: buy.items.map((i) => i.id) };
  };
  const join = (who: Who, buyId: string, lines: Line[]) =>
    api(who, 'PUT', buyUrl(buyId, '/orders/mine'), { lines: lines.filter((l) => l.qty > 0) });
  const forNeighbour = (buildingId: string, buyId: string, householdId: string, lines: Line[]) =>
    api(volunteerOf(buildingId), 'PUT', buyUrl(buyId, `/orders/households/${householdId}`), { lines });
  // The leader's collection code on the pay page: a QR code of a sentence saying it is the demo's.
  const paymentQr = async (leader: Who, buyId: string) => {
    const png = await QRCode.toBuffer('邻里演示：团长的收款码放在这里（这个码不能付款）', {
      type: 'png',
      width: 360,
    });
    const res = await app.inject({
      method: 'PUT',
      url: buyUrl(buyId, '/money/qr'),
      headers: { authorization: `Bearer ${leader.token}`, 'content-type': 'image/png' },
      payload: png,
    });
    if (res.statusCode >= 300) throw new Error(`demo: PUT money/qr: ${res.statusCode} ${res.body}`);
  };
  /** The households mark their payments (at once, as phones would); the leader confirms those `confirm` picks. */
  const pay = (leader: Who, buyId: string, payers: Home[], confirm: (i: number) => boolean) =>
    Promise.all(
      payers.map(async (h, i) => {
        const { payment } = await api<{ payment: { id: string } }>(
          as(h.userId),
          'POST',
          buyUrl(buyId, '/money/payments'),
          { method: i % 3 === 2 ? 'alipay' : 'wechat' },
        );
        if (confirm(i)) await api(leader, 'POST', `/api/payments/${payment.id}/confirm`);
      }),
    );
  // The notifier holds the notices of a burst of joins until 150 ms after its last batch (docs/notifications.md,
  // "Joins first, notices after"). Waiting that out keeps a buy's later notices (closed, arrived) after them in
  // the inbox, as hours between the stages would.
  const joinsNoticed = () => new Promise((resolve) => setTimeout(resolve, 400));
  const step = (leader: Who, buyId: string, action: string) =>
    api(leader, 'POST', buyUrl(buyId, `/${action}`));

  // 1. Finished last round: 抗原 and masks, everything delivered, paid, the supplier paid, completed.
  const done = await create(leaderA, {
    title: '抗原检测试剂 + N95 口罩（第 3 批）',
    description: '街道保供渠道，有注册证。每户抗原最多 2 盒。送到家门口，请留意群消息。',
    supplierName: '沪东医药（保供企业）',
    supplierContact: '021-6888 0123',
    deadline: soon(now),
    pickupMode: 'door',
    items: [
      { name: '抗原检测试剂', spec: '20 人份', unit: '盒', priceFen: 9800, stock: 60, perHouseholdMax: 2 },
      {
        name: 'N95 口罩',
        spec: '独立包装 10 只',
        unit: '包',
        priceFen: 3500,
        stock: 100,
        perHouseholdMax: 3,
      },
    ],
  });
  const doneJoiners = choose(DONE_BUY_JOINERS);
  const doneQty = [0, 0];
  await Promise.all(
    doneJoiners.map((h) => {
      const qty = [pick(random, [1, 1, 2]), pick(random, [0, 1, 2])];
      qty.forEach((q, i) => (doneQty[i]! += q));
      return join(
        as(h.userId),
        done.id,
        qty.map((q, i) => ({ itemId: done.items[i]!, qty: q })),
      );
    }),
  );
  await joinsNoticed();
  await step(leaderA, done.id, 'close');
  await step(leaderA, done.id, 'confirm');
  await api(leaderA, 'POST', buyUrl(done.id, '/arrival'), { policy: 'seq', received: [] });
  await deliverAll(api, done.id, leaderA, doneJoiners, volunteerOf, as, () => true);
  await pay(leaderA, done.id, doneJoiners, () => true);
  // The supplier's invoice at the prices the households paid (no margin, no fee on this one), then the transfer.
  const supplierPrices = [9800, 3500];
  const lines = doneQty.map((qty, i) => ({ itemId: done.items[i]!, qty, unitPriceFen: supplierPrices[i]! }));
  const invoiceFen = lines.reduce((sum, l) => sum + l.qty * l.unitPriceFen, 0);
  await api(leaderA, 'POST', buyUrl(done.id, '/money/supplier-bills'), { kind: 'invoice', lines });
  await api(leaderA, 'POST', buyUrl(done.id, '/money/supplier-bills'), {
    kind: 'payment',
    amountFen: invoiceFen,
    note: '对公转账',
  });
  await step(leaderA, done.id, 'complete');

  // 2. Arrived this morning and being delivered: milk came short (shared out in 接龙 order), buildings 1–4
  //    delivered but for building 1's top floor (王芳's round is not over), a box of eggs reported broken,
  //    about half the households paid. 2-503 joined, has not paid, its package not yet delivered. Each of
  //    the demo's people with a role has something on their 待办 (docs/todo.md).
  const arrived = await create(leaderB, {
    title: '鸡蛋牛奶保供套餐',
    // Brought to the doors by each building's volunteer (deliverAll's method 'door'): 我的包裹 and 待办 say so.
    description: '每周一次，鸡蛋和牛奶。到货后楼长送到家门口，请凭取货码签收。',
    supplierName: '光明乳业浦东配送站',
    supplierContact: '139 1234 5678',
    deadline: soon(now),
    pickupMode: 'door',
    leaderFeeFen: 200,
    items: [
      { name: '土鸡蛋', spec: '30 枚', unit: '盒', priceFen: 3200, stock: 80, perHouseholdMax: 2 },
      { name: '纯牛奶', spec: '250 ml × 24', unit: '箱', priceFen: 6800, stock: 50, perHouseholdMax: 2 },
    ],
  });
  const arrivedJoiners = choose(ARRIVED_BUY_JOINERS, [resident]);
  let milk = 0;
  const joinArrived = (h: Home) => {
    const lines = [
      { itemId: arrived.items[0]!, qty: pick(random, [1, 1, 2]) },
      { itemId: arrived.items[1]!, qty: pick(random, [0, 1, 1, 2]) },
    ];
    milk += lines[1]!.qty;
    return join(as(h.userId), arrived.id, lines);
  };
  await joinArrived(resident); // first in the list
  await Promise.all(arrivedJoiners.slice(1).map(joinArrived));
  // 向国强, building 2's volunteer, ordered a box of eggs for 2-101, an elderly neighbour without a smartphone.
  const elder = people.proxies.find((p) => p.label === '2-101')!;
  await forNeighbour(elder.buildingId, arrived.id, elder.householdId, [
    { itemId: arrived.items[0]!, qty: 1 },
  ]);
  await joinsNoticed();
  await step(leaderB, arrived.id, 'close');
  await step(leaderB, arrived.id, 'confirm');
  await paymentQr(leaderB, arrived.id);
  await api(leaderB, 'PUT', buyUrl(arrived.id, '/delivery'), {
    windowStart: new Date(now.getTime() - 3 * 3600_000).toISOString(),
    windowEnd: new Date(now.getTime() - 2 * 3600_000).toISOString(),
    driverName: '周师傅',
    plate: '沪B·5K321',
    gate: '北门（锦绣路）',
  });
  await api(leaderB, 'POST', buyUrl(arrived.id, '/arrival'), {
    policy: 'seq',
    received: [{ itemId: arrived.items[1]!, receivedQty: Math.max(0, Math.min(milk, 50) - 4) }],
  });
  const topFloor1 = Math.max(...arrivedJoiners.filter((h) => buildingOf(h) === 1).map(floorOf));
  await deliverAll(
    api,
    arrived.id,
    leaderB,
    arrivedJoiners,
    volunteerOf,
    as,
    (h) => h !== resident && buildingOf(h) <= 4 && !(buildingOf(h) === 1 && floorOf(h) === topFloor1),
  );
  // He took 2-101's to her door: her receipt and her money are his to see to (his 待办: 代签收, 代付).
  const elderPackage = await api<{ package: { code: string } }>(
    volunteerOf(elder.buildingId),
    'GET',
    buyUrl(arrived.id, `/packages/households/${elder.householdId}`),
  );
  await api(volunteerOf(elder.buildingId), 'POST', buyUrl(arrived.id, '/packages/deliver'), {
    code: elderPackage.package.code,
    method: 'door',
  });
  const payers = arrivedJoiners.filter((h, i) => h !== resident && i % 2 === 0);
  await pay(leaderB, arrived.id, payers, (i) => i % 2 === 0);
  const broken = arrivedJoiners.find((h) => h !== resident && buildingOf(h) === 2);
  if (broken)
    await api(as(broken.userId), 'POST', buyUrl(arrived.id, '/packages/mine/reports'), {
      kind: 'damaged',
      note: '一盒鸡蛋碎了好几个',
      lines: [{ itemId: arrived.items[0]!, qty: 1 }],
    });

  // 3. Open now, closing tomorrow evening: eggs sold out with a waitlist; building volunteers have ordered
  //    for two elderly neighbours without smartphones. 2-503 has not joined.
  const deadline = new Date(now.getTime() + DAY_MS);
  deadline.setUTCHours(12, 0, 0, 0); // 20:00 in Shanghai, 12–36 hours from now
  const open = await create(leaderA, {
    title: '时令蔬菜水果团（崇明农场直供）',
    description:
      '崇明农场直供，当天采摘。满 6000 元成团（农场的起送价），不满自动取消、不收钱。鸡蛋数量有限，抢完进入候补，有人退出按顺序补上。',
    supplierName: '崇明绿港农场',
    supplierContact: '136 0000 1234',
    deadline: deadline.toISOString(),
    // The day after the deadline, in Shanghai.
    deliveryDate: new Date(deadline.getTime() + DAY_MS + 8 * 3600_000).toISOString().slice(0, 10),
    pickupMode: 'building',
    minAmountFen: 600_000, // the demo's orders come to ¥5,085.60: the bar shows how far there is to go
    items: [
      {
        name: '时令蔬菜包',
        spec: '约 5 斤，6–8 种',
        unit: '份',
        priceFen: 3980,
        stock: 150,
        perHouseholdMax: 2,
      },
      { name: '土鸡蛋', spec: '30 枚', unit: '盒', priceFen: 4500, stock: 30, perHouseholdMax: 2 },
      { name: '红富士苹果', spec: '5 斤', unit: '袋', priceFen: 2990, perHouseholdMax: 3 },
      {
        name: '猪肉糜',
        spec: '500 g',
        unit: '盒',
        priceFen: 1880,
        stock: 80,
        perHouseholdMax: 4,
        packSize: 2,
      },
    ],
  });
  await paymentQr(leaderA, open.id);
  let openOrders = 0;
  const joinOpen = (h: Home) => {
    const lines = [
      { itemId: open.items[0]!, qty: pick(random, [0, 1, 1, 2]) },
      { itemId: open.items[1]!, qty: pick(random, [0, 1, 1, 2]) },
      { itemId: open.items[2]!, qty: pick(random, [0, 0, 1]) },
      { itemId: open.items[3]!, qty: pick(random, [0, 0, 2, 4]) },
    ];
    if (lines.every((l) => l.qty === 0)) lines[0]!.qty = 1;
    openOrders++;
    return join(as(h.userId), open.id, lines);
  };
  await Promise.all(choose(OPEN_BUY_JOINERS).map(joinOpen));
  for (const p of people.proxies.slice(0, 2))
    await forNeighbour(p.buildingId, open.id, p.householdId, [
      { itemId: open.items[0]!, qty: 1 },
      { itemId: open.items[1]!, qty: 1 },
    ]);

  // 4. A 联合团购 with 和平苑 next door, closing a day after the vegetables: the mill delivers from ¥20,000, more
  //    than either compound orders alone. 李娜 pooled her buy; 赵敏 joined it for 和平苑 (a draft of the same
  //    goods for her own compound) and published it; households of both have ordered, short of the minimum.
  const riceDeadline = new Date(deadline.getTime() + DAY_MS);
  const rice = await create(leaderA, {
    title: '五常大米 · 花生油（联合团购）',
    description:
      '和隔壁和平苑一起凑米厂的起送：两个小区合计满 20000 元成团，不满自动取消、不收钱。米厂按小区分开送到各自门口。',
    supplierName: '五常稻花香米业',
    supplierContact: '138 0451 2200',
    deadline: riceDeadline.toISOString(),
    deliveryDate: new Date(riceDeadline.getTime() + 2 * DAY_MS + 8 * 3600_000).toISOString().slice(0, 10),
    pickupMode: 'building',
    minAmountFen: 2_000_000,
    items: [
      { name: '五常大米', spec: '10 斤', unit: '袋', priceFen: 8800, perHouseholdMax: 3 },
      { name: '压榨花生油', spec: '5 L', unit: '桶', priceFen: 9900, perHouseholdMax: 2 },
    ],
  });
  const { pool } = await api<{ pool: { code: string } }>(leaderA, 'POST', buyUrl(rice.id, '/pool'), {
    gate: '南门',
    contact: `李娜 ${DEMO_LOGINS.find((l) => l.displayName === '李娜')!.phone}`,
  });
  const zhao = as(neighbour.people.leaderA);
  const joined = await api<{ buyId: string }>(zhao, 'POST', `/api/pools/${pool.code}/members`, {
    communityId: neighbour.id,
    gate: '北门',
    contact: `赵敏 ${DEMO_NEIGHBOUR_LOGIN.phone}`,
  });
  await api(zhao, 'POST', buyUrl(joined.buyId, '/publish'));
  const theirs = await api<{ items: { id: string }[] }>(zhao, 'GET', buyUrl(joined.buyId));
  const riceLines = (items: readonly string[]) => [
    { itemId: items[0]!, qty: pick(random, [1, 1, 2, 3]) },
    { itemId: items[1]!, qty: pick(random, [0, 1, 1, 2]) },
  ];
  // Not the households on the register of those in need: the committee's and 王芳's 待办 show two of them
  // with nothing on the way (README).
  const riceHere = choose(RICE_BUY_JOINERS).filter((h) => !DEMO_IN_NEED.has(h.label));
  await Promise.all(riceHere.map((h) => join(as(h.userId), rice.id, riceLines(rice.items))));
  const riceThere = neighbour.people.homes;
  await Promise.all(
    riceThere.map((h) => join(as(h.userId), joined.buyId, riceLines(theirs.items.map((i) => i.id)))),
  );

  // 供应商名录 (docs/trust.md): the leaders registered their suppliers and the committee checked two licences and
  // 保供 certificates. 崇明绿港农场, the open buy's, waits for it (the admin's 待办 says so; 放心买: 已登记，未核验);
  // 五常稻花香米业 is not in the register. The licence numbers are made up and say so.
  const admin = as(people.homes.find((h) => h.label === ADMIN_LOGIN)!.userId);
  const register = (leader: Who, body: object) =>
    api<{ id: string }>(leader, 'POST', `/api/communities/${communityId}/suppliers`, body);
  const checked = [
    await register(leaderA, {
      name: '沪东医药（保供企业）',
      contact: '021-6888 0123',
      licenceNo: '91310115DEMO000001',
      baogong: true,
      note: '街道保供名单内；抗原有医疗器械注册证。',
    }),
    await register(leaderB, {
      name: '光明乳业浦东配送站',
      contact: '139 1234 5678',
      licenceNo: '91310115DEMO000002',
      baogong: true,
      note: '保供企业，冷链车送到小区门口。',
    }),
  ];
  for (const s of checked) await api(admin, 'PATCH', `/api/suppliers/${s.id}`, { verified: true });
  await register(leaderA, {
    name: '崇明绿港农场',
    contact: '136 0000 1234',
    licenceNo: '91310151DEMO000003',
    note: '农场直供，营业执照照片已发给居委。',
  });

  const status = async (id: string) => (await api<{ status: string }>(leaderA, 'GET', buyUrl(id))).status;
  return {
    buys: [
      { title: '时令蔬菜水果团', status: await status(open.id), orders: openOrders + 2 },
      { title: '五常大米 · 花生油', status: await status(rice.id), orders: riceHere.length },
      { title: '鸡蛋牛奶保供套餐', status: await status(arrived.id), orders: arrivedJoiners.length + 1 },
      { title: '抗原检测试剂 + N95 口罩', status: await status(done.id), orders: doneJoiners.length },
    ],
  };
}

/** Delivers the packages of the households `wanted` picks, each by its building's volunteer; they confirm. */
async function deliverAll(
  api: Api,
  buyId: string,
  leader: Who,
  joiners: Home[],
  volunteerOf: (buildingId: string) => Who,
  as: (userId: string) => Who,
  wanted: (h: Home) => boolean,
) {
  const sorting = await api<{
    buildings: { buildingId: string; households: { householdId: string; code: string }[] }[];
  }>(leader, 'GET', `/api/buys/${buyId}/packages`);
  const byHousehold = new Map(joiners.map((h) => [h.householdId, h]));
  const delivered = sorting.buildings.flatMap((b) =>
    b.households.flatMap((p) => {
      const h = byHousehold.get(p.householdId);
      return h && wanted(h) ? [{ h, code: p.code, volunteer: volunteerOf(b.buildingId) }] : [];
    }),
  );
  // Each building's volunteer at the doors, all at once; two households in three confirm receipt.
  await Promise.all(
    delivered.map(async ({ h, code, volunteer }, i) => {
      await api(volunteer, 'POST', `/api/buys/${buyId}/packages/deliver`, { code, method: 'door' });
      if (i % 3 !== 2) await api(as(h.userId), 'POST', `/api/buys/${buyId}/packages/mine/confirm`);
    }),
  );
}

/** A label's building and floor: 1-302 is building 1, floor 3. */
const buildingOf = (h: Home) => Number(h.label.split('-')[0]);
const floorOf = (h: Home) => Math.floor(Number(h.label.split('-')[1]) / 100);

/** The demo's leaders, each building's volunteer, every verified household's first member, the proxies. */
async function demoPeople(db: Db, communityId: string, leaderPhones: readonly [string, string]) {
  const leaders = await db
    .select({ id: users.id, phone: users.phone })
    .from(users)
    .where(inArray(users.phone, [...leaderPhones]));
  const leaderId = (phone: string) => leaders.find((l) => l.phone === phone)!.id;
  const volunteerRows = await db
    .select({ buildingId: volunteerBuildings.buildingId, userId: members.userId })
    .from(volunteerBuildings)
    .innerJoin(members, eq(members.id, volunteerBuildings.memberId))
    .where(eq(volunteerBuildings.communityId, communityId));
  const claimRows = await db
    .select({
      householdId: households.id,
      label: households.label,
      buildingId: households.buildingId,
      userId: members.userId,
    })
    .from(householdClaims)
    .innerJoin(members, eq(members.id, householdClaims.memberId))
    .innerJoin(households, eq(households.id, householdClaims.householdId))
    .where(and(eq(householdClaims.communityId, communityId), eq(householdClaims.status, 'verified')))
    .orderBy(asc(households.label), asc(members.createdAt), asc(members.id));
  const homes: Home[] = [];
  const seen = new Set<string>();
  for (const r of claimRows)
    if (!seen.has(r.householdId)) {
      seen.add(r.householdId);
      homes.push(r);
    }
  const proxies = await db
    .select({ householdId: households.id, buildingId: households.buildingId, label: households.label })
    .from(households)
    .where(and(eq(households.communityId, communityId), eq(households.isProxy, true)))
    .orderBy(asc(households.label));
  return {
    leaderA: leaderId(leaderPhones[0]),
    leaderB: leaderId(leaderPhones[1]),
    volunteers: new Map(volunteerRows.map((v) => [v.buildingId, v.userId])),
    homes,
    proxies,
    proxyIds: new Set(proxies.map((p) => p.householdId)),
  };
}
