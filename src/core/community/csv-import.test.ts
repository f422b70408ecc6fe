import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseHouseholdCsv } from './csv-import.ts';

describe('parseHouseholdCsv', () => {
  const cases: [string, string, { building: string; room: string; line: number }[], number[]][] = [
    // name, input, rows, error lines
    [
      'plain',
      '3,502\n3,503',
      [
        { line: 1, building: '3', room: '502' },
        { line: 2, building: '3', room: '503' },
      ],
      [],
    ],
    ['English header', 'building,room\n1,101', [{ line: 2, building: '1', room: '101' }], []],
    ['Chinese header 楼号,房号', '楼号,房号\n1,101', [{ line: 2, building: '1', room: '101' }], []],
    ['Chinese header 楼栋,房间', '楼栋,房间\r\n2,201', [{ line: 2, building: '2', room: '201' }], []],
    ['BOM and CRLF', '\uFEFFbuilding,room\r\n1,101\r\n', [{ line: 2, building: '1', room: '101' }], []],
    ['full-width digits and comma', '３，５０２', [{ line: 1, building: '3', room: '502' }], []],
    ['suffixes', '3号楼,502室', [{ line: 1, building: '3', room: '502' }], []],
    ['quoted cells and tabs', '"3"\t"502"', [{ line: 1, building: '3', room: '502' }], []],
    ['blank lines are skipped', '\n1,101\n\n', [{ line: 2, building: '1', room: '101' }], []],
    ['one column', '3', [], [1]],
    ['empty room', '3,', [], [1]],
    ['too many columns', '3,502,x', [], [1]],
    ['a trailing empty column is fine', '3,502,', [{ line: 1, building: '3', room: '502' }], []],
    ['bad room', '3,五零二', [], [1]],
    ['header after data is an error', '1,101\nbuilding,room', [{ line: 1, building: '1', room: '101' }], [2]],
    [
      'valid lines survive bad ones',
      'building,room\n1,101\nnope\n1,102',
      [
        { line: 2, building: '1', room: '101' },
        { line: 4, building: '1', room: '102' },
      ],
      [3],
    ],
    ['empty input', '', [], []],
  ];

  it.each(cases)('%s', (_name, input, rows, errorLines) => {
    const result = parseHouseholdCsv(input);
    expect(result.rows).toEqual(rows);
    expect(result.errors.map((e) => e.line)).toEqual(errorLines);
    for (const e of result.errors) expect(e.message.length).toBeGreaterThan(5);
  });

  it('never throws, and every line is accounted for at most once', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400 }), (text) => {
        const { rows, errors } = parseHouseholdCsv(text);
        const lines = [...rows.map((r) => r.line), ...errors.map((e) => e.line)];
        expect(new Set(lines).size).toBe(lines.length);
        for (const r of rows) {
          expect(r.building).toMatch(/^[0-9A-Z]{1,10}$/);
          expect(r.room).toMatch(/^[0-9A-Z]{1,10}$/);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('reads back any list of valid rows it is given', () => {
    const name = fc.stringMatching(/^[0-9A-Z]{1,6}$/);
    fc.assert(
      fc.property(fc.array(fc.tuple(name, name), { maxLength: 30 }), (pairs) => {
        const text = pairs.map(([b, r]) => `${b},${r}`).join('\r\n');
        expect(parseHouseholdCsv(text).rows.map((r) => [r.building, r.room])).toEqual(pairs);
      }),
    );
  });
});
