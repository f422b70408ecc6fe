import fc from 'fast-check';
import type { TestApp } from './test-app.ts';
import { createBuyScene, createOpenBuy, type BuyScene } from './buys.ts';
import { addRole, createTestMember, type TestMember, type TestResident } from './community.ts';
import { bearer } from './users.ts';

/**
 * What the API-wide property tests (src/http/api-fuzz.int.test.ts, api-privacy.int.test.ts) send requests to:
 * the operations of the API document, and a compound with something in every state for their ids to name.
 */

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
export interface Operation {
  method: Method;
  path: string;
  pathParams: string[];
  queryParams: string[];
  /** The JSON body's schema, when it takes one. */
  body: Schema | null;
}

/** The part of JSON Schema (as the API document has it) that the bodies are drawn from. */
export interface Schema {
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
export function fitting(
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

export interface ApiScene {
  scene: BuyScene;
  /** A building volunteer of the scene's first building. */
  volunteer: TestMember;
  /** Ids that exist, by the name of the path parameter (or body property) that takes them. */
  ids: Record<string, string[]>;
  /** Every operation of the API document but the event streams, which stay open. */
  operations: Operation[];
  /** The event streams (GET …/events). */
  streams: Operation[];
  /** b's pickup code for the third buy (a's order got nothing, so a has no package). */
  pickupCodes: string[];
}

/**
 * A compound with two verified households (a and b), a leader, an admin and a building volunteer, and three
 * buys: an open one; a closed one that both households ordered from, with a's payment; and one that arrived
 * short (arrivedBuy). Its ids, an invite, a's access token and b's pickup code are in `ids`.
 */
export async function createApiScene(t: TestApp): Promise<ApiScene> {
  const scene = await createBuyScene(t.container, { residents: 2 });
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
  const arrived = await arrivedBuy(t, scene, a, b);
  const volunteer = await createTestMember(t.container, scene.community.id, 'Volunteer');
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
  // 邻里街坊: a's help request, which b answered.
  const post = (
    await t.app.inject({
      method: 'POST',
      url: `/api/communities/${scene.community.id}/posts`,
      headers: bearer(a),
      payload: { kind: 'need', title: '求一盒退烧药', body: '孩子发烧，家里没有了' },
    })
  ).json() as { id?: string };
  await t.app.inject({
    method: 'POST',
    url: `/api/posts/${post.id}/replies`,
    headers: bearer(b),
    payload: { body: '我家有，放门口了' },
  });
  // 放心买's register: a supplier the leader added.
  const supplier = (
    await t.app.inject({
      method: 'POST',
      url: `/api/communities/${scene.community.id}/suppliers`,
      headers: bearer(scene.leader),
      payload: { name: '崇明绿港农场', licenceNo: '91310230MA1K000000', baogong: true },
    })
  ).json() as { id?: string };
  // 联合团购: the leader pools the open buy (its minimum is the pool's; the contact is a gate's, not a person's).
  const pool = (
    await t.app.inject({
      method: 'POST',
      url: `/api/buys/${open.id}/pool`,
      headers: bearer(scene.leader),
      payload: { gate: '南门', contact: '南门保安室', minTotalQty: 1 },
    })
  ).json() as { pool?: { code: string } };
  const ids: Record<string, string[]> = {
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
    postId: post.id ? [post.id] : [],
    supplierId: supplier.id ? [supplier.id] : [],
    // A path's invite or pool code, a body's pickup code (`code` in all).
    code: [
      ...(invite.invite ? [invite.invite.code] : []),
      ...(pool.pool ? [pool.pool.code] : []),
      ...arrived.pickupCodes,
    ],
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
  const operations: Operation[] = [];
  const streams: Operation[] = [];
  for (const [path, ops] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(ops)) {
      const params = op.parameters ?? [];
      const json = op.requestBody?.content['application/json'];
      (path.endsWith('/events') ? streams : operations).push({
        method: method as Method,
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: params.filter((p) => p.in === 'query').map((p) => p.name),
        body: json ? ((json.schema ?? {}) as Schema) : null,
      });
    }
  return { scene, volunteer, ids, operations, streams, pickupCodes: arrived.pickupCodes };
}

/**
 * A third buy, as far as it goes: b joins before a, the buy closes, a pays and the leader confirms it, the buy
 * is confirmed, and the truck brings 2 of the 4 boxes. b gets both (first joined, first served), so a is refunded
 * what they paid, and b reports a box missing.
 */
async function arrivedBuy(t: TestApp, scene: BuyScene, a: TestResident, b: TestResident) {
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
