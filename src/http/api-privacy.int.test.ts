import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { createBuyScene, createOpenBuy } from '../../test/support/buys.ts';
import {
  addRole,
  createTestMember,
  makeProxyHousehold,
  type TestMember,
} from '../../test/support/community.ts';
import { bearer, type TestUser } from '../../test/support/users.ts';
import { createApiScene, fitting, type ApiScene, type Operation } from '../../test/support/api-scene.ts';
import { users } from '../db/schema/auth.ts';
import { buildings, householdNeeds, households } from '../db/schema/community.ts';

/**
 * Privacy, across the whole API: a household's label ("1-101") is its public identity; the names, phone
 * numbers and pickup codes behind it are for the household itself and the admins and volunteers who need them.
 *
 * - People of another compound (its admin, leader, volunteer, a resident) get no 2xx on anything of this one,
 *   named by its real ids, and never see its people's names or numbers.
 * - Within the compound, a resident never sees another household's name, phone number or pickup code, nor the
 *   contact of a neighbour without a smartphone; nor does the volunteer of another building; a leader who is
 *   neither admin nor volunteer sees no household's name or number; a caller without a token sees none of it.
 * - No answer ever carries anyone's access token.
 *
 * Every read is sent with every combination of the scene's real ids; every write is sent bodies drawn from its
 * own schema (fast-check). Spreadsheets are opened and read cell by cell. The event streams replay the scene
 * from its first event, and a frame that names a household reaches that household only.
 */

/** Writes per operation and caller group (LINLI_FUZZ_RUNS to search longer by hand). */
const RUNS = Number(process.env.LINLI_FUZZ_RUNS) || 8;

let t: TestApp;
/** The same app, listening, for the event streams. */
let base: string;
let A: ApiScene;
/** What only some may see, by whose it is. */
let secret: {
  a: string[];
  b: string[];
  staff: string[];
  proxy: string[];
  pickup: string[];
  tokens: string[];
};
/** A building volunteer of the compound's second building. */
let otherBuilding: TestMember;
let elsewhere: Record<'admin' | 'leader' | 'volunteer' | 'resident', TestUser>;

/** Gives a person a name nobody else has, so that finding it in an answer means it leaked. */
async function rename(user: TestUser, displayName: string): Promise<string[]> {
  await t.container.db.update(users).set({ displayName }).where(eq(users.id, user.userId));
  return [displayName, user.phone];
}

beforeAll(async () => {
  t = await createTestApp();
  A = await createApiScene(t);
  const { scene } = A;
  const [a, b] = scene.residents;
  // A neighbour without a smartphone: a household an admin orders for, whose contact is private.
  const proxyId = t.container.ids.id();
  await t.container.db.insert(households).values({
    id: proxyId,
    communityId: scene.community.id,
    buildingId: scene.buildings[0]!.id,
    room: '901',
    label: '1-901',
  });
  await makeProxyHousehold(t.container, proxyId, {
    contactName: '代办联系人赵秀英',
    contactPhone: '13912345678',
    notes: '独居老人，腿脚不便',
  });
  // On the register of households that need looking after: private like the proxy's contact.
  await t.container.db.insert(householdNeeds).values({
    householdId: proxyId,
    communityId: scene.community.id,
    needs: ['medication'],
    note: '胰岛素每天两次，女儿周末来',
  });
  // A volunteer of another building of the same compound: building 1's people are not theirs to see.
  const building2 = t.container.ids.id();
  await t.container.db
    .insert(buildings)
    .values({ id: building2, communityId: scene.community.id, name: '2', sortKey: 2 });
  otherBuilding = await createTestMember(t.container, scene.community.id, 'Volunteer 2');
  await addRole(t.container, otherBuilding, { volunteerBuildingIds: [building2] });
  const open = A.ids.buyId![0]!;
  const itemId = A.ids.itemId![0]!;
  const proxyOrder = await t.app.inject({
    method: 'PUT',
    url: `/api/buys/${open}/orders/households/${proxyId}`,
    headers: bearer(scene.admin),
    payload: { lines: [{ itemId, qty: 1 }] },
  });
  expect(proxyOrder.statusCode, proxyOrder.body).toBe(201);
  A.ids.householdId!.push(proxyId);

  secret = {
    a: await rename(a!, '居民甲王秀兰'),
    b: await rename(b!, '居民乙李建国'),
    staff: [
      ...(await rename(scene.leader, '团长丙张伟')),
      ...(await rename(scene.admin, '管理员丁刘洋')),
      ...(await rename(A.volunteer, '楼长戊陈静')),
    ],
    proxy: ['代办联系人赵秀英', '13912345678', '独居老人，腿脚不便', '胰岛素每天两次，女儿周末来'],
    pickup: A.pickupCodes,
    tokens: [a!, b!, scene.leader, scene.admin, A.volunteer].map((u) => u.token),
  };

  // Another compound, with people in every role and a buy of its own.
  const other = await createBuyScene(t.container, { residents: 1 });
  await createOpenBuy(t.app, other.leader, other.community.id);
  const volunteer = await createTestMember(t.container, other.community.id, 'Volunteer');
  await addRole(t.container, volunteer, { volunteerBuildingIds: [other.buildings[0]!.id] });
  base = await t.app.listen({ port: 0, host: '127.0.0.1' });
  elsewhere = { admin: other.admin, leader: other.leader, volunteer, resident: other.residents[0]! };
});
afterAll(() => t.close());

