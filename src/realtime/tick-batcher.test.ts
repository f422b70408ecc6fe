import { describe, expect, it, vi } from 'vitest';
import { TickBatcher, type BatchHold } from './tick-batcher.ts';

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

  describe('with a hold', () => {
    const turn = () => new Promise((r) => setImmediate(r));
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const holding = (over: Partial<BatchHold> & { busy: () => boolean }): BatchHold => ({
      maxWaitMs: 10_000,
      maxItems: 1_000,
      pollMs: 5,
      ...over,
    });
    /** A batcher with this hold, and the batches it handed over. */
    const held = (over: Partial<BatchHold> & { busy: () => boolean }) => {
      const seen: number[][] = [];
      const b = new TickBatcher<number>(async (batch) => void seen.push(batch), holding(over));
      return { seen, b };
    };

    it('waits while busy, gathering the items of later turns, and runs once the hold lifts', async () => {
      let busy = true;
      const { seen, b } = held({ busy: () => busy });
      b.push(1);
      await turn();
      b.push(2);
      await sleep(20);
      expect(seen).toEqual([]);
      busy = false;
      await vi.waitFor(() => expect(seen).toEqual([[1, 2]]));
    });

    it('runs a batch whose first item has waited maxWaitMs, even while busy', async () => {
      const { seen, b } = held({ busy: () => true, maxWaitMs: 15 });
      b.push(1);
      b.push(2);
      await turn();
      expect(seen).toEqual([]);
      await vi.waitFor(() => expect(seen).toEqual([[1, 2]]));
      b.push(3);
      await turn();
      expect(seen).toEqual([[1, 2]]);
      await vi.waitFor(() => expect(seen).toEqual([[1, 2], [3]]));
    });

    it('runs a batch of maxItems even while busy', async () => {
      const { seen, b } = held({ busy: () => true, maxItems: 3 });
      b.push(1);
      b.push(2);
      await sleep(15);
      expect(seen).toEqual([]);
      b.push(3);
      await vi.waitFor(() => expect(seen).toEqual([[1, 2, 3]]));
    });

    it('flush runs a held batch at once', async () => {
      const { seen, b } = held({ busy: () => true });
      b.push(1);
      await turn();
      await b.flush();
      expect(seen).toEqual([[1]]);
    });
  });
});
