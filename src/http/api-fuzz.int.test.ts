import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import type { BuyScene } from '../../test/support/buys.ts';
import type { TestMember } from '../../test/support/community.ts';
import { bearer } from '../../test/support/users.ts';
import { createApiScene, fitting, type Operation } from '../../test/support/api-scene.ts';

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

let t: TestApp;
let scene: BuyScene;
let volunteer: TestMember;
/** Ids that exist, by the name of the path parameter that takes them (createApiScene). */
let ids: Record<string, string[]>;
let operations: Operation[];

beforeAll(async () => {
  t = await createTestApp();
  ({ scene, volunteer, ids, operations } = await createApiScene(t));
});
afterAll(() => t.close());

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
    // An invite code, a pool's code, and b's pickup code (a's order got nothing, so a has no package).
    expect([ids.inviteId!.length, ids.tokenId!.length, ids.code!.length]).toEqual([1, 1, 3]);
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
