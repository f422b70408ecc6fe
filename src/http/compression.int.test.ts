import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { buyBody, createBuyScene, createOpenBuy } from '../../test/support/buys.ts';
import { bearer } from '../../test/support/users.ts';
import { COMPRESS_FROM_BYTES } from './compression.ts';

let t: TestApp;
let scene: Awaited<ReturnType<typeof createBuyScene>>;

beforeAll(async () => {
  t = await createTestApp();
  scene = await createBuyScene(t.container, { residents: 1 });
});
afterAll(async () => {
  await t.close();
});

describe('compressed answers', () => {
  it('compresses a large answer for a client that accepts it, brotli first, and the bytes mean the same', async () => {
    const plain = await t.app.inject('/api/openapi.json');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.rawPayload.length).toBeGreaterThan(COMPRESS_FROM_BYTES);

    const br = await t.app.inject({ url: '/api/openapi.json', headers: { 'accept-encoding': 'gzip, br' } });
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 4);
    expect(JSON.parse(brotliDecompressSync(br.rawPayload).toString())).toEqual(plain.json());

    const gz = await t.app.inject({ url: '/api/openapi.json', headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(gz.rawPayload).toString())).toEqual(plain.json());
  });

  it('sends small answers, errors included, as they are', async () => {
    const health = await t.app.inject({ url: '/healthz', headers: { 'accept-encoding': 'gzip, br' } });
    expect(health.headers['content-encoding']).toBeUndefined();
    expect(health.statusCode).toBe(200);
    const missing = await t.app.inject({ url: '/api/nope', headers: { 'accept-encoding': 'gzip, br' } });
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-encoding']).toBeUndefined();
    expect(missing.json().error.code).toBe('route_not_found');
  });

  it('sends as it is when the client asks for an encoding it does not offer', async () => {
    const res = await t.app.inject({ url: '/api/openapi.json', headers: { 'accept-encoding': 'compress' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBeUndefined();
    expect(res.json().openapi).toMatch(/^3\./);
  });

  it('refuses a compressed request body as malformed, not with a 500, and stores nothing', async () => {
    const buy = await createOpenBuy(
      t.app,
      scene.leader,
      scene.community.id,
      buyBody([{ name: '鸡蛋', priceFen: 2500, stock: 5 }]),
    );
    const resident = scene.residents[0]!;
    const res = await t.app.inject({
      method: 'PUT',
      url: `/api/buys/${buy.id}/orders/mine`,
      headers: { ...bearer(resident), 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: gzipSync(JSON.stringify({ lines: [{ itemId: buy.items[0]!.id, qty: 1 }] })),
    });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.json().error.code).toBeTruthy();
    const mine = await t.app.inject({
      url: `/api/me/orders?communityId=${scene.community.id}`,
      headers: bearer(resident),
    });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().orders).toEqual([]);
  });

  it("leaves a buy's event stream uncompressed, so each event arrives as it is sent", async () => {
    const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const buy = await createOpenBuy(
      t.app,
      scene.leader,
      scene.community.id,
      buyBody([{ name: '牛奶', priceFen: 1200, stock: 5 }]),
    );
    const url = new URL(`${base}/api/buys/${buy.id}/events`);
    const head = await new Promise<{ status: number; encoding: string | undefined; type: string }>(
      (resolve, reject) => {
        const req = request(
          url,
          { headers: { ...bearer(scene.residents[0]!), 'accept-encoding': 'gzip, deflate, br' } },
          (res) => {
            resolve({
              status: res.statusCode ?? 0,
              encoding: res.headers['content-encoding'],
              type: String(res.headers['content-type']),
            });
            res.destroy();
          },
        );
        req.on('error', reject);
        req.end();
      },
    );
    expect(head.status).toBe(200);
    expect(head.type).toContain('text/event-stream');
    expect(head.encoding).toBeUndefined();
  });
});
