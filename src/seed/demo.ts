import { count, eq } from 'drizzle-orm';
import bcrypt from 'bcryptjs';
import type { Db, Executor } from '../db/client.ts';
import { users } from '../db/schema/auth.ts';
import {
  buildings,
  communities,
  householdClaims,
  householdNeeds,
  households,
  members,
  volunteerBuildings,
} from '../db/schema/community.ts';
import type { Clock, IdGenerator } from '../core/shared/ports.ts';
import { insertInChunks } from './bulk.ts';
import { planStreet } from './demo-street.ts';
import { streetPosts, streetReplies } from '../db/schema/street.ts';
import { chineseName, createRandom, elderAddress, fakeMobile, pick } from './names.ts';

/** One password for every demo account: it is a demo, and hashing it once keeps seeding fast. */
export const DEMO_PASSWORD = 'linli2022';
export const DEMO_COMMUNITY = { name: '阳光花园小区', address: '上海市浦东新区锦绣路 1888 弄' };

export type DemoRole = 'admin' | 'leader' | 'volunteer' | 'resident';

export interface DemoLogin {
  role: DemoRole;
  displayName: string;
  phone: string;
  household: string;
  note?: string;
}

/** The accounts printed at start: fixed phones so the README can name them. */
export const DEMO_LOGINS: readonly DemoLogin[] = [
  {
    role: 'admin',
    displayName: '陈建国',
    phone: '13800000001',
    household: '1-101',
    note: '居委会 committee',
  },
  {
    role: 'leader',
    displayName: '李娜',
    phone: '13800000002',
    household: '3-201',
    note: '团长 group-buy leader',
  },
  {
    role: 'volunteer',
    displayName: '王芳',
    phone: '13800000003',
    household: '1-302',
    note: '楼长 of building 1',
  },
  { role: 'resident', displayName: '刘洋', phone: '13800000004', household: '2-503' },
  {
    role: 'leader',
    displayName: '张伟',
    phone: '13800000005',
    household: '8-402',
    note: '团长 group-buy leader',
  },
];

/**
 * The compound next door, 和平苑: small (2 buildings × 3 floors × 2 rooms), run by its leader, who joined
 * 阳光花园's 联合团购 for it (demo-buys.ts). Not one of DEMO_LOGINS, which are all 阳光花园's people.
 */
export const DEMO_NEIGHBOUR = { name: '和平苑', address: '上海市浦东新区锦绣路 2000 弄' };
export const DEMO_NEIGHBOUR_LOGIN: DemoLogin = {
  role: 'leader',
  displayName: '赵敏',
  phone: '13800000006',
  household: '1-101',
  note: '和平苑 next door: its admin and 团长, in the 联合团购',
};
/** Every login printed at start: 阳光花园's, then the neighbour's. */
export const DEMO_ALL_LOGINS: readonly DemoLogin[] = [...DEMO_LOGINS, DEMO_NEIGHBOUR_LOGIN];

export interface DemoSummary {
  communityId: string;
  communityName: string;
  households: number;
  members: number;
  proxies: number;
  pendingClaims: number;
  /** 和平苑, the compound next door. */
  neighbour: { communityId: string; communityName: string; households: number };
  logins: readonly DemoLogin[];
  password: string;
}

export class DemoAlreadySeededError extends Error {
  constructor() {
    super(`The demo compound is already in this database (the demo admin ${DEMO_LOGINS[0]!.phone} exists).`);
    this.name = 'DemoAlreadySeededError';
  }
}

const BUILDINGS = 12;
const FLOORS = 6;
const ROOMS = 4;