/** Everyone's names and numbers, the proxy's contact and the pickup code. */
const personal = () => [...secret.a, ...secret.b, ...secret.staff, ...secret.proxy, ...secret.pickup];
/** All of it, and the access tokens. */
const everything = () => [...personal(), ...secret.tokens];

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** An answer as text: its body, or a spreadsheet's cells. */
async function readable(res: LightMyRequestResponse): Promise<string> {
  if (!res.headers['content-type']?.toString().startsWith(XLSX)) return res.body;
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
  const cells: string[] = [];
  wb.eachSheet((sheet) => {
    cells.push(sheet.name);
    sheet.eachRow((row) => row.eachCell((cell) => cells.push(cell.text)));
  });
  return cells.join('\n');
}

/**
 * What an event stream sends in its first moments: its status, and the frames of its replay from the start
 * (`Last-Event-ID: 0`; a stream says `event: replayed` when it is done). The streams stay open, so they are
 * read from a listening server and cut off.
 */
async function peekStream(path: string, who: TestUser | null): Promise<{ status: number; text: string }> {
  const controller = new AbortController();
  const headers: Record<string, string> = { 'last-event-id': '0', ...(who ? bearer(who) : {}) };
  const res = await fetch(`${base}${path}`, { headers, signal: controller.signal });
  let text = '';
  if (res.ok && res.body) {
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    const cutOff = setTimeout(() => controller.abort(), 500);
    try {
      while (!text.includes('event: replayed')) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
    } catch {
      // cut off
    }
    clearTimeout(cutOff);
  } else text = await res.text();
  controller.abort();
  return { status: res.status, text };
}

/** Every path of an operation with the scene's real ids, in every combination. */
function realPaths(op: Operation): string[] {
  let paths = [op.path];
  for (const name of op.pathParams)
    paths = paths.flatMap((p) => (A.ids[name] ?? []).map((id) => p.replace(`{${name}}`, id)));
  return paths;
}

/** A request's path with the scene's real ids, drawn. */
const realPath = (op: Operation) =>
  fc
    .tuple(...op.pathParams.map((name) => fc.constantFrom(...(A.ids[name] ?? ['x']))))
    .map((segments) => op.pathParams.reduce((p, name, i) => p.replace(`{${name}}`, segments[i]!), op.path));

const bodyOf = (op: Operation) =>
  op.body
    ? fc.oneof(fc.constant(undefined), {
        weight: 6,
        arbitrary: fitting(op.body, [...new Set(Object.values(A.ids).flat())], { code: A.ids.code! }),
      })
    : fc.constant(undefined);

