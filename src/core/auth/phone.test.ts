import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { normalisePhone } from './phone.ts';

describe('normalisePhone', () => {
  it.each([
    ['13812345678', '13812345678'],
    ['+86 138 1234 5678', '13812345678'],
    ['+86-138-1234-5678', '13812345678'],
    ['0086 13812345678', '13812345678'],
    ['8613812345678', '13812345678'],
    ['(138) 1234-5678', '13812345678'],
    ['199 0000 0000', '19900000000'],
  ])('accepts %s', (input, expected) => {
    expect(normalisePhone(input)).toBe(expected);
  });

  it.each(['', '12812345678', '1381234567', '138123456789', '+1 415 555 0100', '138-abcd-5678', '０１３８'])(
    'rejects %s',
    (input) => {
      expect(normalisePhone(input)).toBeNull();
    },
  );

  it('is idempotent and keeps only 11-digit mobile numbers', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 24 }), (s) => {
        const n = normalisePhone(s);
        if (n === null) return;
        expect(n).toMatch(/^1[3-9]\d{9}$/);
        expect(normalisePhone(n)).toBe(n);
      }),
    );
  });

  it('survives any spacing and prefix around a valid number', () => {
    const mobile = fc.tuple(fc.integer({ min: 3, max: 9 }), fc.integer({ min: 0, max: 999_999_999 }));
    fc.assert(
      fc.property(
        mobile,
        fc.constantFrom('', '+86', '+86 ', '0086'),
        fc.constantFrom(' ', '-', ''),
        ([d, rest], p, sep) => {
          const n = `1${d}${String(rest).padStart(9, '0')}`;
          const typed = `${p}${n.slice(0, 3)}${sep}${n.slice(3, 7)}${sep}${n.slice(7)}`;
          expect(normalisePhone(typed)).toBe(n);
        },
      ),
    );
  });
});
