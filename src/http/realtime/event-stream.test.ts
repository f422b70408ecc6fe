import { describe, expect, it } from 'vitest';
import { reconnectDelayMs } from './event-stream.ts';

describe('reconnectDelayMs', () => {
  it('draws each stream a reconnect delay from 2 to 6 s', () => {
    expect(reconnectDelayMs(() => 0)).toBe(2000);
    expect(reconnectDelayMs(() => 0.5)).toBe(4000);
    expect(reconnectDelayMs(() => 0.999999)).toBe(5999);
    const drawn = new Set(Array.from({ length: 200 }, () => reconnectDelayMs()));
    expect(Math.min(...drawn)).toBeGreaterThanOrEqual(2000);
    expect(Math.max(...drawn)).toBeLessThan(6000);
    expect(drawn.size).toBeGreaterThan(50);
  });
});
