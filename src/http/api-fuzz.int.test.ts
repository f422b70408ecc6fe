import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { createBuyScene, createOpenBuy, type BuyScene } from '../../test/support/buys.ts';
import {
  addRole,
  createTestMember,
  type TestMember,
  type TestResident,
} from '../../test/support/community.ts';
import { bearer } from '../../test/support/users.ts';

/**
 * Every operation of the API document, sent what a broken client, a hostile one or a stale page might send:
 * ids that exist, that do not, or that are not ids; query values of every kind; bodies that are missing,
 * malformed, of the wrong shape or oversized; under the wrong content type; with no token, a bad one, or a
 * resident's, a neighbour's, a building volunteer's, a leader's or an admin's; on an open buy, a closed one with a payment, and one
 * that arrived short, with a refund and a delivery report. Whatever comes in, the answer is never a 5xx, and
 * an error is in the API's shape. (The event streams, which stay open, have tests of their own.)
 */

/** Requests per operation (LINLI_FUZZ_RUNS to search longer by hand). */
const RUNS = Number(process.env.LINLI_FUZZ_RUNS) || 12;

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
interface Operation {
  method: Method;
  path: string;
  pathParams: string[];
  queryParams: string[];
  /** The JSON body's schema, when it takes one. */
  body: Schema | null;
}

/** The part of JSON Schema (as the API document has it) that the bodies are drawn from. */
interface Schema {
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  anyOf?: Schema[];
  oneOf?: Schema[];
  nullable?: boolean;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
}

/**
 * Values that fit a schema (mostly: patterns and limits as declared), so that a body gets past validation to
 * the use-case behind it; ids are the scene's where the body names one (`uuids`), or fresh.
 */
function fitting(
  schema: Schema,
  uuids: readonly string[],
  named: Record<string, readonly string[]> = {},
): fc.Arbitrary<unknown> {
  const one = ((): fc.Arbitrary<unknown> => {
    const options = schema.anyOf ?? schema.oneOf;
    if (options) return fc.oneof(...options.map((o) => fitting(o, uuids, named)));
    if (schema.enum) return fc.constantFrom(...schema.enum);
    switch (schema.type) {
      case 'object': {
        const props = schema.properties ?? {};
        const record: Record<string, fc.Arbitrary<unknown>> = {};
        for (const [k, v] of Object.entries(props)) {
          const known = named[k];
          record[k] = known?.length
            ? fc.oneof(fc.constantFrom(...known), fitting(v, uuids, named))
            : fitting(v, uuids, named);
        }
        return fc.record(record, { requiredKeys: (schema.required ?? []).filter((k) => k in props) });
      }
      case 'array':
        return fc.array(fitting(schema.items ?? {}, uuids, named), {
          minLength: schema.minItems ?? 0,
          maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 4, 4)),
        });
      case 'integer':
        return fc.integer({ min: schema.minimum ?? -1e9, max: schema.maximum ?? 1e9 });
      case 'number':
        return fc.double({ min: schema.minimum ?? -1e9, max: schema.maximum ?? 1e9, noNaN: true });
      case 'boolean':
        return fc.boolean();
      case 'string':
        if (schema.format === 'uuid') return fc.oneof(fc.constantFrom(...uuids), fc.uuid());
        if (schema.format === 'date-time' || schema.format === 'date')
          return fc
            .oneof(
              {
                weight: 4,
                arbitrary: fc
                  .integer({ min: Date.now() - 400 * 86_400_000, max: Date.now() + 400 * 86_400_000 })
                  .map((ms) => new Date(ms).toISOString()),
              },
              // Years at the edges of what a format lets through and a database stores.
              fc.constantFrom(
                '0000-02-29T00:00:00Z',
                '0001-01-01T00:00:00+01:00',
                '1969-12-31T23:59:59Z',
                '9999-12-31T23:59:59-14:00',
              ),
            )
            .map((iso) => (schema.format === 'date' ? iso.slice(0, 10) : iso));
        if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern));
        return fc.string({
          unit: fc.constantFrom('grapheme', 'grapheme-ascii') as never,
          minLength: schema.minLength ?? 0,
          maxLength: Math.min(schema.maxLength ?? 40, 40),
        });
      default:
        return fc.jsonValue({ maxDepth: 2 });
    }
  })();
  return schema.nullable ? fc.oneof({ weight: 4, arbitrary: one }, fc.constant(null)) : one;
}

