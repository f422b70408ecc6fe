import { describe, expect, it } from 'vitest';
import { buildEntries, draftProblem, initialDrafts, normalizeLabel } from './review-state.ts';
import type { ImportPreview, ReviewLine } from './types.ts';

const line = (l: Partial<ReviewLine> & { line: number }): ReviewLine => ({
  text: `line ${l.line}`,
  status: 'understood',
  reasons: [],
  label: '1-101',
  householdId: 'h1',
  action: 'add',
  items: [{ itemId: 'egg', qty: 2 }],
  note: null,
  current: null,
  ...l,
});

const preview: ImportPreview = {
  title: null,
  counts: { understood: 2, unsure: 2, unreadable: 1, done: 0 },
  lines: [
    line({ line: 1, note: '王阿姨' }),
    line({ line: 2, label: '1-102', householdId: 'h2', items: [{ itemId: 'milk', qty: 1 }] }),
    line({
      line: 3,
      status: 'unsure',
      reasons: ['no_item_named'],
      label: '1-201',
      householdId: 'h3',
      items: [],
    }),
    line({ line: 4, status: 'unsure', reasons: ['duplicate_in_list'], items: [{ itemId: 'milk', qty: 3 }] }),
    line({ line: 5, status: 'unreadable', label: null, householdId: null, items: [] }),
  ],
  households: [],
};
const households = new Map([
  ['1-101', { id: 'h1' }],
  ['1-102', { id: 'h2' }],
  ['1-201', { id: 'h3' }],
]);

describe('the review state', () => {
  it('keeps understood lines and leaves unsure ones for the leader', () => {
    const d = initialDrafts(preview, ['egg', 'milk']);
    expect(Object.keys(d)).toEqual(['1', '2', '3', '4']);
    expect(d[1]).toEqual({ include: true, label: '1-101', qty: { egg: 2, milk: 0 }, action: 'add' });
    expect(d[3]!.include).toBe(false);
    expect(buildEntries(preview, d, households).map((e) => e.line)).toEqual([1, 2]);
    expect(buildEntries(preview, d, households)[0]).toMatchObject({
      note: '王阿姨',
      items: [{ itemId: 'egg', qty: 2 }],
    });
  });

  it('commits a fixed unsure line, and the later of two lines for one household', () => {
    const d = initialDrafts(preview, ['egg', 'milk']);
    d[3] = { ...d[3]!, include: true };
    expect(draftProblem(d[3]!, households)).toBe('qty');
    d[3] = { ...d[3]!, qty: { egg: 1, milk: 0 } };
    expect(draftProblem(d[3]!, households)).toBeNull();
    d[4] = { ...d[4]!, include: true };
    const entries = buildEntries(preview, d, households);
    expect(entries.map((e) => [e.line, e.householdId])).toEqual([
      [2, 'h2'],
      [3, 'h3'],
      [4, 'h1'],
    ]);
  });

  it('needs a household of the compound', () => {
    expect(draftProblem({ include: true, label: '9-999', qty: { egg: 1 }, action: 'add' }, households)).toBe(
      'household',
    );
    expect(
      draftProblem({ include: true, label: ' １－１０１', qty: {}, action: 'cancel' }, households),
    ).toBeNull();
    expect(normalizeLabel('a-１０１ ')).toBe('A-101');
  });
});
