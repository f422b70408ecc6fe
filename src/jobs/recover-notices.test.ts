import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Container } from '../container.ts';
import {
  NOTICES_ORPHANED_AFTER_MS,
  noticesOrphanedAfterOf,
  startRecoverNoticesJob,
} from './recover-notices.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('startRecoverNoticesJob', () => {
  it('sweeps 5 s after start, then every 30 s, for pages orphaned 30 s; says when it wrote any', async () => {
    const asked: number[] = [];
    const owned: (Date | null)[] = [];
    const found = [0, 12, 0];
    const notifier = {
      recover: async (olderThanMs: number, ownedSince: Date | null) => {
        asked.push(olderThanMs);
        owned.push(ownedSince);
        if (found.length === 0) throw new Error('database restarting');
        return found.shift()!;
      },
    } as unknown as Container['notifier'];
    const said: string[] = [];
    const started = new Date();
    const job = startRecoverNoticesJob({ notifier }, { ownedSince: started, log: (msg) => said.push(msg) });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(asked).toEqual([NOTICES_ORPHANED_AFTER_MS]);
    // On the embedded database, pages stored before this process started are orphans whatever their age.
    expect(owned).toEqual([started]);
    expect(said).toEqual([]);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(said).toEqual(['recovered the notices of 12 events that a stopped instance had not written']);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(asked).toHaveLength(4);
    expect(said.at(-1)).toBe('recovering notices failed');
    await job.stop();
  });

  it('takes LINLI_NOTICES_ORPHANED_AFTER_MS as whole milliseconds, 30 s when unset', () => {
    expect(noticesOrphanedAfterOf(undefined)).toBe(30_000);
    expect(noticesOrphanedAfterOf('')).toBe(30_000);
    expect(noticesOrphanedAfterOf('0')).toBe(0);
    expect(noticesOrphanedAfterOf('120000')).toBe(120_000);
    for (const bad of ['-5', '1.5', '30s', ' 1', '9999999999'])
      expect(() => noticesOrphanedAfterOf(bad), bad).toThrow(/whole number of milliseconds/);
  });
});
