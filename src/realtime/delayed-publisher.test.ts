import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DomainEvent } from '../core/shared/events.ts';
import { DelayedPublisher } from './delayed-publisher.ts';

const created = (householdId: string, at = 't', count?: number): DomainEvent => ({
  type: 'notification.created',
  communityId: 'c',
  householdId,
  at,
  count,
});

afterEach(() => {
  vi.useRealTimers();
});

describe('DelayedPublisher', () => {
  it('publishes at the time, once per household, and each time on its own', () => {
    vi.useFakeTimers({ now: 0 });
    const published: DomainEvent[][] = [];
    const later = new DelayedPublisher((e) => published.push(e));
    later.at(new Date(1000), [created('a'), created('b')]);
    later.at(new Date(1000), [created('a', 'again')]);
    later.at(new Date(5000), [created('c')]);
    expect(later.waiting).toBe(3);
    vi.advanceTimersByTime(999);
    expect(published).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(published).toEqual([[created('a', 'again'), created('b')]]);
    vi.advanceTimersByTime(4000);
    expect(published.at(-1)).toEqual([created('c')]);
    expect(later.waiting).toBe(0);
  });

  it("adds up the counts of one household's events at one time; one without a count makes the ring say none", () => {
    vi.useFakeTimers({ now: 0 });
    const published: DomainEvent[][] = [];
    const later = new DelayedPublisher((e) => published.push(e));
    later.at(new Date(1000), [created('a', 't', 1), created('b', 't', 2)]);
    later.at(new Date(1000), [created('a', 't', 3), created('b')]);
    vi.advanceTimersByTime(1000);
    expect(published).toEqual([[created('a', 't', 4), created('b')]]);
    expect(published[0]![1]).not.toHaveProperty('count', expect.any(Number));
  });

  it('publishes a time already past at once, and nothing after stop', () => {
    vi.useFakeTimers({ now: 10_000 });
    const published: DomainEvent[][] = [];
    const later = new DelayedPublisher((e) => published.push(e));
    later.at(new Date(0), [created('a')]);
    vi.advanceTimersByTime(0);
    expect(published).toHaveLength(1);
    later.at(new Date(20_000), [created('b')]);
    later.stop();
    vi.advanceTimersByTime(20_000);
    expect(published).toHaveLength(1);
  });
});
