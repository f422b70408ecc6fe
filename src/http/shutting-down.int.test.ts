/**
 * A request that arrives while the server shuts down, on a real socket: the connection is busy with a slow
 * answer when close() starts (so it is not one of the idle connections closed at once), then a second
 * request is sent on it. Its answer is 503 shutting_down in the contract's shape, with Retry-After and
 * Connection: close; the slow answer still completes. And the open event streams, which never end by
 * themselves, are ended cleanly at once, so they no longer hold the shutdown.
 */
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../../test/support/test-db.ts';
import { createTestApp } from '../../test/support/test-app.ts';
import { createBuyScene, createOpenBuy } from '../../test/support/buys.ts';
import { createContainer } from '../container.ts';
import type { DbHandle } from '../db/client.ts';
import { buildApp } from './app.ts';

let handle: DbHandle | null = null;
afterAll(async () => {
  await handle?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a request during shutdown', () => {
  it('is answered 503 shutting_down with Retry-After in the error shape, after the answer in flight', async () => {
    handle = await createTestDb();
    const app = await buildApp(createContainer(handle));
    // A stand-in for a slow answer (an export, a join waiting for its batch), for this test only.
    app.get('/test/slow', async () => {
      await sleep(400);
      return { slow: 'done' };
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;

    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    const ended = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));

    socket.write('GET /test/slow HTTP/1.1\r\nHost: linli\r\n\r\n');
    await sleep(100);
    const closed = app.close();
    await sleep(50);
    socket.write('GET /healthz HTTP/1.1\r\nHost: linli\r\n\r\n');
    await ended;
    await closed;

    const answers = received.split(/(?=HTTP\/1\.1 )/);
    expect(answers).toHaveLength(2);
    expect(answers[0]).toMatch(/^HTTP\/1\.1 200/);
    expect(answers[0]).toContain('{"slow":"done"}');
    const [head, body] = answers[1]!.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 503/);
    expect(head!.toLowerCase()).toContain('retry-after: 2');
    expect(head!.toLowerCase()).toContain('connection: close');
    expect(JSON.parse(body!)).toEqual({
      error: { code: 'shutting_down', message: expect.any(String), details: null },
    });
  });

  it('ends the open event streams cleanly at once, so they do not hold the shutdown', async () => {
    const t = await createTestApp();
    const scene = await createBuyScene(t.container, { residents: 1 });
    const buy = await createOpenBuy(t.app, scene.leader, scene.community.id);
    const base = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const res = await fetch(`${base}/api/buys/${buy.id}/events`, {
      headers: { authorization: `Bearer ${scene.residents[0]!.token}` },
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const outcome = (async () => {
      try {
        for (;;) if ((await reader.read()).done) return 'ended';
      } catch {
        return 'cut';
      }
    })();
    await sleep(200);
    expect(t.container.sse.connections).toBe(1);

    const started = Date.now();
    const closed = await Promise.race([t.app.close().then(() => 'closed'), sleep(5_000).then(() => 'stuck')]);
    expect(closed).toBe('closed');
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(await outcome).toBe('ended');
    await t.handle.close();
  });
});