let t: TestApp;
let scene: BuyScene;
let volunteer: TestMember;
/** Ids that exist, by the name of the path parameter that takes them. */
let ids: Record<string, string[]>;
let operations: Operation[];

beforeAll(async () => {
  t = await createTestApp();
  scene = await createBuyScene(t.container, { residents: 2 });
  const [a, b] = scene.residents as [TestResident, TestResident];
  const open = await createOpenBuy(t.app, scene.leader, scene.community.id);
  // A second buy, past its open state: both households ordered, it closed, one marked paid.
  const closed = await createOpenBuy(t.app, scene.leader, scene.community.id);
  for (const who of [a, b])
    await t.app.inject({
      method: 'PUT',
      url: `/api/buys/${closed.id}/orders/mine`,
      headers: bearer(who),
      payload: { lines: [{ itemId: closed.items[0]!.id, qty: 1 }] },
    });
  await t.app.inject({ method: 'POST', url: `/api/buys/${closed.id}/close`, headers: bearer(scene.leader) });
  const paid = await t.app.inject({
    method: 'POST',
    url: `/api/buys/${closed.id}/money/payments`,
    headers: bearer(a),
    payload: { method: 'wechat' },
  });
  const paymentId = (paid.json() as { payment?: { id?: string } }).payment?.id;
  const arrived = await arrivedBuy(a, b);
  volunteer = await createTestMember(t.container, scene.community.id, 'Volunteer');
  await addRole(t.container, volunteer, { volunteerBuildingIds: [scene.buildings[0]!.id] });
  const invite = (
    await t.app.inject({
      method: 'POST',
      url: `/api/communities/${scene.community.id}/invites`,
      headers: bearer(scene.admin),
      payload: {},
    })
  ).json() as { invite?: { id: string; code: string } };
  const token = (
    await t.app.inject({
      method: 'POST',
      url: '/api/me/tokens',
      headers: bearer(a),
      payload: { name: 'fuzz' },
    })
  ).json() as { token?: { id: string } };
  ids = {
    communityId: [scene.community.id],
    buyId: [open.id, closed.id, arrived.buyId],
    householdId: [a.household.id, b.household.id],
    buildingId: [scene.buildings[0]!.id],
    memberId: [a.memberId, b.memberId, scene.leader.memberId],
    claimId: [a.claimId],
    itemId: [open.items[0]!.id, closed.items[0]!.id],
    paymentId: [paymentId, arrived.paymentId].filter((id) => id !== undefined),
    refundId: arrived.refundId ? [arrived.refundId] : [],
    reportId: arrived.reportId ? [arrived.reportId] : [],
    inviteId: invite.invite ? [invite.invite.id] : [],
    tokenId: token.token ? [token.token.id] : [],
    // A path's invite code, a body's pickup code (`code` in both).
    code: [...(invite.invite ? [invite.invite.code] : []), ...arrived.pickupCodes],
  };
  const doc = (await t.app.inject('/api/openapi.json')).json() as {
    paths: Record<
      string,
      Record<
        string,
        {
          parameters?: { in: string; name: string }[];
          requestBody?: { content: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
        }
      >
    >;
  };
  operations = [];
  for (const [path, ops] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(ops)) {
      if (path.endsWith('/events')) continue; // event streams stay open
      const params = op.parameters ?? [];
      const json = op.requestBody?.content['application/json'];
      operations.push({
        method: method as Method,
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: params.filter((p) => p.in === 'query').map((p) => p.name),
        body: json ? ((json.schema ?? {}) as Schema) : null,
      });
    }
});
afterAll(() => t.close());

/**
 * A third buy, as far as it goes: b joins before a, the buy closes, a pays and the leader confirms it, the buy
 * is confirmed, and the truck brings 2 of the 4 boxes. b gets both (first joined, first served), so a is refunded
 * what they paid, and b reports a box missing.
 */
async function arrivedBuy(a: TestResident, b: TestResident) {
  const go = (method: 'POST' | 'PUT', url: string, who: { token: string }, payload?: object) =>
    t.app.inject({ method, url, headers: bearer(who), ...(payload ? { payload } : {}) });
  const buy = await createOpenBuy(t.app, scene.leader, scene.community.id);
  const itemId = buy.items[0]!.id;
  for (const who of [b, a])
    await go('PUT', `/api/buys/${buy.id}/orders/mine`, who, { lines: [{ itemId, qty: 2 }] });
  await go('POST', `/api/buys/${buy.id}/close`, scene.leader);
  const paid = await go('POST', `/api/buys/${buy.id}/money/payments`, a, { method: 'wechat' });
  const paymentId = (paid.json() as { payment?: { id?: string } }).payment?.id;
  await go('POST', `/api/payments/${paymentId}/confirm`, scene.leader);
  await go('POST', `/api/buys/${buy.id}/confirm`, scene.leader);
  await go('POST', `/api/buys/${buy.id}/arrival`, scene.leader, {
    policy: 'seq',
    received: [{ itemId, receivedQty: 2 }],
  });
  const refund = await go('POST', `/api/buys/${buy.id}/money/refunds`, scene.leader, {
    householdId: a.household.id,
    method: 'wechat',
  });
  const report = await go('POST', `/api/buys/${buy.id}/packages/mine/reports`, b, {
    kind: 'missing',
    lines: [{ itemId, qty: 1 }],
  });
  return {
    buyId: buy.id,
    paymentId,
    refundId: (refund.json() as { refund?: { id?: string } }).refund?.id,
    reportId: (report.json() as { report?: { id?: string } }).report?.id,
    pickupCodes:
      (
        (
          await t.app.inject({ url: `/api/buys/${buy.id}/packages`, headers: bearer(scene.leader) })
        ).json() as { buildings?: { households: { code: string }[] }[] }
      ).buildings?.flatMap((bl) => bl.households.map((h) => h.code)) ?? [],
  };
}

/** A path segment: an id that exists (for the names the scene has), a fresh one, or something else entirely. */
const segment = (name: string) =>
  fc.oneof(
    {
      weight: 3,
      arbitrary: ids[name]?.length
        ? fc.constantFrom(...ids[name])
        : fc.constant('00000000-0000-4000-8000-000000000000'),
    },
    fc.uuid(),
    fc.string({ maxLength: 40 }).map((s) => encodeURIComponent(s) || 'x'),
    fc.constantFrom('0', '-1', '1e309', 'null', '%00', '%ZZ', '..', 'x'.repeat(3000), '%E4%BD%A0'),
  );

const scalar = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.integer().map(String),
  fc.constantFrom('', '-1', '0', '1e309', 'NaN', 'true', 'x'.repeat(5000), '2026-13-45T99:99:99Z'),
);

