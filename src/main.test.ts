import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { APP_PRELOADS, gracefulStop, type StoppableParts } from './main.ts';

function fakeParts(closeApp: () => Promise<void>) {
  const calls: string[] = [];
  const parts: StoppableParts = {
    app: {
      close: async () => {
        calls.push('app.close');
        await closeApp();
        calls.push('app.closed');
      },
      server: { closeAllConnections: () => calls.push('closeAllConnections') },
    },
    jobs: [{ stop: async () => void calls.push('job.stop') }],
    closeDb: async () => void calls.push('db.close'),
    releaseLock: () => void calls.push('lock.release'),
    log: (m) => calls.push(`log: ${m}`),
  };
  return { parts, calls };
}

describe('gracefulStop', () => {
  it('lets in-flight requests finish, then stops jobs, closes the database and releases the lock', async () => {
    let finishRequest = () => {};
    const inFlight = new Promise<void>((resolve) => (finishRequest = resolve));
    const { parts, calls } = fakeParts(() => inFlight);
    const stopped = gracefulStop(parts, 5_000);
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toEqual(['app.close']); // nothing else closes while a request is in flight
    finishRequest();
    await stopped;
    expect(calls).toEqual(['app.close', 'app.closed', 'job.stop', 'db.close', 'lock.release']);
  });

  it('cuts connections that outlive the grace period (open SSE streams), and still finishes', async () => {
    let cut = () => {};
    const { parts, calls } = fakeParts(() => new Promise<void>((resolve) => (cut = resolve)));
    parts.app.server.closeAllConnections = () => {
      calls.push('closeAllConnections');
      cut();
    };
    await gracefulStop(parts, 30);
    expect(calls).toEqual([
      'app.close',
      'log: Requests still open after 30 ms; closing their connections.',
      'closeAllConnections',
      'app.closed',
      'job.stop',
      'db.close',
      'lock.release',
    ]);
  });
});

describe('what a start loads while the database opens', () => {
  it('names modules that exist (else the preload silently stops saving anything after an upgrade)', () => {
    const load = createRequire(import.meta.url);
    for (const id of APP_PRELOADS) expect(() => load.resolve(id), id).not.toThrow();
  });
});
