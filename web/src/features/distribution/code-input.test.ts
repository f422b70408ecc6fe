import { describe, expect, it } from 'vitest';
import { normalizeCode, parseReceived, spacedCode } from './code-input.ts';

describe('pickup codes on the phone', () => {
  it.each([
    ['ac3 d4e', 'AC3D4E'],
    ['AC3-D4E', 'AC3D4E'],
    ['http://127.0.0.1:3000/c/x/buys/y/deliveries?code=AC3D4E', 'AC3D4E'],
    ['AC3D4', null],
    ['AC3D40', null],
  ])('%j → %j', (input, code) => expect(normalizeCode(input)).toBe(code));

  it('spaces a code for reading aloud', () => expect(spacedCode('AC3D4E')).toBe('AC3 D4E'));

  it('reads received quantities, blanks meaning everything came', () => {
    expect(parseReceived({ a: '5', b: ' ', c: '0' })).toEqual([
      { itemId: 'a', receivedQty: 5 },
      { itemId: 'c', receivedQty: 0 },
    ]);
    expect(parseReceived({ a: '-1' })).toBeNull();
    expect(parseReceived({ a: '1.5' })).toBeNull();
  });
});
