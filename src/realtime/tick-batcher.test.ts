import { describe, expect, it } from 'vitest';
import { TickBatcher } from './tick-batcher.ts';

describe('TickBatcher', () => {
  it('hands the items of one turn over as one batch, batches in order', async () => {
    const seen: number[][] = [];
    const b = new TickBatcher<number>(async (batch) => {
      await new Promise((r) => setTimeout(r, 5));
      seen.push(batch);
    });
    b.push(1);
    b.push(2);
    await new Promise((r) => setImmediate(r));
    b.push(3);
    await b.flush();
    expect(seen).toEqual([[1, 2], [3]]);
  });

  it('flush resolves at once when nothing is pending', async () => {
    const b = new TickBatcher<number>(async () => {
      throw new Error('not called');
    });
    await expect(b.flush()).resolves.toBeUndefined();
  });
});
