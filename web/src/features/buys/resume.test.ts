import { describe, expect, it } from 'vitest';
import { StreamResume } from './resume.ts';

describe('StreamResume', () => {
  it('loads nothing on the first open, and waits for the replay after a reconnect from a known event', () => {
    const r = new StreamResume();
    expect(r.opened(false)).toBe('nothing');
    r.seen('4021');
    expect(r.opened(true)).toBe('wait');
    expect(r.replayed({ type: 'replayed', complete: true, upTo: 4107 })).toBe('nothing');
    // The replay's end came: the timer finds nothing left to do.
    expect(r.waited()).toBe('nothing');
  });

  it('refetches when the replay was not everything, or its end never comes', () => {
    const r = new StreamResume();
    r.seen('7');
    expect(r.opened(true)).toBe('wait');
    expect(r.replayed({ type: 'replayed', complete: false, upTo: 20_007 })).toBe('refetch');
    expect(r.opened(true)).toBe('wait');
    expect(r.waited()).toBe('refetch');
    expect(r.waited()).toBe('nothing');
    expect(r.replayed('not json')).toBe('refetch');
  });

  it('refetches after a reconnect when no event had come yet (the server could not replay)', () => {
    const r = new StreamResume();
    r.seen('');
    expect(r.opened(true)).toBe('refetch');
    expect(r.waited()).toBe('nothing');
  });

  it('names the last event seen when the stream is opened again from scratch', () => {
    const r = new StreamResume();
    expect(r.path('/api/buys/b1/events')).toBe('/api/buys/b1/events');
    r.seen('12');
    r.seen('');
    expect(r.path('/api/buys/b1/events')).toBe('/api/buys/b1/events?lastEventId=12');
  });
});
