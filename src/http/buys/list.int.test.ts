import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/support/test-app.ts';
import { buyBody, createBuyScene, createOpenBuy } from '../../../test/support/buys.ts';
import { bearer, createTestUser } from '../../../test/support/users.ts';

let t: TestApp;
let scene: Awaited<ReturnType<typeof createBuyScene>>;
let buy: Awaited<ReturnType<typeof createOpenBuy>>;
// A long item name and 14 lines, so that the list passes the 4 KB from which answers are compressed.
const NAME = '有机蔬菜礼盒'.repeat(15);

beforeAll(async () => {
  t = await createTestApp();
  scene = await createBuyScene(t.container, { residents: 16 });
  buy = await createOpenBuy(
    t.app,
    scene.leader,
    scene.community.id,
    buyBody([{ name: NAME, priceFen: 2500, stock: 100, perHouseholdMax: 3 }]),
  );
  for (const r of scene.residents.slice(0, 14)) expect((await join(r, 1)).statusCode).toBe(201);
});
afterAll(async () => {
  await t.close();
});

const join = (who: { token: string }, qty: number) =>
  t.app.inject({
    method: 'PUT',
    url: `/api/buys/${buy.id}/orders/mine`,
    headers: bearer(who),
    payload: { lines: [{ itemId: buy.items[0]!.id, qty }] },
  });
const cancelMine = (who: { token: string }) =>
  t.app.inject({ method: 'DELETE', url: `/api/buys/${buy.id}/orders/mine`, headers: bearer(who) });
const list = (who: { token: string }, headers: Record<string, string> = {}) =>
  t.app.inject({ url: `/api/buys/${buy.id}/list`, headers: { ...bearer(who), ...headers } });

describe('GET /api/buys/{id}/list, kept by the buy’s version', () => {
  it('answers every member the same bytes in the encoding they offer, and a page that has them nothing', async () => {
    const [a, b] = scene.residents;
    const plain = await list(a!);
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-type']).toMatch(/^application\/json/);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['cache-control']).toBe('private, no-cache');
    const body = plain.json();
    expect(body.entries).toHaveLength(14);
    expect(body.entries[0]).toMatchObject({ seq: 1, items: [{ name: NAME, qty: 1 }] });
    expect(plain.rawPayload.length).toBeGreaterThan(4096);
    const tag = plain.headers.etag as string;
    expect(tag).toMatch(/^W\/"v\d+"$/);

    // A browser's offer: gzip (made of chunks of lines kept from version to version: encoded-bodies.ts).
    const gz = await list(b!, { 'accept-encoding': 'gzip, deflate, br, zstd' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers.vary).toContain('accept-encoding');
    expect(JSON.parse(gunzipSync(gz.rawPayload).toString())).toEqual(body);
    expect(gz.rawPayload.length).toBeLessThan(plain.rawPayload.length / 4);
    expect(gz.headers.etag).toBe(tag);
    // A client that takes brotli alone is sent the JSON, which the app's compression encodes (compression.ts).
    const br = await list(b!, { 'accept-encoding': 'br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(JSON.parse(brotliDecompressSync(br.rawPayload).toString())).toEqual(body);

    // A page that fetches it again at the same version (the browser revalidates) is sent nothing.
    const again = await list(b!, { 'if-none-match': tag });
    expect(again.statusCode).toBe(304);
    expect(again.rawPayload.length).toBe(0);
    expect(again.headers.etag).toBe(tag);
  });

  it('answers anew once the buy has changed', async () => {
    const [a, , c] = scene.residents;
    const before = await list(a!);
    expect((await join(scene.residents[14]!, 2)).statusCode).toBe(201);
    expect((await join(c!, 3)).statusCode).toBe(200);
    const after = await list(a!, { 'if-none-match': before.headers.etag as string });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(before.headers.etag);
    const entries = after.json().entries as { seq: number; items: { qty: number }[] }[];
    expect(entries).toHaveLength(15);
    expect(entries.find((e) => e.seq === 3)?.items[0]?.qty).toBe(3);
    // Any change of the buy (here its title) is a new version, and the list is answered anew.
    const renamed = await t.app.inject({
      method: 'PATCH',
      url: `/api/buys/${buy.id}`,
      headers: bearer(scene.leader),
      payload: { title: '新标题' },
    });
    expect(renamed.statusCode).toBe(200);
    expect((await list(a!, { 'if-none-match': after.headers.etag as string })).statusCode).toBe(200);
  });

  it('answers each version in gzip as its JSON, however its lines came and went', async () => {
    const [a, b, c, d] = scene.residents;
    const both = async () => {
      const gz = await list(a!, { 'accept-encoding': 'gzip' });
      const plain = await list(b!);
      expect(gz.headers['content-encoding']).toBe('gzip');
      expect(gz.headers.etag).toBe(plain.headers.etag);
      expect(gunzipSync(gz.rawPayload).toString()).toBe(plain.rawPayload.toString());
      return plain.json().entries as { householdLabel: string; items: { qty: number }[] }[];
    };
    const first = await both();
    // A line changed, one gone from the middle, one added at the end: the answer keeps what did not change.
    expect((await join(c!, 1)).statusCode).toBe(200);
    expect((await cancelMine(d!)).statusCode).toBe(200);
    expect((await join(scene.residents[15]!, 2)).statusCode).toBe(201);
    const next = await both();
    expect(next).toHaveLength(first.length);
    expect(next.find((e) => e.householdLabel === c!.household.label)?.items[0]?.qty).toBe(1);
    expect(next.some((e) => e.householdLabel === d!.household.label)).toBe(false);
    expect(next.at(-1)?.householdLabel).toBe(scene.residents[15]!.household.label);
  });

  it('checks who asks before anything else: no 304 and no list for outsiders or strangers', async () => {
    const tag = (await list(scene.residents[0]!)).headers.etag as string;
    const outsider = await createTestUser(t.container, 'Outsider (list)');
    const cases: [Record<string, string>, number][] = [
      [{}, 401],
      [bearer(outsider), 403],
    ];
    for (const [headers, status] of cases) {
      const res = await t.app.inject({
        url: `/api/buys/${buy.id}/list`,
        headers: { ...headers, 'if-none-match': tag },
      });
      expect(res.statusCode).toBe(status);
      expect(res.headers.etag).toBeUndefined();
    }
    expect((await list(scene.residents[1]!, { 'if-none-match': tag })).statusCode).toBe(304);
    const unknown = await t.app.inject({
      url: `/api/buys/${crypto.randomUUID()}/list`,
      headers: { ...bearer(scene.residents[0]!), 'if-none-match': tag },
    });
    expect(unknown.statusCode).toBe(404);
  });
});
