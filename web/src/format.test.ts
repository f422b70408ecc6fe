import { describe, expect, it } from 'vitest';
import { formatDateTime, inviteLink } from './format.ts';

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
