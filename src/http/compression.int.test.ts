import { brotliDecompressSync, constants, gunzipSync, gzipSync } from 'node:zlib';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { buyBody, createBuyScene, createOpenBuy } from '../../test/support/buys.ts';
import { bearer } from '../../test/support/users.ts';
import { GZIP_HEADER, gzipChunk } from '../realtime/sse-encoding.ts';
import { COMPRESS_FROM_BYTES } from './compression.ts';
import { until } from '../../test/support/sse.ts';

/** What a streaming gzip decoder makes of an event stream cut where it is (it never ends by itself). */
const decodeCut = (bytes: Buffer) =>
  gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH }).toString('utf8');

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

  it('sends event streams plain, whatever the client offers, when LINLI_EVENT_STREAM_GZIP is off', async () => {
    const off = await createTestApp({ eventStreamGzip: false });
    try {
      const offScene = await createBuyScene(off.container, { residents: 1 });
      const base = await off.app.listen({ port: 0, host: '127.0.0.1' });
      const buy = await createOpenBuy(off.app, offScene.leader, offScene.community.id, buyBody());
      const res = await fetch(`${base}/api/buys/${buy.id}/events`, {
        headers: { ...bearer(offScene.residents[0]!), 'accept-encoding': 'gzip, br' },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-encoding')).toBeNull();
      const reader = res.body!.getReader();
      const { value } = await reader.read();
      expect(new TextDecoder().decode(value)).toMatch(/^retry: \d+\n: connected\n\n/);
      await reader.cancel();
    } finally {
      await off.close();
    }
  });

  it("sends a buy's event stream in gzip, each event readable as it arrives, one chunk for every stream", async () => {
    const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const buy = await createOpenBuy(
      t.app,
      scene.leader,
      scene.community.id,
      buyBody([{ name: '牛奶', priceFen: 1200, stock: 5 }]),
    );
    const url = new URL(`${base}/api/buys/${buy.id}/events`);
    const resident = scene.residents[0]!;
    /** A stream read over a real socket, its raw bytes kept as they come. */
    const open = (acceptEncoding: string | null) =>
      new Promise<{ encoding: string | undefined; type: string; raw: () => Buffer; close: () => void }>(
        (resolve, reject) => {
          const chunks: Buffer[] = [];
          const headers = {
            ...bearer(resident),
            ...(acceptEncoding ? { 'accept-encoding': acceptEncoding } : {}),
          };
          const req = request(url, { headers }, (res) => {
            res.on('data', (c: Buffer) => chunks.push(c));
            resolve({
              encoding: res.headers['content-encoding'],
              type: String(res.headers['content-type']),
              raw: () => Buffer.concat(chunks),
              close: () => res.destroy(),
            });
          });
          req.on('error', reject);
          req.end();
        },
      );
    const [a, b, plain] = await Promise.all([open('gzip, deflate, br, zstd'), open('gzip'), open(null)]);
    try {
      expect([a.encoding, b.encoding, plain.encoding]).toEqual(['gzip', 'gzip', undefined]);
      expect(a.type).toContain('text/event-stream');
      const text = (s: typeof a) => (s.encoding === 'gzip' ? decodeCut(s.raw()) : s.raw().toString('utf8'));
      await until(() => [a, b, plain].every((s) => text(s).includes(': connected')), 5000);

      const joined = await t.app.inject({
        method: 'PUT',
        url: `/api/buys/${buy.id}/orders/mine`,
        headers: { ...bearer(resident), 'content-type': 'application/json' },
        payload: { lines: [{ itemId: buy.items[0]!.id, qty: 2 }] },
      });
      expect(joined.statusCode).toBe(201);
      // The event is readable while the streams stay open: nothing waits for a compressor's buffer to fill.
      await until(() => [a, b, plain].every((s) => text(s).includes('"order.placed"')), 5000);
      const after = (s: typeof a) => text(s).slice(text(s).indexOf(': connected\n\n'));
      expect(after(a)).toBe(after(plain));
      expect(after(b)).toBe(after(plain));
      // Past each stream's own first chunk (its header, and its own reconnect delay), the bytes are the
      // same: the event was compressed once for both.
      const own = (s: typeof a) => {
        const first = /^retry: \d+\n: connected\n\n/.exec(text(s))![0];
        return GZIP_HEADER.length + gzipChunk(first).length;
      };
      expect(
        a
          .raw()
          .subarray(own(a))
          .equals(b.raw().subarray(own(b))),
      ).toBe(true);
      expect(a.raw().length - own(a)).toBeLessThan(Buffer.byteLength(after(plain)));
    } finally {
      for (const s of [a, b, plain]) s.close();
    }
  });
});
