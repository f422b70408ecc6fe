import { describe, expect, it } from 'vitest';
import { bellReconnectDelayMs, reconnectDelayMs } from './event-stream.ts';

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

  it("draws a bell's from 6 to 16 s: after every buy page's, spread over ten seconds", () => {
    expect(bellReconnectDelayMs(() => 0)).toBe(6000);
    expect(bellReconnectDelayMs(() => 0.5)).toBe(11_000);
    expect(bellReconnectDelayMs(() => 0.999999)).toBe(15_999);
    const drawn = new Set(Array.from({ length: 200 }, () => bellReconnectDelayMs()));
    expect(Math.min(...drawn)).toBeGreaterThanOrEqual(reconnectDelayMs(() => 0.999999) + 1);
    expect(Math.max(...drawn)).toBeLessThan(16_000);
    expect(drawn.size).toBeGreaterThan(100);
  });
});
