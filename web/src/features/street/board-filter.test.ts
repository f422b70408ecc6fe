import { describe, expect, it } from 'vitest';
import { ALL_ACTIVE, boardQuery, readFilter, writeFilter } from './board-filter.ts';

const read = (search: string) => readFilter(new URLSearchParams(search));

describe('the board filter in the URL', () => {
  it('reads what it wrote', () => {
    for (const f of [
      ALL_ACTIVE,
      { kind: 'need', ended: false, mine: false },
      { kind: 'notice', ended: true, mine: true },
      { kind: 'all', ended: false, mine: true },
    ] as const)
      expect(readFilter(writeFilter(f))).toEqual(f);
  });

  it('leaves the defaults out', () => {
    expect(writeFilter(ALL_ACTIVE).toString()).toBe('');
    expect(writeFilter({ kind: 'swap', ended: true, mine: false }).toString()).toBe('kind=swap&state=ended');
  });

  it('takes anything it does not know as the default', () => {
    expect(read('kind=rumour&state=archived&mine=yes')).toEqual(ALL_ACTIVE);
    expect(read('')).toEqual(ALL_ACTIVE);
  });
});

describe('boardQuery', () => {
  it('asks the API for the filter and the page', () => {
    expect(boardQuery(ALL_ACTIVE)).toBe('');
    expect(boardQuery({ kind: 'need', ended: false, mine: true })).toBe('?kind=need&mine=true');
    expect(boardQuery({ kind: 'all', ended: true, mine: false }, 'c/1+2')).toBe(
      '?state=ended&before=c%2F1%2B2',
    );
  });
});
