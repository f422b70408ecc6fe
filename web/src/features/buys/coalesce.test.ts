import { describe, expect, it } from 'vitest';
import { coalesce } from './coalesce.ts';

function deferredTask() {
  let runs = 0;
  let inFlight = 0;
  let maxInFlight = 0;
  const release: (() => void)[] = [];
  const task = () => {
    runs += 1;
    inFlight += 1;
    maxInFlight = Math.max(maxInFlight, inFlight);
    return new Promise<void>((resolve) =>
      release.push(() => {
        inFlight -= 1;
        resolve();
      }),
    );
  };
  return { task, release, stats: () => ({ runs, maxInFlight }) };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

describe('coalesce', () => {
  it('runs once per trigger when idle', async () => {
    const d = deferredTask();
    const c = coalesce(d.task);
    c.trigger();
    d.release.shift()!();
    await c.idle();
    c.trigger();
    d.release.shift()!();
    await c.idle();
    expect(d.stats()).toEqual({ runs: 2, maxInFlight: 1 });
  });

  it('folds a burst during a run into one queued run', async () => {
    const d = deferredTask();
    const c = coalesce(d.task);
    c.trigger();
    for (let i = 0; i < 50; i++) c.trigger();
    d.release.shift()!();
    await tick();
    expect(d.stats().runs).toBe(2);
    d.release.shift()!();
    await c.idle();
    expect(d.stats()).toEqual({ runs: 2, maxInFlight: 1 });
  });

  it('keeps going after a failed run', async () => {
    let calls = 0;
    const c = coalesce(async () => {
      calls += 1;
      if (calls === 1) throw new Error('offline');
    });
    c.trigger();
    c.trigger();
    await c.idle();
    expect(calls).toBe(2);
  });
});
