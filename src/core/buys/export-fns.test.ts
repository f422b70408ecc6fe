import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  buildingTitle,
  chinaTime,
  csvField,
  exportFilename,
  packingSheets,
  supplierSheets,
  toCsv,
  uniqueSheetNames,
  yuanText,
} from './export-fns.ts';
import { renderXlsx } from './export-xlsx.ts';
import { buildPackingList, buildSummary, type ReportData } from './summary-fns.ts';

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['鸡蛋', '鸡蛋'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=1+2', "'=1+2"],
    ['+86 138', "'+86 138"],
    ['-5', "'-5"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['=HYPERLINK("http://x","a")', `"'=HYPERLINK(""http://x"",""a"")"`],
    ['1-101', '1-101'],
  ])('text %j → %j', (cell, out) => {
    expect(csvField(cell)).toBe(out);
  });

  it('numbers stay numbers (a negative number is not a formula), money has two decimals, null is empty', () => {
    expect(csvField(-3)).toBe('-3');
    expect(csvField(42)).toBe('42');
    expect(csvField({ yuan: 2500 })).toBe('25.00');
    expect(csvField({ yuan: 5 })).toBe('0.05');
    expect(csvField({ yuan: 123456789 })).toBe('1234567.89');
    expect(csvField(null)).toBe('');
  });
});

describe('helpers', () => {
  it.each([
    [0, '0.00'],
    [1, '0.01'],
    [1999, '19.99'],
    [-250, '-2.50'],
  ])('yuanText(%i) = %s', (fen, text) => expect(yuanText(fen)).toBe(text));

  it('building titles, Shanghai time, file names', () => {
    expect(buildingTitle('3')).toBe('3号楼');
    expect(buildingTitle('A栋')).toBe('A栋');
    expect(chinaTime(new Date('2026-12-01T16:30:00Z'))).toBe('2026-12-02 00:30');
    expect(exportFilename('鸡蛋/牛奶 "团购"', '分装单', 'xlsx')).toBe('鸡蛋_牛奶 _团购_-分装单.xlsx');
    expect(exportFilename('  ', 'x', 'csv')).toBe('buy-x.csv');
  });

  it('sheet names are legal in Excel and unique', () => {
    expect(uniqueSheetNames(['1号楼', '1号楼', 'a/b:c', 'x'.repeat(40), 'X'.repeat(40)])).toEqual([
      '1号楼',
      '1号楼 (2)',
      'a_b_c',
      'x'.repeat(31),
      `${'X'.repeat(27)} (2)`,
    ]);
  });
});

const data: ReportData = {
  buy: {
    id: 'buy',
    communityId: 'c',
    communityName: '阳光小区',
    communityAddress: '长宁路 1 号',
    title: '=鸡蛋团购',
    status: 'closed',
    supplierName: '农场',
    supplierContact: '13800000000',
    deliveryDate: '2026-12-02',
    pickupMode: 'gate',
    leaderFeeFen: 50,
    createdBy: 'l',
  },
  items: [
    { id: 'egg', name: '鸡蛋', spec: '30枚/盒', unit: '盒', priceFen: 2500 },
    { id: 'milk', name: '牛奶', spec: null, unit: '箱', priceFen: 5990 },
  ],
  buildings: [
    { id: 'b1', name: '1', sortKey: 1 },
    { id: 'b2', name: '2', sortKey: 2 },
  ],
  orders: [
    ['1-101', 'b1', 2, 1],
    ['1-102', 'b1', 1, 0],
    ['2-101', 'b2', 0, 3],
  ].map(([label, b, eggs, milk], n) => ({
    orderId: `o${n}`,
    seq: n + 1,
    householdId: `h${n}`,
    householdLabel: label as string,
    buildingId: b as string,
    status: 'active' as const,
    placedByVolunteer: false,
    isProxy: label === '1-102',
    proxyContact: label === '1-102' ? { name: '王阿姨', phone: '13900000000' } : null,
    lines: [
      { itemId: 'egg', qty: eggs as number, allocatedQty: eggs as number, waitlistedQty: 0 },
      { itemId: 'milk', qty: milk as number, allocatedQty: milk as number, waitlistedQty: 0 },
    ].filter((l) => l.qty > 0),
  })),
};
const at = new Date('2026-12-01T04:00:00Z');