// Elderly neighbours without smartphones, looked after by their building's volunteer (代下单).
const PROXIES: readonly { label: string; phone: string | null; notes: string }[] = [
  { label: '2-101', phone: '021-58812345', notes: '独居，腿脚不便，请送货上门并敲门' },
  { label: '4-102', phone: null, notes: '耳背，敲门请大声一点；现金付款' },
  { label: '5-201', phone: '13916620418', notes: '女儿在外地（电话），东西放门口即可' },
  { label: '7-101', phone: null, notes: '老两口，只买鸡蛋和牛奶，每周一次' },
  { label: '9-103', phone: '021-50431276', notes: '糖尿病，不要甜食；楼长代付款' },
  { label: '11-202', phone: '13524907731', notes: '儿子每月结账，东西交给邻居 11-201' },
];
/** The register of households that need looking after (需照顾): two of the proxies, two of building 1's homes. */
const NEEDS: readonly {
  label: string;
  needs: ('elderly_alone' | 'medication' | 'mobility' | 'infant' | 'other')[];
  note: string;
}[] = [
  { label: '2-101', needs: ['elderly_alone', 'mobility'], note: '八十多岁，一个人住，下不了楼' },
  { label: '9-103', needs: ['medication'], note: '每天打胰岛素，药快用完了' },
  { label: '1-203', needs: ['infant'], note: '宝宝八个月，要奶粉（二段）和尿不湿' },
  { label: '1-501', needs: ['elderly_alone', 'medication'], note: '高血压药每天吃；儿子在外地' },
];
/** The households on the register of those in need (the 联合团购 leaves them out: docs/todo.md's in_need). */
export const DEMO_IN_NEED = new Set(NEEDS.map((n) => n.label));
const VACANT = ['1-604', '3-603', '5-504', '6-601', '8-104', '10-602', '12-503', '12-604'];
const PENDING = ['2-404', '4-303', '6-202', '7-504', '9-601', '10-101', '11-403', '12-302'];

type Household = typeof households.$inferInsert;
type Person = { userId: string; memberId: string; household: Household | null };

/** True when nothing has been stored yet: `serve` only seeds the demo into an empty embedded database. */
export async function isDatabaseEmpty(db: Executor): Promise<boolean> {
  const [u] = await db.select({ n: count() }).from(users);
  const [c] = await db.select({ n: count() }).from(communities);
  return (u?.n ?? 0) === 0 && (c?.n ?? 0) === 0;
}

export async function hasDemo(db: Executor): Promise<boolean> {
  const rows = await db
    .select({ id: users.id })
    .from(users)
    .where(eq(users.phone, DEMO_LOGINS[0]!.phone))
    .limit(1);
  return rows.length > 0;
}

/**
 * Seeds 阳光花园: 12 buildings × 6 floors × 4 rooms = 288 households, about 300 members with plausible
 * names, an admin, two leaders, a volunteer (楼长) per building, six proxy households of elderly neighbours,
 * eight vacant flats, eight pending claims and four households on the register of those in need; and 和平苑
 * next door (planNeighbour). Deterministic (fixed PRNG seeds); one transaction.
 */
export async function seedDemo(db: Db, deps: { ids: IdGenerator; clock: Clock }): Promise<DemoSummary> {
  if (await hasDemo(db)) throw new DemoAlreadySeededError();
  const passwordHash = await bcrypt.hash(DEMO_PASSWORD, 10);
  return db.transaction(async (tx) => {
    const taken = await takenPhones(tx);
    taken.add(DEMO_NEIGHBOUR_LOGIN.phone);
    const plan = planDemo(deps.ids, deps.clock.now(), passwordHash, taken);
    await tx.insert(users).values(plan.users.slice(0, 1)); // the creator first (communities.created_by)
    await insertInChunks(tx, users, plan.users.slice(1), 500);
    await tx.insert(communities).values(plan.community);
    await insertInChunks(tx, buildings, plan.buildings);
    await insertInChunks(tx, households, plan.households);
    await insertInChunks(tx, members, plan.members);
    await insertInChunks(tx, volunteerBuildings, plan.volunteerBuildings);
    await insertInChunks(tx, householdClaims, plan.claims);
    await insertInChunks(tx, householdNeeds, plan.needs);
    await insertInChunks(tx, streetPosts, plan.street.posts);
    await insertInChunks(tx, streetReplies, plan.street.replies);
    const next = planNeighbour(deps.ids, deps.clock.now(), passwordHash, taken);
    await tx.insert(users).values(next.users.slice(0, 1));
    await insertInChunks(tx, users, next.users.slice(1));
    await tx.insert(communities).values(next.community);
    await insertInChunks(tx, buildings, next.buildings);
    await insertInChunks(tx, households, next.households);
    await insertInChunks(tx, members, next.members);
    await insertInChunks(tx, householdClaims, next.claims);
    return {
      communityId: plan.community.id,
      communityName: DEMO_COMMUNITY.name,
      households: plan.households.length,
      members: plan.members.length,
      proxies: PROXIES.length,
      pendingClaims: PENDING.length,
      neighbour: {
        communityId: next.community.id,
        communityName: DEMO_NEIGHBOUR.name,
        households: next.households.length,
      },
      logins: DEMO_ALL_LOGINS,
      password: DEMO_PASSWORD,
    };
  });
}

async function takenPhones(db: Executor): Promise<Set<string>> {
  // Only matters when the demo goes into a database that already has users (linli demo on PostgreSQL).
  const rows = await db.select({ phone: users.phone }).from(users);
  return new Set(rows.map((r) => r.phone));
}

