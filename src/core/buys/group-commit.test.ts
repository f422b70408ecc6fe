import { describe, expect, it } from 'vitest';
import { GroupCommitQueue } from './group-commit.ts';

describe('GroupCommitQueue', () => {
  it('coalesces requests that arrive while a batch runs, in arrival order, per key', async () => {
    const batches: string[][] = [];
    const q = new GroupCommitQueue<string, string>(async (key, reqs) => {
      batches.push(reqs.map((r) => `${key}:${r}`));
      await new Promise((r) => setTimeout(r, 5));
      return reqs.map((r) => ({ ok: true, value: r.toUpperCase() }));
    });
    const answers = await Promise.all(
      ['a', 'b', 'c'].map((r) => q.submit('buy1', r)).concat(q.submit('buy2', 'x')),
    );
    expect(answers).toEqual(['A', 'B', 'C', 'X']);
    expect(batches).toEqual([['buy1:a', 'buy1:b', 'buy1:c'], ['buy2:x']]);
  });

  it('answers each request with its own error, and reruns a failed batch one by one', async () => {
    const q = new GroupCommitQueue<number, number>(async (_key, reqs) => {
      if (reqs.length > 1 && reqs.includes(13)) throw new Error('batch broke');
      if (reqs[0] === 13) throw new Error('unlucky');
      return reqs.map((r) =>
        r < 0 ? { ok: false, error: new Error('negative') } : { ok: true, value: r * 2 },
      );
    });
    const results = await Promise.allSettled([
      q.submit('k', 1),
      q.submit('k', 13),
      q.submit('k', -1),
      q.submit('k', 4),
    ]);
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      2,
      'unlucky',
      'negative',
      8,
    ]);
  });

  it('requests that arrive in separate callbacks of one event-loop turn share a batch, even with a runner that never yields', async () => {
    const batches: number[][] = [];
    // Like the embedded database: every await inside resolves at once.
    const q = new GroupCommitQueue<number, number>(async (_key, reqs) => {
      batches.push([...reqs]);
      return reqs.map((r) => ({ ok: true, value: r }));
    });
    const answers = await Promise.all(
      [1, 2, 3].map((n) => new Promise<number>((resolve) => setImmediate(() => resolve(q.submit('k', n))))),
    );
    expect(answers).toEqual([1, 2, 3]);
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('starts the next batch before answering the one that committed, and answers batches in order', async () => {
    const log: string[] = [];
    let release!: () => void;
    const q = new GroupCommitQueue<number, number>(async (_key, reqs) => {
      log.push(`run ${reqs.join(',')}`);
      if (reqs[0] === 1) await new Promise<void>((r) => (release = r));
      else await new Promise((r) => setTimeout(r, 5));
      log.push(`committed ${reqs.join(',')}`);
      return reqs.map((r) => ({ ok: true, value: r }));
    });
    const answered = (p: Promise<number>) => p.then((v) => log.push(`answered ${v}`));
    const first = answered(q.submit('k', 1));
    await new Promise((r) => setImmediate(r));
    const rest = [2, 3].map((n) => answered(q.submit('k', n)));
    release();
    await Promise.all([first, ...rest]);
    expect(log).toEqual([
      'run 1',
      'committed 1',
      'run 2,3',
      'answered 1',
      'committed 2,3',
      'answered 2',
      'answered 3',
    ]);
  });

  it('says how long batches have been quiet: never run, running, then the time since the last ended', async () => {
    let release!: () => void;
    const q = new GroupCommitQueue<string, string>(async (_key, reqs) => {
      await new Promise<void>((r) => (release = r));
      return reqs.map((r) => ({ ok: true, value: r }));
    });
    expect(q.quietFor()).toBe(Infinity);
    const answer = q.submit('buy1', 'a');
    expect(q.quietFor()).toBe(0);
    await new Promise((r) => setImmediate(r));
    expect(q.quietFor()).toBe(0);
    release();
    await answer;
    const ended = performance.now();
    expect(q.quietFor(ended + 100)).toBeGreaterThanOrEqual(100);
    expect(q.quietFor(ended + 100)).toBeLessThan(150);
  });
});
