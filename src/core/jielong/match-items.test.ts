import { describe, expect, it } from 'vitest';
import { matchItem, matchScore, resolveEntry } from './match-items.ts';

const names = ['蔬菜包', '牛奶', '橙子', '鸡蛋', '鸭蛋'];

describe('matchItem', () => {
  it.each([
    ['蔬菜包', '蔬菜包'],
    ['菜包', '蔬菜包'],
    ['纯牛奶', '牛奶'],
    ['奶', '牛奶'],
    ['橙', '橙子'],
    ['鲜橙子', '橙子'],
    ['鸡蛋', '鸡蛋'],
    ['土鸡蛋', '鸡蛋'],
  ])('%s → %s', (word, name) => {
    const m = matchItem(word, names);
    expect(m).toEqual({ kind: 'match', index: names.indexOf(name) });
  });

  it('is ambiguous when two items fit equally ("蛋": 鸡蛋 or 鸭蛋)', () => {
    expect(matchItem('蛋', names)).toEqual({ kind: 'ambiguous' });
  });

  it('matches nothing when only a character is shared, or nothing at all', () => {
    expect(matchItem('苹果', names)).toEqual({ kind: 'none' });
    expect(matchItem('牛肉', names)).toEqual({ kind: 'none' });
    expect(matchItem('', names)).toEqual({ kind: 'none' });
    expect(matchItem('鸡蛋', [])).toEqual({ kind: 'none' });
  });

  it('scores exact above contained above containing', () => {
    expect(matchScore('牛奶', '牛奶')).toBe(100);
    expect(matchScore('奶', '牛奶')).toBeGreaterThan(matchScore('纯牛奶', '牛奶'));
    expect(matchScore('纯牛奶', '牛奶')).toBeGreaterThan(matchScore('蔬包', '蔬菜包'));
  });

  it('ignores case for latin names', () => {
    expect(matchItem('cola', ['Cola', '雪碧'])).toEqual({ kind: 'match', index: 0 });
  });
});

describe('resolveEntry', () => {
  const entry = (e: Partial<Parameters<typeof resolveEntry>[0]>) => ({
    items: [],
    loose: [],
    note: null,
    action: 'add' as const,
    ...e,
  });

  it('adds up quantities of the same item', () => {
    expect(
      resolveEntry(
        entry({
          items: [
            { word: '鸡蛋', qty: 1 },
            { word: '土鸡蛋', qty: 2 },
          ],
        }),
        names,
      ),
    ).toEqual({
      ok: true,
      items: [{ index: 3, qty: 3 }],
      note: null,
    });
  });

  it('orders one of a one-item buy for a bare room or a nameless quantity', () => {
    expect(resolveEntry(entry({}), ['鸡蛋'])).toEqual({
      ok: true,
      items: [{ index: 0, qty: 1 }],
      note: null,
    });
    expect(resolveEntry(entry({ items: [{ word: null, qty: 4 }] }), ['鸡蛋'])).toMatchObject({
      items: [{ index: 0, qty: 4 }],
    });
  });

  it('asks which item when a buy has several and the line names none', () => {
    expect(resolveEntry(entry({ items: [{ word: null, qty: 2 }] }), names)).toMatchObject({
      ok: false,
      reason: 'no item named',
    });
  });

  it('turns a loose word that names an item into one of it and keeps other words as the note', () => {
    expect(resolveEntry(entry({ loose: ['王阿姨', '牛奶'], note: '王阿姨 牛奶' }), names)).toEqual({
      ok: true,
      items: [{ index: 1, qty: 1 }],
      note: '王阿姨',
    });
  });

  it('reports unknown and ambiguous words', () => {
    expect(resolveEntry(entry({ items: [{ word: '苹果', qty: 1 }] }), names)).toMatchObject({
      reason: 'unknown item',
      word: '苹果',
    });
    expect(resolveEntry(entry({ items: [{ word: '蛋', qty: 1 }] }), names)).toMatchObject({
      reason: 'ambiguous item',
    });
  });

  it('gives a cancellation no items', () => {
    expect(resolveEntry(entry({ action: 'cancel', note: 'x' }), names)).toEqual({
      ok: true,
      items: [],
      note: 'x',
    });
  });
});
