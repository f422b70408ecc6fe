import { describe, expect, it } from 'vitest';
import { ago, asRole, partyText, statusBadge } from './post-text.ts';

describe('statusBadge', () => {
  it.each([
    ['need', 'open', 'waiting'],
    ['need', 'taken', 'taken'],
    ['need', 'resolved', 'resolved'],
    ['need', 'closed', 'closed'],
    ['offer', 'open', null],
    ['notice', 'open', null],
    ['tip', 'closed', 'closed'],
    ['swap', 'removed', 'removed'],
  ] as const)('%s %s → %s', (kind, status, badge) => {
    expect(statusBadge({ kind, status })).toBe(badge);
  });
});

describe('partyText', () => {
  const roleName = (r: string) => ({ admin: '管理员', leader: '团长', volunteer: '楼长' })[r] ?? r;
  const withRole = (label: string, role: string) => `${label} ${role}`;
  it.each([
    [{ label: '1-302', role: 'volunteer' }, '1-302 楼长'],
    [{ label: '3-502', role: null }, '3-502'],
    [{ label: null, role: 'admin' }, '管理员'],
    [{ label: null, role: null }, ''],
  ] as const)('%j → %s', (party, text) => {
    expect(partyText(party, roleName, withRole)).toBe(text);
  });

  it('takes only our roles from a notification', () => {
    expect(asRole('leader')).toBe('leader');
    expect(asRole('owner')).toBeNull();
    expect(asRole(null)).toBeNull();
  });
});

describe('ago', () => {
  const now = Date.parse('2026-12-06T12:00:00Z');
  it.each([
    ['2026-12-06T11:59:30Z', { unit: 'justNow' }],
    ['2026-12-06T12:03:00Z', { unit: 'justNow' }], // a phone's clock behind the server's
    ['2026-12-06T11:55:00Z', { unit: 'minutes', count: 5 }],
    ['2026-12-06T09:00:00Z', { unit: 'hours', count: 3 }],
    ['2026-12-05T11:00:00Z', { unit: 'days', count: 1 }],
    ['2026-11-30T12:00:01Z', { unit: 'days', count: 5 }],
    ['2026-11-29T12:00:00Z', { unit: 'date' }],
    ['not a date', { unit: 'date' }],
  ] as const)('%s → %j', (iso, expected) => {
    expect(ago(iso, now)).toEqual(expected);
  });
});
