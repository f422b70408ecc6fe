import { describe, expect, it } from 'vitest';
import type { DomainEvent } from '../core/shared/events.ts';
import { BusListener } from './bus-listener.ts';
import { EventBus } from './event-bus.ts';

class Recorder extends BusListener<string> {
  readonly batches: string[][] = [];
  protected pick(event: DomainEvent): string | undefined {
    return event.type === 'buy.closed' ? event.buyId : undefined;
  }
  protected async handle(batch: string[]): Promise<void> {
    this.batches.push(batch);
  }
}

const closed = (buyId: string): DomainEvent => ({ type: 'buy.closed', communityId: 'c', buyId, at: '' });
const published = (buyId: string): DomainEvent => ({
  type: 'buy.published',
  communityId: 'c',
  buyId,
  at: '',
});

describe('BusListener', () => {
  it('handles what it picks from one turn as one batch, and nothing before start or after stop', async () => {
    const bus = new EventBus();
    const r = new Recorder(bus);
    bus.publish([closed('a')]);
    r.start();
    r.start(); // twice: still one subscription
    bus.publish([closed('b'), published('x')]);
    bus.publish([closed('c')]);
    await r.flush();
    expect(r.batches).toEqual([['b', 'c']]);
    bus.publish([closed('d')]);
    await r.stop();
    expect(r.batches).toEqual([['b', 'c'], ['d']]);
    bus.publish([closed('e')]);
    await r.flush();
    expect(r.batches).toHaveLength(2);
  });
});