/** A compound's buildings (named 1, 2, …) and their households, floor by floor and room by room ("3-201"). */
function planLayout(
  ids: IdGenerator,
  communityId: string,
  now: Date,
  [buildingCount, floors, rooms]: [number, number, number],
) {
  const buildingRows = Array.from({ length: buildingCount }, (_, i) => ({
    id: ids.id(),
    communityId,
    name: String(i + 1),
    sortKey: i + 1,
    createdAt: now,
  }));
  const householdRows: Household[] = [];
  for (const [b, building] of buildingRows.entries())
    for (let f = 1; f <= floors; f++)
      for (let r = 1; r <= rooms; r++) {
        const room = `${f}${String(r).padStart(2, '0')}`;
        householdRows.push({
          id: ids.id(),
          communityId,
          buildingId: building.id,
          room,
          label: `${b + 1}-${room}`,
          createdAt: now,
        });
      }
  return { buildingRows, householdRows };
}

function planDemo(ids: IdGenerator, now: Date, passwordHash: string, taken: Set<string>) {
  const random = createRandom(20220401);
  const communityId = ids.id();
  const userRows: (typeof users.$inferInsert)[] = [];
  const memberRows: (typeof members.$inferInsert)[] = [];
  const claimRows: (typeof householdClaims.$inferInsert)[] = [];

  const { buildingRows, householdRows } = planLayout(ids, communityId, now, [BUILDINGS, FLOORS, ROOMS]);
  const byLabel = new Map(householdRows.map((h) => [h.label, h]));

  const newPhone = () => {
    for (;;) {
      const phone = fakeMobile(random);
      if (!taken.has(phone)) {
        taken.add(phone);
        return phone;
      }
    }
  };
  const addPerson = (
    displayName: string,
    phone: string,
    label: string | null,
    roles: { admin?: boolean; leader?: boolean } = {},
  ): Person => {
    const userId = ids.id();
    const memberId = ids.id();
    userRows.push({ id: userId, displayName, phone, passwordHash, createdAt: now });
    memberRows.push({
      id: memberId,
      communityId,
      userId,
      isAdmin: roles.admin ?? false,
      isLeader: roles.leader ?? false,
      createdAt: now,
    });
    return { userId, memberId, household: label ? byLabel.get(label)! : null };
  };

  // The named logins, then a volunteer for every other building.
  const named = DEMO_LOGINS.map((l) =>
    addPerson(l.displayName, l.phone, l.household, {
      admin: l.role === 'admin',
      leader: l.role === 'leader',
    }),
  );
  const admin = named[0]!;
  const volunteerByBuilding = new Map<string, Person>([[buildingRows[0]!.id, named[2]!]]);
  const used = new Set<string>(DEMO_LOGINS.map((l) => l.household));
  const skip = new Set([...VACANT, ...PROXIES.map((p) => p.label)]);
  for (const [b, building] of buildingRows.entries()) {
    if (volunteerByBuilding.has(building.id)) continue;
    let label: string;
    do label = `${b + 1}-${pick(random, [1, 2, 3])}0${pick(random, [1, 2, 3, 4])}`;
    while (used.has(label) || skip.has(label) || PENDING.includes(label));
    used.add(label);
    volunteerByBuilding.set(
      building.id,
      addPerson(chineseName(random), `138000001${String(b + 1).padStart(2, '0')}`, label),
    );
  }
  const volunteerRows = [...volunteerByBuilding].map(([buildingId, p]) => ({
    memberId: p.memberId,
    buildingId,
    communityId,
  }));

  // Everyone else: one resident per household, a second one in about one household in ten.
  const residents: Person[] = [...named, ...volunteerByBuilding.values()].filter(
    (p, i, all) => all.indexOf(p) === i,
  );
  for (const h of householdRows) {
    if (skip.has(h.label) || used.has(h.label)) continue;
    residents.push(addPerson(chineseName(random), newPhone(), h.label));
    if (!PENDING.includes(h.label) && random() < 0.1)
      residents.push(addPerson(chineseName(random), newPhone(), h.label));
  }

  for (const p of residents) {
    if (!p.household) continue;
    const pending = PENDING.includes(p.household.label);
    const volunteer = volunteerByBuilding.get(p.household.buildingId) ?? admin;
    const reviewer = volunteer === p ? admin : volunteer;
    claimRows.push({
      id: ids.id(),
      communityId,
      householdId: p.household.id!,
      memberId: p.memberId,
      status: pending ? 'pending' : 'verified',
      reviewedBy: pending ? null : reviewer.memberId,
      reviewedAt: pending ? null : now,
      createdAt: now,
    });
  }

  for (const proxy of PROXIES) {
    const h = byLabel.get(proxy.label)!;
    Object.assign(h, {
      isProxy: true,
      proxyContactName: elderAddress(random),
      proxyContactPhone: proxy.phone,
      proxyNotes: proxy.notes,
      proxyManagedBy: (volunteerByBuilding.get(h.buildingId) ?? admin).memberId,
    });
  }

  const needRows: (typeof householdNeeds.$inferInsert)[] = NEEDS.map((n) => {
    const h = byLabel.get(n.label)!;
    const by = volunteerByBuilding.get(h.buildingId) ?? admin;
    return {
      householdId: h.id!,
      communityId,
      needs: n.needs,
      note: n.note,
      updatedBy: by.memberId,
      updatedAt: now,
    };
  });

  // 邻里街坊: who writes as a household is its first verified member; their role as the street shows it.
  const verifiedAt = new Map<string, Person>();
  for (const p of residents)
    if (p.household && !PENDING.includes(p.household.label) && !verifiedAt.has(p.household.label))
      verifiedAt.set(p.household.label, p);
  const volunteerIds = new Set(volunteerRows.map((v) => v.memberId));
  const street = planStreet(ids, communityId, now, {
    household: (label) => byLabel.get(label)!.id!,
    resident: (label) => {
      const p = verifiedAt.get(label)!;
      const login = DEMO_LOGINS.find((l) => l.household === label);
      const role =
        login?.role === 'admin' || login?.role === 'leader'
          ? login.role
          : volunteerIds.has(p.memberId)
            ? 'volunteer'
            : null;
      return { memberId: p.memberId, householdId: p.household!.id!, role };
    },
    volunteerOf: (label) => {
      const v = volunteerByBuilding.get(byLabel.get(label)!.buildingId)!;
      return { memberId: v.memberId, householdId: v.household?.id ?? null };
    },
    admin: { memberId: admin.memberId, householdId: admin.household?.id ?? null },
  });

  return {
    community: { id: communityId, ...DEMO_COMMUNITY, createdBy: admin.userId, createdAt: now },
    users: userRows,
    buildings: buildingRows,
    households: householdRows,
    members: memberRows,
    volunteerBuildings: volunteerRows,
    claims: claimRows,
    needs: needRows,
    street,
  };
}

