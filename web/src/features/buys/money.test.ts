import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fenToYuanText, formatFen, MAX_PRICE_FEN, parseYuanToFen } from './money.ts';

describe('parseYuanToFen', () => {
  it.each([
    ['25.5', 2550],
    ['25', 2500],
    ['25.50', 2550],
    ['0.05', 5],
    ['.5', 50],
    ['25.', 2500],
    [' 12.3 ', 1230],
    ['¥8.8', 880],
    ['２５．５', 2550],
    ['0.1', 10],
    ['1.15', 115],
    ['19.99', 1999],
  ])('%s → %i fen', (text, fen) => {
    expect(parseYuanToFen(text)).toBe(fen);
  });

  it.each(['', '.', 'abc', '1.234', '-1', '+1', '1,000', '1e3', '2 5', '0x10', '1..2'])(
    'rejects %j',
    (text) => {
      expect(parseYuanToFen(text)).toBeNull();
    },
  );

  it('reads any yuan.cents string exactly (no float multiplication)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 99 }), (yuan, cents) => {
        const text = `${yuan}.${String(cents).padStart(2, '0')}`;
        expect(parseYuanToFen(text)).toBe(yuan * 100 + cents);
      }),
    );
  });

  it('round-trips every price through the edit text', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MAX_PRICE_FEN }), (fen) => {
        expect(parseYuanToFen(fenToYuanText(fen))).toBe(fen);
      }),
    );
  });
});

describe('formatFen', () => {
  it('shows yuan with two decimals and a plain ¥ in both languages', () => {
    expect(formatFen(2550, 'zh-CN')).toBe('¥25.50');
    expect(formatFen(0, 'zh-CN')).toBe('¥0.00');
    expect(formatFen(5, 'en')).toBe('¥0.05');
    expect(formatFen(123456789, 'en')).toBe('¥1,234,567.89');
  });
});
