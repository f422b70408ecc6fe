/**
 * The export sheets as plain tables (pure), and their CSV encoding. export-xlsx.ts renders the same tables
 * as a workbook, so the CSV and the XLSX always carry the same numbers.
 */
import type { Fen } from '../shared/money.ts';
import type { BuyStatus, PickupMode } from './buy.ts';
import type { BuyTotals, PackingList, ReportHeader, ReportItem } from './summary-fns.ts';

/** A money cell: rendered as yuan with two decimals (a number in XLSX, "25.00" in CSV). */
export interface YuanCell {
  yuan: Fen;
}
export type Cell = string | number | null | YuanCell;

export interface SheetRow {
  cells: Cell[];
  style?: 'title' | 'header' | 'total';
}

export interface Sheet {
  name: string;
  /** Column widths in characters. */
  widths: number[];
  rows: SheetRow[];
}

const PICKUP: Record<PickupMode, string> = {
  door: '送货上门',
  building: '楼栋自提',
  gate: '小区门口自提',
};

const STATUS: Record<BuyStatus, string> = {
  draft: '草稿',
  open: '接龙中（数量未定）',
  closed: '已截单',
  failed: '未成团',
  confirmed: '已向供应商下单',
  arrived: '已到货',
  completed: '已完成',
  cancelled: '已取消',
};

export const isYuan = (c: Cell): c is YuanCell => typeof c === 'object' && c !== null;

/** "25.00": fen as yuan with two decimals, computed on integers (no float rounding). */
export function yuanText(fen: Fen): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** "3" → "3号楼"; a name that already says 楼/栋 is left alone. */
export function buildingTitle(name: string): string {
  return /[楼栋幢座]$/.test(name) ? name : `${name}号楼`;
}

/** "鸡蛋（30枚/盒）": the column heading of an item. */
export function itemHeading(item: Pick<ReportItem, 'name' | 'spec'>): string {
  return item.spec ? `${item.name}（${item.spec}）` : item.name;
}

/** Shanghai wall-clock time "2026-12-01 12:00" for the "exported at" line (compounds are in China). */
export function chinaTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
}

function headerBlock(buy: ReportHeader, exportedAt: Date): SheetRow[] {
  const place = [buy.communityName, buy.communityAddress].filter(Boolean).join(' ');
  return [
    { cells: [`${buy.title} — 供应商订单`], style: 'title' },
    { cells: ['团购', buy.title] },
    { cells: ['供应商', buy.supplierName ?? ''] },
    { cells: ['联系方式', buy.supplierContact ?? ''] },
    { cells: ['送货日期', buy.deliveryDate ?? '待定'] },
    { cells: ['取货方式', PICKUP[buy.pickupMode]] },
    { cells: ['送货地点', place] },
    { cells: ['状态', STATUS[buy.status]] },
    { cells: ['导出时间', chinaTime(exportedAt)] },
    { cells: [] },
  ];
}

/**
 * The supplier order sheet: a header block, one row per item with its allocated quantity and amount, a
 * total row; then "按楼栋", the split manifest: allocated quantity of each item per building.
 */
export function supplierSheets(s: BuyTotals, exportedAt: Date): Sheet[] {
  const items: SheetRow[] = s.items.map((i, n) => ({
    cells: [
      n + 1,
      i.name,
      i.spec ?? '',
      i.unit ?? '',
      { yuan: i.priceFen },
      i.allocatedQty,
      { yuan: i.amountFen },
    ],
  }));
  const order: Sheet = {
    name: '供应商订单',
    widths: [10, 24, 16, 8, 12, 10, 14],
    rows: [
      ...headerBlock(s.buy, exportedAt),
      { cells: ['序号', '商品', '规格', '单位', '单价（元）', '数量', '金额（元）'], style: 'header' },
      ...items,
      { cells: ['合计', '', '', '', '', s.totals.allocatedQty, { yuan: s.totals.goodsFen }], style: 'total' },
    ],
  };
  const buildings = s.buildings.filter((b) => b.items.some((i) => i.allocatedQty > 0));
  const split: Sheet = {
    name: '按楼栋',
    widths: [12, 8, ...s.items.map(() => 14), 14],
    rows: [
      { cells: [`${s.buy.title} — 按楼栋分货`], style: 'title' },
      { cells: ['楼栋', '户数', ...s.items.map(itemHeading), '金额（元）'], style: 'header' },
      ...buildings.map((b) => ({
        cells: [
          buildingTitle(b.name),
          b.households,
          ...b.items.map((i) => i.allocatedQty),
          { yuan: b.goodsFen },
        ],
      })),
      {
        cells: [
          '合计',
          buildings.reduce((n, b) => n + b.households, 0),
          ...s.items.map((i) => i.allocatedQty),
          { yuan: s.totals.goodsFen },
        ],
        style: 'total',
      },
    ],
  };
  return [order, split];
}

