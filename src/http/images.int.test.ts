import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createTestApp, type TestApp } from '../../test/support/test-app.ts';
import { checkImage, MAX_IMAGE_BYTES } from '../core/shared/images.ts';
import { imageUploadRoute, sendStoredFile } from './images.ts';

const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
let t: TestApp;
let app: FastifyInstance;

// The app's image body parser and file helpers, through routes registered for this test only (before the
// first inject() readies the app).
beforeAll(async () => {
  t = await createTestApp();
  app = t.app;
  app.post('/test/image', imageUploadRoute, async (request) => {
    const bytes = request.body as Buffer;
    return t.container.files.put(bytes, checkImage(bytes));
  });
  app.get('/test/image/:key', async (request, reply) => {
    const file = await t.container.files.get((request.params as { key: string }).key);
    return file ? sendStoredFile(reply, file) : reply.status(404).send();
  });
});
afterAll(() => t.close());

describe('image bodies', () => {
  it('accepts an image up to the limit, stores it and sends it back with safe headers', async () => {
    const up = await app.inject({
      method: 'POST',
      url: '/test/image',
      headers: { 'content-type': 'image/png' },
      body: png,
    });
    expect(up.statusCode).toBe(200);
    const { key } = up.json() as { key: string };
    const down = await app.inject({ method: 'GET', url: `/test/image/${key}` });
    expect(down.statusCode).toBe(200);
    expect(down.headers['content-type']).toBe('image/png');
    expect(down.headers['x-content-type-options']).toBe('nosniff');
    expect(down.rawPayload.equals(png)).toBe(true);

    const big = await app.inject({
      method: 'POST',
      url: '/test/image',
      headers: { 'content-type': 'image/png' },
      body: Buffer.alloc(MAX_IMAGE_BYTES + 10),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('payload_too_large');

    const fake = await app.inject({
      method: 'POST',
      url: '/test/image',
      headers: { 'content-type': 'image/png' },
      body: Buffer.from('<svg/>'),
    });
    expect(fake.statusCode).toBe(422);
    expect(fake.json().error.code).toBe('image_type_unsupported');
  });

  it('keeps JSON routes at the JSON limit and refuses other media types with 415', async () => {
    const gif = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { 'content-type': 'image/gif' },
      body: Buffer.from('GIF89a'),
    });
    expect(gif.statusCode).toBe(415);
    expect(gif.json().error.code).toBe('unsupported_media_type');
  });
});
