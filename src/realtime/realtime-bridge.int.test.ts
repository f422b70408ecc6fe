import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb } from '../../test/support/test-db.ts';
import { openDb, type DbHandle } from '../db/client.ts';
import { createEventStore } from '../db/repos/event-store.ts';
import type { DomainEvent } from '../core/shared/events.ts';
import { EventBus } from './event-bus.ts';
import { buyChannel, RealtimeBridge } from './realtime-bridge.ts';
import { SseHub, type SseClient } from './sse-hub.ts';

const quiet = { warn: () => {} };
const communityId = crypto.randomUUID();
const buyId = crypto.randomUUID();

function collector(): SseClient & { frames: string[] } {
  return {
    frames: [],
    write(f) {
      this.frames.push(f);
      return true;
    },
    backlog: () => 0,
    close() {},
  };
}

function placed(orderId: string): DomainEvent {
  return { type: 'order.placed', communityId, buyId, orderId, at: new Date().toISOString() };
}

async function waitFor(check: () => boolean, ms = 3000): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(async () => {
  await handle.close();
});

describe('RealtimeBridge', () => {
  it('stores published events with increasing ids and delivers them to the buy channel', async () => {
    const bus = new EventBus();
    const hub = new SseHub();
    const bridge = new RealtimeBridge(handle, bus, hub, quiet);
    await bridge.start();
    const client = collector();
    hub.subscribe(buyChannel(buyId), client);
    bus.publish([placed('a'), placed('b')]);
    bus.publish([placed('c')]);
    await bridge.flush();
    await waitFor(() => client.frames.length === 3);
    const ids = client.frames.map((f) => Number(/^id: (\d+)/.exec(f)![1]));
    expect(ids[0]! < ids[1]! && ids[1]! < ids[2]!).toBe(true);
    expect(client.frames.map((f) => JSON.parse(f.split('data: ')[1]!).orderId)).toEqual(['a', 'b', 'c']);

    const replay = await createEventStore(handle.db).buyEventsAfter(buyId, ids[0]!);
    expect(replay.map((e) => e.id)).toEqual(ids.slice(1));
    await bridge.stop();
  });

  it.runIf(handle_isPostgres())(
    'reaches the clients of another instance on the same PostgreSQL',
    async () => {
      const other = await openDb({
        kind: 'postgres',
        url: handle.pool!.options.connectionString as string,
        max: 2,
      });
      const busA = new EventBus();
      const hubA = new SseHub();
      const hubB = new SseHub();
      const a = new RealtimeBridge(handle, busA, hubA, quiet);
      const b = new RealtimeBridge(other, new EventBus(), hubB, quiet);
      await a.start();
      await b.start();
      const onA = collector();
      const onB = collector();
      hubA.subscribe(buyChannel(buyId), onA);
      hubB.subscribe(buyChannel(buyId), onB);
      busA.publish([placed('x')]);
      await waitFor(() => onA.frames.length === 1 && onB.frames.length === 1);
      expect(onB.frames[0]).toBe(onA.frames[0]);
      await a.stop();
      await b.stop();
      await other.close();
    },
  );
});

function handle_isPostgres(): boolean {
  return process.env.LINLI_TEST_DB === 'postgres';
}