/**
 * 和平苑: 2 buildings × 3 floors × 2 rooms = 12 households, its leader (admin and 团长) in 1-101 and one verified
 * resident in each other household, verified by her. Deterministic (its own PRNG seed).
 */
function planNeighbour(ids: IdGenerator, now: Date, passwordHash: string, taken: Set<string>) {
  const random = createRandom(20220402);
  const communityId = ids.id();
  const { buildingRows, householdRows } = planLayout(ids, communityId, now, [2, 3, 2]);
  const userRows: (typeof users.$inferInsert)[] = [];
  const memberRows: (typeof members.$inferInsert)[] = [];
  const claimRows: (typeof householdClaims.$inferInsert)[] = [];
  const add = (displayName: string, phone: string, household: Household, leader: boolean) => {
    const userId = ids.id();
    const memberId = ids.id();
    userRows.push({ id: userId, displayName, phone, passwordHash, createdAt: now });
    memberRows.push({ id: memberId, communityId, userId, isAdmin: leader, isLeader: leader, createdAt: now });
    return { userId, memberId, household };
  };
  const login = DEMO_NEIGHBOUR_LOGIN;
  const leader = add(
    login.displayName,
    login.phone,
    householdRows.find((h) => h.label === login.household)!,
    true,
  );
  const people = [leader];
  for (const h of householdRows) {
    if (h === leader.household) continue;
    let phone: string;
    do phone = fakeMobile(random);
    while (taken.has(phone));
    taken.add(phone);
    people.push(add(chineseName(random), phone, h, false));
  }
  for (const p of people)
    claimRows.push({
      id: ids.id(),
      communityId,
      householdId: p.household.id!,
      memberId: p.memberId,
      status: 'verified',
      reviewedBy: leader.memberId,
      reviewedAt: now,
      createdAt: now,
    });
  return {
    community: { id: communityId, ...DEMO_NEIGHBOUR, createdBy: leader.userId, createdAt: now },
    users: userRows,
    buildings: buildingRows,
    households: householdRows,
    members: memberRows,
    claims: claimRows,
  };
}
