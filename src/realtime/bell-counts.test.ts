import { describe, expect, it } from 'vitest';
import { BellCounts, type BellCountRequest } from './bell-counts.ts';

/** A bell's stream that records what it was sent, and can be closed. */
function stream() {
  const sent: string[] = [];
  let closed = false;
  return {
    sent,
    close: () => (closed = true),
    stream: { send: (frame: string) => sent.push(frame), closed: () => closed },
  };
}
const frame = (n: number) => `count ${n}`;
const ask = (userId: string, s: ReturnType<typeof stream>): BellCountRequest => ({
  communityId: 'c',
  userId,
  stream: s.stream,
});
const quiet = { warn: () => {} };

describe('BellCounts', () => {
  it("sends each open bell its member's count, and nothing to a bell closed meanwhile or a non-member", async () => {
    const asked: string[][] = [];
    const counts = new BellCounts(
      async (asks) => {
        asked.push(asks.map((a) => a.userId));
        return asks.map((a) => (a.userId === 'gone' ? null : a.userId.length));
      },
      frame,
      quiet,
    );
    const [a, b, closed, gone] = [stream(), stream(), stream(), stream()];
    counts.request(ask('a', a));
    counts.request(ask('bb', b));
    counts.request(ask('ccc', closed));
    counts.request(ask('gone', gone));
    closed.close();
    await counts.flush();
    expect([a.sent, b.sent, closed.sent, gone.sent]).toEqual([['count 1'], ['count 2'], [], []]);
    // Asked together, in one read; a closed bell's count is not even asked.
    expect(asked).toEqual([['a', 'bb', 'gone']]);
  });

  it('waits while the hold is busy (a rush), then reads the counts that gathered, 200 a read', async () => {
    let busy = true;
    const reads: number[] = [];
    const counts = new BellCounts(
      async (asks) => {
        reads.push(asks.length);
        return asks.map(() => 0);
      },
      frame,
      quiet,
      { busy: () => busy, maxWaitMs: 10_000, maxItems: 5_000, pollMs: 5 },
    );
    const bells = Array.from({ length: 450 }, () => stream());
    for (const [i, s] of bells.entries()) counts.request(ask(`u${i}`, s));
    await new Promise((r) => setTimeout(r, 50));
    expect(reads).toEqual([]); // held while the orders run
    busy = false;
    await new Promise((r) => setTimeout(r, 50));
    expect(reads).toEqual([200, 200, 50]);
    expect(bells.every((s) => s.sent.length === 1)).toBe(true);
  });

  it('runs a held batch anyway past maxWaitMs, and logs a read that failed', async () => {
    const warned: string[] = [];
    let first = true;
    const counts = new BellCounts(
      async (asks) => {
        if (first) {
          first = false;
          throw new Error('boom');
        }
        return asks.map(() => 3);
      },
      frame,
      { warn: (_, msg) => warned.push(msg) },
      { busy: () => true, maxWaitMs: 30, maxItems: 5_000, pollMs: 5 },
    );
    const failed = Array.from({ length: 200 }, () => stream());
    const ok = stream();
    for (const [i, s] of failed.entries()) counts.request(ask(`u${i}`, s));
    counts.request(ask('ok', ok));
    await new Promise((r) => setTimeout(r, 100));
    expect(failed.every((s) => s.sent.length === 0)).toBe(true);
    expect(ok.sent).toEqual(['count 3']);
    expect(warned).toHaveLength(1);
  });
});
