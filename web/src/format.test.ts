import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatterFor, inviteLink } from './format.ts';
import { formatTime } from './features/money/ui.tsx';

describe('inviteLink', () => {
  const origin = 'https://linli.example';
  it('prefers an absolute server URL, completes a relative one, builds one otherwise', () => {
    expect(inviteLink({ code: 'AB', url: 'https://x.example/join/AB' }, origin)).toBe(
      'https://x.example/join/AB',
    );
    expect(inviteLink({ code: 'AB', url: '/join/AB' }, origin)).toBe('https://linli.example/join/AB');
    expect(inviteLink({ code: 'A B', url: null }, origin)).toBe('https://linli.example/join/A%20B');
  });
});

describe('formatDateTime', () => {
  it('formats ISO times and tolerates empty or bad input', () => {
    expect(formatDateTime('2026-05-03T06:05:00Z', 'en')).toMatch(/2026/);
    expect(formatDateTime(null, 'en')).toBe('');
    expect(formatDateTime('nope', 'en')).toBe('nope');
  });
});

describe('formatDate', () => {
  it('writes a calendar day with its weekday, the same day whatever the time zone', () => {
    expect(formatDate('2026-12-08', 'zh-CN')).toBe('2026年12月8日周二');
    expect(formatDate('2026-12-08', 'en')).toBe('Tue, December 8, 2026');
    expect(formatDate('2026-12-31', 'zh-CN')).toBe('2026年12月31日周四');
  });
  it('keeps what it cannot read as it is', () => {
    expect(formatDate(null, 'zh-CN')).toBe('');
    expect(formatDate('2026-13-45', 'zh-CN')).toBe('2026-13-45');
    expect(formatDate('soon', 'en')).toBe('soon');
  });
});

describe('formatterFor', () => {
  const iso = '2026-05-03T06:05:00Z';
  it('writes what a formatter made for each call would, made once per style and locale', () => {
    for (const locale of ['zh-CN', 'en']) {
      expect(formatDateTime(iso, locale)).toBe(
        new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)),
      );
      expect(formatTime(iso, locale)).toBe(
        new Date(iso).toLocaleString(locale, {
          month: 'numeric',
          day: 'numeric',
          hour: '2-digit',
          minute: '2-digit',
        }),
      );
      expect(formatterFor('dateTime', locale)).toBe(formatterFor('dateTime', locale));
    }
    expect(formatterFor('dateTime', 'zh-CN')).not.toBe(formatterFor('dateTime', 'en'));
    expect(formatterFor('dateTime', 'en')).not.toBe(formatterFor('dayTime', 'en'));
    expect(formatTime('nope', 'en')).toBe('nope');
  });
});
