import { describe, expect, it } from 'vitest';
import { defaultDeadlineInput, isoToLocalInput, localInputToIso, repeatDeadlineInput } from './datetime.ts';

describe('localInputToIso', () => {
  it('keeps the wall time and adds this device’s offset', () => {
    const iso = localInputToIso('2026-05-03T14:05');
    expect(iso).toMatch(/^2026-05-03T14:05:00[+-]\d{2}:\d{2}$/);
    expect(new Date(iso!).getTime()).toBe(new Date(2026, 4, 3, 14, 5).getTime());
  });
  it('round-trips through the input value', () => {
    expect(isoToLocalInput(localInputToIso('2026-12-31T23:59'))).toBe('2026-12-31T23:59');
  });
  it.each(['', '2026-05-03', '2026-02-30T10:00', 'tomorrow', '2026-05-03 14:05'])('rejects %j', (v) => {
    expect(localInputToIso(v)).toBeNull();
  });
  it('defaults to tomorrow 20:00', () => {
    expect(defaultDeadlineInput(new Date(2026, 4, 3, 9, 30))).toBe('2026-05-04T20:00');
    expect(isoToLocalInput('garbage')).toBe('');
  });
});

describe('repeatDeadlineInput (再开一团)', () => {
  const earlier = new Date(2026, 4, 1, 20, 0).toISOString();
  it('keeps the earlier time of day, today when it leaves two hours', () => {
    expect(repeatDeadlineInput(earlier, new Date(2026, 4, 3, 9, 30))).toBe('2026-05-03T20:00');
    expect(repeatDeadlineInput(earlier, new Date(2026, 4, 3, 18, 0))).toBe('2026-05-03T20:00');
  });
  it('moves to tomorrow when today leaves less than two hours or has passed', () => {
    expect(repeatDeadlineInput(earlier, new Date(2026, 4, 3, 18, 1))).toBe('2026-05-04T20:00');
    expect(repeatDeadlineInput(earlier, new Date(2026, 4, 3, 21, 0))).toBe('2026-05-04T20:00');
    expect(repeatDeadlineInput(earlier, new Date(2026, 4, 31, 23, 0))).toBe('2026-06-01T20:00');
  });
  it('keeps the minutes of an early-morning deadline', () => {
    const dawn = new Date(2026, 4, 1, 7, 45).toISOString();
    expect(repeatDeadlineInput(dawn, new Date(2026, 4, 3, 9, 30))).toBe('2026-05-04T07:45');
  });
  it('falls back to tomorrow 20:00 when the earlier deadline cannot be read', () => {
    expect(repeatDeadlineInput('garbage', new Date(2026, 4, 3, 9, 30))).toBe('2026-05-04T20:00');
  });
});
