import { describe, expect, it } from 'vitest';
import type { DomainEvent } from './events.ts';
import { transactionWithEvents, type EventOutbox, type StoredIds } from './ports.ts';

const closed = (buyId: string): DomainEvent => ({
  type: 'buy.closed',
  communityId: 'c',
  buyId,
  at: '2026-12-04T08:00:00.000Z',
});

/** A repo whose transaction keeps what was stored in it only when it commits (ids from 1000 up). */
function fakeRepo(storesNothing = false) {
  const committed: DomainEvent[] = [];
  let next = 1000;
  return {
    committed,
    async transaction<R>(fn: (tx: EventOutbox) => Promise<R>): Promise<R> {
      const pending: DomainEvent[] = [];
      const tx: EventOutbox = {
        async storeEvents(events: readonly DomainEvent[], stored: StoredIds) {
          if (storesNothing) return;
          pending.push(...events);
          stored.ids = events.map(() => next++);
        },
      };
      const value = await fn(tx);
      committed.push(...pending);
      return value;
    },
  };
}

function publisher() {
  const published: { events: readonly DomainEvent[]; ids: readonly number[] | undefined }[] = [];
  return {
    published,
    publish: (events: readonly DomainEvent[], ids?: readonly number[]) =>
      void published.push({ events, ids }),
  };
}

describe('transactionWithEvents', () => {
  it('stores the events in the transaction, then publishes them with their ids and answers what fn answered', async () => {
    const repo = fakeRepo();
    const bus = publisher();
    const out = await transactionWithEvents(repo, bus, async () => ({
      value: 7,
      events: [closed('a'), closed('b')],
    }));
    expect(out.value).toBe(7);
    expect(repo.committed).toHaveLength(2);
    expect(bus.published).toEqual([{ events: [closed('a'), closed('b')], ids: [1000, 1001] }]);
  });

  it('publishes nothing when the transaction fails, and stores nothing for no events', async () => {
    const repo = fakeRepo();
    const bus = publisher();
    await expect(
      transactionWithEvents(repo, bus, async (tx) => {
        await tx.storeEvents([closed('a')], { ids: null });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(bus.published).toEqual([]);
    await transactionWithEvents(repo, bus, async () => ({ events: [] }));
    expect(repo.committed).toEqual([]);
    expect(bus.published).toEqual([{ events: [], ids: undefined }]);
  });

  it('a transaction that stores nothing (a fake) publishes the events without ids, to be stored as sent', async () => {
    const bus = publisher();
    await transactionWithEvents(fakeRepo(true), bus, async () => ({ events: [closed('a')] }));
    expect(bus.published).toEqual([{ events: [closed('a')], ids: undefined }]);
  });
});
