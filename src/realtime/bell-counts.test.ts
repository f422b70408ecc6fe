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

describe('BellCounts', () => {
  it("sends each open bell its member's count, and nothing to a bell closed meanwhile or a non-member", async () => {
    const read: string[] = [];
    const counts = new BellCounts(
      async (_, userId) => {
        read.push(userId);
        return userId === 'gone' ? null : userId.length;
      },
      frame,
      { warn: () => {} },
    );
    const [a, b, closed, gone] = [stream(), stream(), stream(), stream()];
    counts.request(ask('a', a));
    counts.request(ask('bb', b));
    counts.request(ask('ccc', closed));
    counts.request(ask('gone', gone));
    closed.close();
    await counts.flush();
    expect([a.sent, b.sent, closed.sent, gone.sent]).toEqual([['count 1'], ['count 2'], [], []]);
    expect(read).toEqual(['a', 'bb', 'gone']); // a closed bell's count is not even read
  });

  it('waits while the hold is busy (a rush), then reads the counts that gathered as one batch', async () => {
    let busy = true;
    const batches: number[] = [];
    let inBatch = 0;
    const counts = new BellCounts(
      async () => {
        inBatch++;
        await Promise.resolve();
        return 0;
      },
      frame,
      { warn: () => {} },
      { busy: () => busy, maxWaitMs: 10_000, maxItems: 1_000, pollMs: 5 },
    );
    const bells = Array.from({ length: 20 }, () => stream());
    for (const [i, s] of bells.entries()) counts.request(ask(`u${i}`, s));
    await new Promise((r) => setTimeout(r, 50));
    expect(inBatch).toBe(0); // held while the orders run
    busy = false;
    await new Promise((r) => setTimeout(r, 50));
    batches.push(inBatch);
    expect(batches).toEqual([20]);
    expect(bells.every((s) => s.sent.length === 1)).toBe(true);
  });

  it('runs a held batch anyway past maxWaitMs, and logs a count it could not read', async () => {
    const warned: string[] = [];
    const counts = new BellCounts(
      async (_, userId) => {
        if (userId === 'bad') throw new Error('boom');
        return 3;
      },
      frame,
      { warn: (_, msg) => warned.push(msg) },
      { busy: () => true, maxWaitMs: 30, maxItems: 1_000, pollMs: 5 },
    );
    const [ok, bad] = [stream(), stream()];
    counts.request(ask('ok', ok));
    counts.request(ask('bad', bad));
    await new Promise((r) => setTimeout(r, 100));
    expect([ok.sent, bad.sent]).toEqual([['count 3'], []]);
    expect(warned).toHaveLength(1);
  });
});