async function send(op: Operation, path: string, who: TestUser | null, body: unknown) {
  const headers: Record<string, string> = who ? bearer(who) : {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  return t.app.inject({
    method: op.method.toUpperCase() as 'GET',
    url: path,
    headers,
    ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
  });
}

/** Fails with where it leaked when the answer holds any of the strings. */
async function expectNone(res: LightMyRequestResponse, hidden: string[], where: string) {
  const text = await readable(res);
  for (const s of hidden)
    expect(text.includes(s), `${where}: ${res.statusCode} holds "${s}": ${text.slice(0, 400)}`).toBe(false);
}

const reads = () => A.operations.filter((op) => op.method === 'get');
const writes = () => A.operations.filter((op) => op.method !== 'get');

/**
 * Anyone may look an invite up by its code (it names the compound), and accept it to join; and a joint buy up by
 * its code (it names the host compound and its goods), and join their own compound to it.
 */
const invitation = (op: Operation) =>
  op.path.startsWith('/api/invite-codes/') || op.path.startsWith('/api/pools/');

/** Who asks within the compound, what they must not see, and their own household. */
interface Caller {
  name: string;
  who: TestUser | null;
  hidden: string[];
  own?: string;
}

const callers = (): Caller[] => {
  const [a, b] = A.scene.residents;
  return [
    {
      name: 'resident a',
      who: a!,
      own: a!.household.id,
      hidden: [...secret.b, ...secret.staff, ...secret.proxy, ...secret.pickup, ...secret.tokens],
    },
    {
      name: 'resident b',
      who: b!,
      own: b!.household.id,
      hidden: [...secret.a, ...secret.staff, ...secret.proxy, ...secret.tokens],
    },
    {
      name: 'the leader',
      who: A.scene.leader,
      hidden: [...secret.a, ...secret.b, ...secret.proxy, ...secret.tokens],
    },
    {
      name: "another building's volunteer",
      who: otherBuilding,
      hidden: [...secret.a, ...secret.b, ...secret.proxy, ...secret.pickup, ...secret.tokens],
    },
    {
      name: 'no one',
      who: null,
      hidden: everything(),
    },
  ];
};

describe('the scene', () => {
  it('holds every secret where those who need it read it, so that a leak would be seen', async () => {
    const { scene } = A;
    const seen = new Set<string>();
    let ok = 0;
    for (const op of reads())
      for (const path of realPaths(op))
        for (const who of [scene.admin, scene.leader, A.volunteer, ...scene.residents]) {
          const res = await send(op, path, who, undefined);
          if (res.statusCode < 300) ok++;
          const text = await readable(res);
          for (const s of personal()) if (text.includes(s)) seen.add(s);
        }
    expect(ok).toBeGreaterThan(150);
    // Everyone's name and number, the neighbour's contact and the pickup code are each in some answer.
    expect(personal().filter((s) => !seen.has(s))).toEqual([]);
  });
});

describe('another compound', () => {
  const acrossTheFence = () => A.operations.filter((op) => op.pathParams.length > 0);

  it('reads nothing of this one by its real ids, and sees none of its people', async () => {
    let sent = 0;
    for (const op of acrossTheFence().filter((o) => o.method === 'get'))
      for (const path of realPaths(op))
        for (const [role, who] of Object.entries(elsewhere)) {
          const res = await send(op, path, who, undefined);
          const where = `GET ${path} as another compound's ${role}`;
          if (!invitation(op))
            expect(res.statusCode, `${where}: ${res.body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
          await expectNone(res, everything(), where);
          sent++;
        }
    expect(sent).toBeGreaterThan(150);
  });

  it('changes nothing of this one by its real ids', async () => {
    for (const op of acrossTheFence().filter((o) => o.method !== 'get' && !invitation(o))) {
      const request = fc.record({
        path: realPath(op),
        body: bodyOf(op),
        role: fc.constantFrom(...(Object.keys(elsewhere) as (keyof typeof elsewhere)[])),
      });
      await fc.assert(
        fc.asyncProperty(request, async ({ path, body, role }) => {
          const res = await send(op, path, elsewhere[role], body);
          const where = `${op.method.toUpperCase()} ${path} as another compound's ${role}`;
          expect(res.statusCode, `${where}: ${res.body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
          await expectNone(res, everything(), where);
        }),
        { numRuns: RUNS },
      );
    }
  }, 300_000);
});

describe('within the compound', () => {
  it('a household, the leader or another building’s volunteer reads no other household’s name, number or pickup code', async () => {
    let sent = 0;
    let ok = 0;
    for (const op of reads())
      for (const path of realPaths(op))
        for (const { name, who, hidden } of callers()) {
          const res = await send(op, path, who, undefined);
          await expectNone(res, hidden, `GET ${path} as ${name}`);
          sent++;
          if (res.statusCode < 300) ok++;
        }
    expect(sent).toBeGreaterThan(150);
    expect(ok).toBeGreaterThan(50); // its own buys, orders, money and package, the public lists
  });

  it('nor gets one back from a write', async () => {
    for (const op of writes()) {
      const request = fc.record({
        path: realPath(op),
        body: bodyOf(op),
        caller: fc.constantFrom(...callers()),
      });
      await fc.assert(
        fc.asyncProperty(request, async ({ path, body, caller }) => {
          const res = await send(op, path, caller.who, body);
          await expectNone(res, caller.hidden, `${op.method.toUpperCase()} ${path} as ${caller.name}`);
        }),
        { numRuns: RUNS },
      );
    }
  }, 300_000);
});

describe('the event streams', () => {
  it('are refused to another compound and to no one, carry nobody’s name, number or code to those who may not see it, nor another household’s frames', async () => {
    const viewers: (Caller & { refused: boolean })[] = [
      ...Object.entries(elsewhere).map(([role, who]) => ({
        name: `another compound's ${role}`,
        who,
        hidden: everything(),
        refused: true,
      })),
      ...callers().map((c) => ({ ...c, refused: c.who === null })),
    ];
    let replayed = 0;
    for (const op of A.streams)
      for (const path of realPaths(op))
        for (const { name, who, hidden, refused, own } of viewers) {
          const { status, text } = await peekStream(path, who);
          // A frame that names a household goes to that household's members only.
          const others = A.ids.householdId!.filter((id) => id !== own).map((id) => `"householdId":"${id}"`);
          const where = `GET ${path} as ${name}: ${status}`;
          for (const s of others) expect(text.includes(s), `${where} names another household`).toBe(false);
          if (refused) expect(status, `${where} ${text.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
          else expect(status, `${where} ${text.slice(0, 200)}`).toBe(200);
          for (const s of hidden)
            expect(text.includes(s), `${where} holds "${s}": ${text.slice(0, 400)}`).toBe(false);
          if (text.includes('event: replayed')) replayed++;
        }
    expect(A.streams.length).toBe(3);
    expect(replayed).toBeGreaterThan(10);
  });
});