describe('supplierSheets', () => {
  const [order, split] = supplierSheets(buildSummary(data), at);

  it('a header block, one row per item with allocated quantity and amount, a total row', () => {
    const cells = order!.rows.map((r) => r.cells);
    expect(cells[0]).toEqual(['=鸡蛋团购 — 供应商订单']);
    expect(cells).toContainEqual(['送货地点', '阳光小区 长宁路 1 号']);
    expect(cells).toContainEqual(['取货方式', '小区门口自提']);
    expect(cells).toContainEqual(['导出时间', '2026-12-01 12:00']);
    const header = cells.findIndex((c) => c[0] === '序号');
    expect(cells.slice(header + 1)).toEqual([
      [1, '鸡蛋', '30枚/盒', '盒', { yuan: 2500 }, 3, { yuan: 7500 }],
      [2, '牛奶', '', '箱', { yuan: 5990 }, 4, { yuan: 23960 }],
      ['合计', '', '', '', '', 7, { yuan: 31460 }],
    ]);
  });

  it('按楼栋: allocated quantity per item per building, and totals', () => {
    expect(split!.name).toBe('按楼栋');
    expect(split!.rows.slice(1).map((r) => r.cells)).toEqual([
      ['楼栋', '户数', '鸡蛋（30枚/盒）', '牛奶', '金额（元）'],
      ['1号楼', 2, 3, 1, { yuan: 13490 }],
      ['2号楼', 1, 0, 3, { yuan: 17970 }],
      ['合计', 3, 3, 4, { yuan: 31460 }],
    ]);
  });

  it('as CSV: BOM, CRLF, the title guarded against formula injection', () => {
    const csv = toCsv([order!, split!]);
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe("'=鸡蛋团购 — 供应商订单");
    expect(lines).toContain('1,鸡蛋,30枚/盒,盒,25.00,3,75.00');
    expect(lines).toContain('合计,,,,,7,314.60');
    expect(lines).toContain('1号楼,2,3,1,134.90');
  });
});

describe('packingSheets and renderXlsx', () => {
  it('one sheet per building, readable by exceljs, money as numbers with two decimals', async () => {
    const sheets = packingSheets(buildPackingList(buildSummary(data)));
    expect(sheets.map((s) => s.name)).toEqual(['1号楼', '2号楼']);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderXlsx(sheets, { title: 't' })) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('1号楼')!;
    expect(ws.getRow(2).values).toEqual([
      undefined,
      '户号',
      '鸡蛋（30枚/盒）',
      '牛奶',
      '金额（元）',
      '已收 ✓',
      '备注',
    ]);
    const row = (n: number) => [1, 2, 3, 4, 5, 6].map((c) => ws.getRow(n).getCell(c).value);
    expect(row(3)).toEqual(['1-101', 2, 1, 110.4, null, null]);
    expect(row(4)).toEqual(['1-102', 1, 0, 25.5, null, '代办 王阿姨 13900000000']);
    expect(ws.getRow(4).getCell(4).numFmt).toBe('0.00');
    expect(ws.getRow(5).getCell(1).value).toBe('合计 2 户');
  });

  it('a buy with nothing allocated still gives a valid workbook with one sheet that says so', async () => {
    const sheets = packingSheets(buildPackingList(buildSummary({ ...data, orders: [] })));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await renderXlsx(sheets, { title: 't' })) as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['分装单']);
    expect(wb.worksheets[0]!.getCell('A1').value).toBe('没有已分配的订单');
  });
});
