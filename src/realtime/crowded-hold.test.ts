import { describe, expect, it } from 'vitest';
import { CROWDED_STREAMS, crowdedHold } from './realtime-bridge.ts';
import { TickBatcher } from './tick-batcher.ts';

describe('crowdedHold: a rush with many pages open sends its events in fewer frames', () => {
  it('holds only while order batches run and many streams are open', () => {
    const hub = { connections: 0 };
    let quiet = 0;
    const hold = crowdedHold(hub, { quietFor: () => quiet });
    expect(hold.busy()).toBe(false); // batches running, no pages
    hub.connections = CROWDED_STREAMS - 1;
    expect(hold.busy()).toBe(false);
    hub.connections = CROWDED_STREAMS;
    expect(hold.busy()).toBe(true);
    quiet = 5; // the last batch ended 5 ms ago: nothing to wait for
    expect(hold.busy()).toBe(false);
    // Well inside the second within which a join must reach every page.
    expect(hold.maxWaitMs).toBeLessThanOrEqual(250);
  });

  it('gathers the events of a busy stretch into one batch, and lets them go once it ends', async () => {
    const hub = { connections: CROWDED_STREAMS };
    let running = true;
    const batches: number[][] = [];
    const batcher = new TickBatcher<number>(
      async (batch) => void batches.push(batch),
      crowdedHold(hub, { quietFor: () => (running ? 0 : 100) }, 5_000),
    );
    for (let i = 0; i < 5; i++) {
      batcher.push(i);
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(batches).toEqual([]);
    running = false;
    await new Promise((r) => setTimeout(r, 60));
    expect(batches).toEqual([[0, 1, 2, 3, 4]]);
  });
});
