import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { GZIP_HEADER, gzipChunk, SharedFrames } from '../src/realtime/sse-encoding.ts';

// Linli's gzip event streams (src/realtime/sse-encoding.ts) in the browser itself: a header, then chunks each
// compressed on its own, some shared between streams, and no gzip trailer, ever. Chromium's EventSource must
// hand over each event as it arrives (not when the stream ends), and after a cut stream (a server that went
// away) reconnect with Last-Event-ID and go on. A small server of its own in this process, so the test can cut
// a stream where it wants.

test("Chromium's EventSource reads Linli's gzip streams as they come and reconnects after a cut", async ({
  page,
}) => {
  const shared = new SharedFrames('id: 2\ndata: {"n":2,"text":"3-502 鸡蛋×2"}\n\n');
  const requests: { acceptEncoding?: string; lastEventId?: string }[] = [];
  const open = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    if (req.url !== '/events') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end('<!doctype html><title>stream</title>');
      return;
    }
    requests.push({
      acceptEncoding: req.headers['accept-encoding'],
      lastEventId: req.headers['last-event-id'] as string | undefined,
    });
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'content-encoding': 'gzip' });
    res.write(GZIP_HEADER);
    res.write(gzipChunk('retry: 200\n: connected\n\n'));
    open.add(res);
    res.on('close', () => open.delete(res));
    if (requests.length === 1) {
      res.write(gzipChunk('id: 1\ndata: {"n":1}\n\n'));
      // The second event a moment later, shared: the first must be shown before it comes.
      setTimeout(() => res.write(shared.gzip()), 700);
      // Then the stream is cut without gzip's trailer, as a crash would.
      setTimeout(() => res.destroy(), 1000);
    } else {
      res.write(gzipChunk('id: 3\ndata: {"n":3}\n\n'));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    await page.goto(`${url}/`);
    const seen = await page.evaluate(
      () =>
        new Promise<{ id: string; data: string; ms: number }[]>((resolve) => {
          const started = performance.now();
          const got: { id: string; data: string; ms: number }[] = [];
          const source = new EventSource('/events');
          source.onmessage = (e) => {
            got.push({ id: e.lastEventId, data: e.data, ms: Math.round(performance.now() - started) });
            if (got.length === 3) {
              source.close();
              resolve(got);
            }
          };
          setTimeout(() => resolve(got), 10_000);
        }),
    );
    expect(seen.map((e) => [e.id, JSON.parse(e.data).n])).toEqual([
      ['1', 1],
      ['2', 2],
      ['3', 3],
    ]);
    expect(JSON.parse(seen[1]!.data).text).toBe('3-502 鸡蛋×2');
    // Each event when it was sent, not at the end of its stream.
    expect(seen[1]!.ms - seen[0]!.ms).toBeGreaterThan(400);
    expect(requests).toHaveLength(2);
    expect(requests[0]!.acceptEncoding).toMatch(/\bgzip\b/);
    expect(requests[1]!.lastEventId).toBe('2');
  } finally {
    for (const res of open) res.destroy();
    // close() waits for every connection the browser still holds, and one it opened but never sent a request on
    // counts as busy to Node. A CI run timed out in list-gzip with no browser action pending: most likely here.
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
