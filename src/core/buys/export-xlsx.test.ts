import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { columnName, renderXlsx, xmlText } from './export-xlsx.ts';
import type { Sheet } from './export-fns.ts';

async function load(sheets: Sheet[], title = 't') {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await renderXlsx(sheets, { title })) as unknown as ArrayBuffer);
  return wb;
}

describe('renderXlsx (hand-written SpreadsheetML)', () => {
  it('names columns A…Z, AA…', () => {
    expect([0, 25, 26, 27, 51, 52, 701, 702].map(columnName)).toEqual([
      'A',
      'Z',
      'AA',
      'AB',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
    ]);
  });

  it('escapes markup and drops characters XML cannot carry', () => {
    expect(xmlText('a<b>&"c"')).toBe('a&lt;b&gt;&amp;&quot;c&quot;');
    expect(xmlText('x\u0000y\u001fz\ud800')).toBe('xyz');
    expect(xmlText('鸡蛋 🥚\ttab')).toBe('鸡蛋 🥚\ttab');
  });

  it('round-trips text, numbers, money, styles, widths, odd sheet names and the title through exceljs', async () => {
    const wb = await load(
      [
        {
          name: '1号楼',
          widths: [12, 14],
          rows: [
            { cells: ['标题 <&>'], style: 'title' },
            { cells: ['户号', '数量', '金额'], style: 'header' },
            { cells: [' 1-101 ', 3, { yuan: 11040 }] },
            { cells: ['=SUM(A1)', null, { yuan: -5 }, ''] },
            { cells: ['合计', 3, { yuan: 11035 }], style: 'total' },
          ],
        },
        { name: '1号楼', widths: [], rows: [] },
      ],
      '鸡蛋 & 牛奶',
    );
    expect(wb.worksheets.map((w) => w.name)).toEqual(['1号楼', '1号楼 (2)']);
    expect(wb.title).toBe('鸡蛋 & 牛奶');
    const ws = wb.getWorksheet('1号楼')!;
    expect(ws.getColumn(1).width).toBe(12);
    expect(ws.getCell('A1').value).toBe('标题 <&>');
    expect(ws.getCell('A1').font?.bold).toBe(true);
    expect(ws.getCell('A1').font?.size).toBe(14);
    expect(ws.getCell('B2').font?.bold).toBe(true);
    expect(ws.getCell('A3').value).toBe(' 1-101 ');
    expect(ws.getCell('B3').value).toBe(3);
    expect(ws.getCell('C3').value).toBe(110.4);
    expect(ws.getCell('C3').numFmt).toBe('0.00');
    // Text is never a formula, whatever it starts with.
    expect(ws.getCell('A4').value).toBe('=SUM(A1)');
    expect(ws.getCell('B4').value).toBeNull();
    expect(ws.getCell('C4').value).toBe(-0.05);
    expect(ws.getCell('D4').value).toBeNull();
    expect(ws.getCell('C5').font?.bold).toBe(true);
    expect(ws.getCell('C5').numFmt).toBe('0.00');
  });
});
