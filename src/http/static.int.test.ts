import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../../test/support/test-db.ts';
import { createContainer } from '../container.ts';
import type { DbHandle } from '../db/client.ts';
import { buildApp } from './app.ts';

/** A script above the size from which answers are compressed (src/http/compression.ts). */
const BIG_SCRIPT = Array.from({ length: 400 }, (_, i) => `console.log('line ${i}');`).join('\n');

let dist: string;
let handle: DbHandle;
let app: FastifyInstance;

beforeAll(async () => {
  dist = mkdtempSync(join(tmpdir(), 'linli-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Linli</title><div id="root"></div>');
  writeFileSync(join(dist, 'assets', 'app-abc123.js'), 'console.log(1)');
  writeFileSync(join(dist, 'assets', 'big-abc123.js'), BIG_SCRIPT);
  // As the build writes them (web/precompress.ts): a brotli copy beside the file.
  writeFileSync(join(dist, 'assets', 'pre-abc123.js'), BIG_SCRIPT);
  writeFileSync(join(dist, 'assets', 'pre-abc123.js.br'), brotliCompressSync(BIG_SCRIPT));
  writeFileSync(join(dist, 'favicon.svg'), '<svg/>');
  handle = await createTestDb();
  app = await buildApp(createContainer(handle), { webDist: dist });
});

afterAll(async () => {
  await app.close();
  await handle.close();
  rmSync(dist, { recursive: true, force: true });
});

describe('serving the web app', () => {
  it('serves index.html at / without caching', async () => {
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.body).toContain('<div id="root">');
  });

  it('serves hashed assets with a long cache', async () => {
    const res = await app.inject({ method: 'GET', url: '/assets/app-abc123.js' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toContain('immutable');
  });

  /** An asset as a phone that accepts `encoding` gets it: 200, that encoding, the long cache. */
  async function fetchEncoded(url: string, encoding: string) {
    const res = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': encoding } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-encoding']).toBe(encoding);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toContain('immutable');
    return res.rawPayload;
  }

  it('compresses a large asset for a phone that accepts it, keeping its long cache', async () => {
    expect(gunzipSync(await fetchEncoded('/assets/big-abc123.js', 'gzip')).toString()).toBe(BIG_SCRIPT);
  });

  it("sends the build's brotli copy of a file to a phone that accepts it, and the file itself to one that does not", async () => {
    const br = await fetchEncoded('/assets/pre-abc123.js', 'br');
    expect(brotliDecompressSync(br).toString()).toBe(BIG_SCRIPT);
    const plain = await app.inject({ method: 'GET', url: '/assets/pre-abc123.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(BIG_SCRIPT);
  });

  it('falls back to index.html for app routes (the SPA router handles them)', async () => {
    for (const url of ['/login', '/c/123/buys/456', '/join/ABC?x=1']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body).toContain('<div id="root">');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('keeps the JSON 404 for unknown /api routes and missing files', async () => {
    for (const url of ['/api/nope', '/api/communities/x/y/z', '/assets/missing.js', '/robots.txt']) {
      const res = await app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json().error.code).toBe('route_not_found');
    }
    const post = await app.inject({ method: 'POST', url: '/somewhere', payload: {} });
    expect(post.statusCode).toBe(404);
    expect(post.json().error.code).toBe('route_not_found');
  });

  it('does not shadow the API and health routes', async () => {
    expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).toEqual({ status: 'ok' });
    expect((await app.inject({ method: 'GET', url: '/api/openapi.json' })).json().openapi).toBeDefined();
  });

  it('refuses to start without a built index.html', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'linli-empty-'));
    await expect(buildApp(createContainer(handle), { webDist: empty })).rejects.toThrow(/not built/);
    rmSync(empty, { recursive: true, force: true });
  });
});

describe('observability', () => {
  it('/readyz checks the database', async () => {
    const res = await app.inject({ method: 'GET', url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready' });
  });

  it('/metrics exposes default metrics and request durations by route pattern', async () => {
    await app.inject({ method: 'GET', url: '/healthz' });
    await app.inject({ method: 'GET', url: '/api/nope' });
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    expect(res.body).toContain('linli_process_cpu_user_seconds_total');
    expect(res.body).toMatch(
      /linli_http_request_duration_seconds_count\{method="GET",route="\/healthz",status_code="200"\} \d+/,
    );
    // Unmatched URLs are labelled by pattern, never by the raw path.
    expect(res.body).not.toContain('route="/api/nope"');
    // PostgreSQL's named statements against their cap; the embedded database has none of its own.
    if (handle.kind === 'postgres') {
      expect(res.body).toMatch(/^linli_pg_prepared_statements \d+$/m);
      expect(res.body).toMatch(/^linli_pg_prepared_statements_max 256$/m);
    } else expect(res.body).not.toContain('linli_pg_prepared_statements');
  });
});