/** A value for a declared property: any JSON, or a scalar that is close to right. */
const value = fc.oneof(fc.jsonValue({ maxDepth: 3 }), scalar, fc.integer(), fc.double(), fc.boolean());

const bodyFor = (op: Operation) => {
  const props = Object.keys(op.body?.properties ?? {});
  const fits = op.body
    ? fitting(op.body, [...new Set(Object.values(ids).flat())], { code: ids.code! })
    : fc.constant({});
  return fc.oneof(
    fc.constant<{ payload?: string; type?: string }>({}),
    // What a client of the API sends, and the same with one property gone wrong.
    { weight: 8, arbitrary: fits.map((v) => ({ payload: JSON.stringify(v) })) },
    {
      weight: 3,
      arbitrary: fc
        .tuple(fits, fc.constantFrom(...(props.length ? props : ['x'])), value)
        .map(([v, k, bad]) => ({
          payload: JSON.stringify(typeof v === 'object' && v !== null ? { ...v, [k]: bad } : v),
        })),
    },
    fc.jsonValue({ maxDepth: 3 }).map((v) => ({ payload: JSON.stringify(v) ?? 'null' })),
    fc
      .dictionary(fc.constantFrom(...(props.length ? props : ['x'])), value, { maxKeys: 6 })
      .map((o) => ({ payload: JSON.stringify(o) })),
    fc
      .constantFrom('{"a":', '[', '{"__proto__":{"x":1}}', '"', 'null', '\u0000')
      .map((payload) => ({ payload })),
    fc.constant({ payload: JSON.stringify({ x: 'x'.repeat(3 * 1024 * 1024) }) }),
    fc
      .constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'image/png',
      )
      .map((type) => ({ payload: 'a=1&b=%ZZ', type })),
  );
};

