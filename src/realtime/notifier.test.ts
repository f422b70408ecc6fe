import { describe, expect, it, vi } from 'vitest';
import type { DomainEvent } from '../core/shared/events.ts';
import { withOrderFacts } from '../core/shared/event-facts.ts';
import type { NotificationWriter } from '../core/notifications/ports.ts';
import { EventBus } from './event-bus.ts';
import { NOTIFY_CHUNK, Notifier } from './notifier.ts';

const C = '00000000-0000-4000-8000-00000000000c';
const B = '00000000-0000-4000-8000-00000000000b';
const I = '00000000-0000-4000-8000-0000000000e1';
const at = '2026-05-01T00:00:00.000Z';
const buy = { id: B, communityId: C, title: '鸡蛋团购', deadline: '2026-05-02T04:00:00.000Z' };
const id = (n: number, tag: string) => `00000000-0000-4000-${tag}-${String(n).padStart(12, '0')}`;

/** A new order left waiting, with the facts its batch attaches (no read needed). */
const joinedAndWaiting = (n: number): DomainEvent =>
  withOrderFacts(
    { type: 'order.placed', communityId: C, buyId: B, orderId: id(n, '8000'), at },
    {
      buy,
      order: {
        id: id(n, '8000'),
        householdId: id(n, '9000'),
        householdLabel: `1-${n}`,
        status: 'waitlisted',
        lines: [{ itemId: I, itemName: '鸡蛋', qty: 1, waitlistedQty: 1 }],
      },
    },
  );

describe('Notifier', () => {
  it('waits while its hold is busy, then stores a rush in chunks, each an INSERT, and counts them', async () => {
    const inserts: number[] = [];
    const repo = {
      insertRows: async (list: readonly unknown[]) => void inserts.push(list.length),
      quietHours: async () => null,
    } as unknown as NotificationWriter;
    const bus = new EventBus();
    let busy = true;
    let counted = 0;
    const notifier = new Notifier({ repo, clock: { now: () => new Date(at) }, events: bus }, bus, {
      hold: { busy: () => busy, maxWaitMs: 60_000, maxItems: 100_000, pollMs: 5 },
      onStored: (n) => (counted += n),
    });
    notifier.start();
    const total = 2 * NOTIFY_CHUNK + 200;
    // A rush: events over many turns, while the order batches run.
    for (let n = 0; n < total; n += 100) {
      bus.publish(Array.from({ length: 100 }, (_, k) => joinedAndWaiting(n + k)));
      await new Promise((r) => setImmediate(r));
    }
    await new Promise((r) => setTimeout(r, 30));
    expect(inserts).toEqual([]);
    busy = false;
    await vi.waitFor(() => expect(counted).toBe(total));
    expect(inserts).toEqual([NOTIFY_CHUNK, NOTIFY_CHUNK, 200]);
    await notifier.stop();
  });
});