/** One sheet per building: households by label, allocated quantity per item, amount owed, a tick column. */
export function packingSheets(p: PackingList): Sheet[] {
  const headings = p.items.map(itemHeading);
  const sheets = p.buildings.map((b) => ({
    name: buildingTitle(b.name),
    widths: [12, ...p.items.map(() => 14), 12, 10, 24],
    rows: [
      { cells: [`${buildingTitle(b.name)} 分装单 — ${p.buy.title}`], style: 'title' as const },
      { cells: ['户号', ...headings, '金额（元）', '已收 ✓', '备注'], style: 'header' as const },
      ...b.households.map((h) => ({
        cells: [h.label, ...h.quantities, { yuan: h.amountFen }, '', proxyNote(h)],
      })),
      {
        cells: [
          `合计 ${b.households.length} 户`,
          ...b.totals.quantities,
          { yuan: b.totals.amountFen },
          '',
          '',
        ],
        style: 'total' as const,
      },
    ],
  }));
  if (sheets.length > 0) return sheets;
  return [{ name: '分装单', widths: [40], rows: [{ cells: ['没有已分配的订单'] }] }];
}

function proxyNote(h: { isProxy: boolean; proxyContact: { name: string; phone: string | null } | null }) {
  if (!h.isProxy) return '';
  if (!h.proxyContact) return '代办';
  return ['代办', h.proxyContact.name, h.proxyContact.phone].filter(Boolean).join(' ');
}

const FORBIDDEN_IN_SHEET_NAME = /[[\]:*?/\\]/g;

/** Excel sheet names: at most 31 characters, none of []:*?/\, unique (case-insensitively) in a workbook. */
export function uniqueSheetNames(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((raw) => {
    const base = raw.replace(FORBIDDEN_IN_SHEET_NAME, '_').slice(0, 31) || 'Sheet';
    let name = base;
    for (let n = 2; used.has(name.toLowerCase()); n++) {
      const suffix = ` (${n})`;
      name = base.slice(0, 31 - suffix.length) + suffix;
    }
    used.add(name.toLowerCase());
    return name;
  });
}

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field (RFC 4180): a text cell that a spreadsheet would read as a formula (= + - @, tab, CR) is
 * prefixed with an apostrophe, then fields with a comma, quote or line break are quoted.
 */
export function csvField(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  const text = isYuan(cell) ? yuanText(cell.yuan) : FORMULA_START.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The sheets as one CSV: UTF-8 with a BOM (so Excel reads Chinese), CRLF lines, a blank line between sheets. */
export function toCsv(sheets: readonly Sheet[]): string {
  const lines: string[] = [];
  sheets.forEach((sheet, n) => {
    if (n > 0) lines.push('');
    for (const row of sheet.rows) lines.push(row.cells.map(csvField).join(','));
  });
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

// Control characters and the ones Windows forbids in file names.
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_FILENAME = /[\u0000-\u001f\u007f/\\:*?"<>|]/g;

/** A file name from the buy's title: path and control characters replaced, length capped. */
export function exportFilename(title: string, kind: string, ext: string): string {
  const safe = title.replace(UNSAFE_IN_FILENAME, '_').trim().slice(0, 80) || 'buy';
  return `${safe}-${kind}.${ext}`;
}
