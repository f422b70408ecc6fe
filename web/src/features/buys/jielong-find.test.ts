import { describe, expect, it } from 'vitest';
import { LINES_PAGE, findEntries, linesDrawn, myLineBelow } from './jielong-find.ts';
import type { JielongEntry } from './types.ts';

const entry = (seq: number, householdLabel: string): JielongEntry => ({
  seq,
  householdLabel,
  status: 'active',
  items: [{ name: '鸡蛋', qty: 1 }],
});
const entries = [entry(1, '2-102'), entry(2, '12-102'), entry(3, '3-501'), entry(21, '5-2101')];
const labels = (found: readonly JielongEntry[]) => found.map((e) => e.householdLabel);

describe('findEntries', () => {
  it('finds a household however it is typed, and a 接龙 number exactly', () => {
    for (const q of ['2-102', '2102', '２－１０２', ' 2 102 '])
      expect(labels(findEntries(entries, q))).toEqual(['2-102', '12-102']);
    expect(labels(findEntries(entries, '3'))).toEqual(['3-501']);
    // Separators do not count: "21" is in 2-102 ("2102") as much as in 5-2101, and it is line 21's number.
    expect(labels(findEntries(entries, '21'))).toEqual(['2-102', '12-102', '5-2101']);
    expect(labels(findEntries(entries, '5-21'))).toEqual(['5-2101']);
    expect(findEntries(entries, 'x-999')).toEqual([]);
  });

  it('keeps the list itself for an empty search', () => {
    expect(findEntries(entries, '')).toBe(entries);
    expect(findEntries(entries, ' －')).toBe(entries);
  });
});

describe('linesDrawn', () => {
  it('draws a page at first, what the resident asked for after, and never more than the list holds', () => {
    expect(linesDrawn(5000, 0)).toBe(LINES_PAGE);
    expect(linesDrawn(5000, LINES_PAGE)).toBe(LINES_PAGE);
    expect(linesDrawn(5000, 3 * LINES_PAGE)).toBe(3 * LINES_PAGE);
    expect(linesDrawn(LINES_PAGE - 1, LINES_PAGE)).toBe(LINES_PAGE - 1);
    expect(linesDrawn(0, LINES_PAGE)).toBe(0);
    // Asked for more than there were: lines that arrive later are drawn up to what was asked.
    expect(linesDrawn(LINES_PAGE + 10, 2 * LINES_PAGE)).toBe(LINES_PAGE + 10);
    expect(linesDrawn(5000, 2 * LINES_PAGE)).toBe(2 * LINES_PAGE);
  });
});

describe('myLineBelow', () => {
  const long = Array.from({ length: 120 }, (_, i) =>
    entry(i + 1, `${Math.floor(i / 10) + 1}-${(i % 10) + 1}01`),
  );
  it('is my line when the list does not draw it, and null when it does or I have none', () => {
    expect(myLineBelow(long, '12-1001', 50)?.seq).toBe(120);
    expect(myLineBelow(long, '6-101', 50)?.seq).toBe(51);
    expect(myLineBelow(long, '5-1001', 50)).toBeNull(); // line 50: drawn
    expect(myLineBelow(long, '12-1001', 120)).toBeNull();
    expect(myLineBelow(long, '99-101', 50)).toBeNull();
    expect(myLineBelow(long, null, 50)).toBeNull();
  });
});
