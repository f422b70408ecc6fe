import { describe, expect, it } from 'vitest';
import { calendarDate, instant } from './dates.ts';

describe('instant', () => {
  it('takes ISO 8601 with an offset from 1970 to 9999 in UTC', () => {
    for (const ok of ['2026-12-04T20:00:00+08:00', '1970-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z'])
      expect(instant().safeParse(ok).success, ok).toBe(true);
  });

  it('refuses what the database would: year 0000, a year 1 that is 1 BC in UTC, past 9999', () => {
    for (const bad of [
      '0000-01-01T00:00:00Z',
      '0001-01-01T00:00:00+01:00',
      '1969-12-31T23:59:59Z',
      '9999-12-31T23:59:59-14:00',
      '2026-12-04T20:00:00', // no offset
      '2026-13-01T00:00:00Z',
    ])
      expect(instant().safeParse(bad).success, bad).toBe(false);
  });
});

describe('calendarDate', () => {
  it('takes YYYY-MM-DD from 1970 to 9999, and no other', () => {
    for (const ok of ['2026-12-06', '1970-01-01', '9999-12-31', '2028-02-29'])
      expect(calendarDate().safeParse(ok).success, ok).toBe(true);
    for (const bad of ['0000-02-29', '1969-12-31', '2026-02-30', '2026-12-6', '20261206'])
      expect(calendarDate().safeParse(bad).success, bad).toBe(false);
  });
});
