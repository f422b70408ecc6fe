import { describe, expect, it } from 'vitest';
import { deliverAfter, isTimeZone, minutesOf } from './quiet-hours.ts';

const quiet = { start: '22:00', end: '07:00', timeZone: 'Asia/Shanghai' };

describe('quiet hours', () => {
  it.each([
    ['03:00 Shanghai waits until 07:00', '2026-12-01T19:00:00Z', '2026-12-01T23:00:00.000Z'],
    ['22:30 Shanghai waits until 07:00 next day', '2026-12-01T14:30:00Z', '2026-12-01T23:00:00.000Z'],
    ['noon goes at once', '2026-12-01T04:00:00Z', '2026-12-01T04:00:00.000Z'],
    ['07:00 exactly goes at once', '2026-12-01T23:00:00Z', '2026-12-01T23:00:00.000Z'],
  ])('%s', (_name, now, expected) => {
    expect(deliverAfter(new Date(now), quiet, false).toISOString()).toBe(expected);
  });

  it('urgent and unset go at once', () => {
    const at = new Date('2026-12-01T19:00:00Z');
    expect(deliverAfter(at, quiet, true)).toBe(at);
    expect(deliverAfter(at, null, false)).toBe(at);
    expect(deliverAfter(at, { ...quiet, end: '22:00' }, false)).toBe(at);
  });

  it('a daytime window works too', () => {
    const day = { start: '12:00', end: '14:00', timeZone: 'Asia/Shanghai' };
    expect(deliverAfter(new Date('2026-12-01T05:00:00Z'), day, false).toISOString()).toBe(
      '2026-12-01T06:00:00.000Z',
    );
  });

  it('parses times and zones', () => {
    expect(minutesOf('07:30')).toBe(450);
    expect(minutesOf('24:00')).toBeNull();
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('Mars/Base')).toBe(false);
  });
});