const who = fc.oneof(fc.constantFrom('none', 'bad'), {
  weight: 4,
  arbitrary: fc.constantFrom('resident', 'neighbour', 'volunteer', 'leader', 'admin'),
});

async function send(
  op: Operation,
  path: string,
  query: Record<string, string>,
  body: { payload?: string; type?: string },
  as: string,
  key: string | undefined,
) {
  const headers: Record<string, string> = {};
  if (as === 'bad') headers.authorization = 'Bearer lin_nope';
  else if (as === 'resident') Object.assign(headers, bearer(scene.residents[0]!));
  else if (as === 'neighbour') Object.assign(headers, bearer(scene.residents[1]!));
  else if (as === 'volunteer') Object.assign(headers, bearer(volunteer));
  else if (as === 'leader') Object.assign(headers, bearer(scene.leader));
  else if (as === 'admin') Object.assign(headers, bearer(scene.admin));
  if (key !== undefined) headers['idempotency-key'] = key;
  if (body.payload !== undefined) headers['content-type'] = body.type ?? 'application/json';
  const qs = new URLSearchParams(query).toString();
  return t.app.inject({
    method: op.method.toUpperCase() as 'GET',
    url: `${path}${qs ? `?${qs}` : ''}`,
    headers,
    ...(body.payload !== undefined ? { payload: body.payload } : {}),
  });
}

describe('every operation of the API, sent anything', () => {
  it('lists the operations it sends to', () => {
    expect(operations.length).toBeGreaterThan(90);
    // The scene got as far as it should: payments, a refund, a delivery report.
    expect([ids.paymentId!.length, ids.refundId!.length, ids.reportId!.length]).toEqual([2, 1, 1]);
    // An invite code, and b's pickup code (a's order got nothing, so a has no package).
    expect([ids.inviteId!.length, ids.tokenId!.length, ids.code!.length]).toEqual([1, 1, 2]);
  });

  it('never answers 5xx, and answers errors in the API shape', async () => {
    for (const op of operations) {
      const request = fc.record({
        segments: fc.tuple(...op.pathParams.map(segment)),
        query: fc.dictionary(fc.constantFrom(...op.queryParams, 'extra'), scalar, { maxKeys: 3 }),
        body: bodyFor(op),
        as: who,
        key: fc.option(fc.oneof(fc.uuid(), fc.string({ maxLength: 300 })), { nil: undefined }),
      });
      await fc.assert(
        fc.asyncProperty(request, async ({ segments, query, body, as, key }) => {
          let path = op.path;
          op.pathParams.forEach((name, i) => (path = path.replace(`{${name}}`, segments[i]!)));
          // A header value the HTTP layer would refuse to send is not a request a client can make.
          const safeKey = key !== undefined && /^[\x20-\x7e]*$/.test(key) ? key : undefined;
          const res = await send(op, path, query, body, as, safeKey);
          const where = `${op.method.toUpperCase()} ${path.slice(0, 120)} as ${as}: ${res.statusCode} ${res.body.slice(0, 300)}`;
          expect(res.statusCode, where).toBeLessThan(500);
          if (res.statusCode >= 400 && res.headers['content-type']?.toString().includes('json'))
            expect(typeof (res.json() as { error?: { code?: unknown } }).error?.code, where).toBe('string');
        }),
        { numRuns: RUNS },
      );
    }
  }, 600_000);
});
