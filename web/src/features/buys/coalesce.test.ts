import { afterEach, describe, expect, it, vi } from 'vitest';
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

  describe('with a gap between runs', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('runs the first event at once, then at most once per gap (plus jitter) while events keep coming', async () => {
      vi.useFakeTimers();
      let runs = 0;
      const c = coalesce(
        async () => {
          runs += 1;
        },
        { gapMs: 2_000, jitterMs: 1_000, random: () => 0.5, now: () => Date.now() },
      );
      c.trigger(); // after a quiet spell: at once
      await vi.advanceTimersByTimeAsync(0);
      expect(runs).toBe(1);
      // A rush: an event every 100 ms for 6 s.
      for (let i = 0; i < 60; i++) {
        c.trigger();
        await vi.advanceTimersByTimeAsync(100);
      }
      // One run per 2.5 s (2 s gap + half of the 1 s jitter) instead of 60.
      expect(runs).toBe(3);
      await vi.advanceTimersByTimeAsync(3_000);
      expect(runs).toBe(4); // the last events are not lost
      await vi.advanceTimersByTimeAsync(10_000);
      expect(runs).toBe(4);
    });

    it('folds events during a run into one spaced run after it', async () => {
      vi.useFakeTimers();
      const d = deferredTask();
      const c = coalesce(d.task, { gapMs: 1_000 });
      c.trigger();
      c.trigger();
      c.trigger();
      d.release.shift()!();
      await vi.advanceTimersByTimeAsync(999);
      expect(d.stats().runs).toBe(1);
      await vi.advanceTimersByTimeAsync(1);
      expect(d.stats()).toEqual({ runs: 2, maxInFlight: 1 });
      d.release.shift()!();
      await c.idle();
    });
  });
});
