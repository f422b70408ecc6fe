import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startPeriodic } from './periodic.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('startPeriodic', () => {
  it('runs the first pass after firstAfterMs, then every everyMs; passes never overlap; a failure is logged', async () => {
    const started: number[] = [];
    let release: (() => void) | null = null;
    const errors: unknown[] = [];
    const job = startPeriodic(
      async () => {
        started.push(Date.now());
        if (started.length === 2) throw new Error('database restarting');
        if (started.length === 3) await new Promise<void>((r) => (release = r));
      },
      { everyMs: 1_000, firstAfterMs: 100, log: (err) => errors.push(err) },
    );
    const t0 = Date.now();
    await vi.advanceTimersByTimeAsync(100);
    expect(started.map((t) => t - t0)).toEqual([100]);
    await vi.advanceTimersByTimeAsync(900);
    expect(started).toHaveLength(2);
    expect(errors).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(started).toHaveLength(3);
    // The third pass is still running: the ticks meanwhile queue behind it instead of starting alongside.
    await vi.advanceTimersByTimeAsync(1_000);
    expect(started).toHaveLength(3);
    release!();
    await vi.advanceTimersByTimeAsync(0);
    expect(started).toHaveLength(4);
    await job.stop();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(started).toHaveLength(4);
  });

  it('stop() waits for the running pass, which is told to end early', async () => {
    let seen = false;
    let finished = false;
    const job = startPeriodic(
      async (stopped) => {
        while (!stopped()) await new Promise((r) => setTimeout(r, 10));
        seen = true;
        finished = true;
      },
      { everyMs: 50, log: () => {} },
    );
    await vi.advanceTimersByTimeAsync(60);
    const stopping = job.stop();
    await vi.advanceTimersByTimeAsync(20);
    await stopping;
    expect([seen, finished]).toEqual([true, true]);
  });
});
