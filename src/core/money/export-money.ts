/** Downloads: the buy's ledger and the household payments list (XLSX, CSV), the same tables in both. */
import type { Actor } from '../shared/actor.ts';
import { chinaTime, exportFilename, toCsv, type Sheet, type SheetRow } from '../buys/export-fns.ts';
import { renderXlsx } from '../buys/export-xlsx.ts';
import type { ExportFile } from '../buys/export.ts';
import type { MoneyDeps } from './ports.ts';
import { publicLedger, reconciliation, type Reconciliation } from './read-money.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const KIND: Record<string, string> = {
  payment: '住户付款',
  refund: '退款',
  supplier_invoice: '供应商账单',
  supplier_payment: '支付供应商',
};
const METHOD: Record<string, string> = { wechat: '微信', alipay: '支付宝', cash: '现金', other: '其他' };
const STATE: Record<string, string> = {
  unpaid: '未付款',
  pending: '待确认',
  disputed: '有异议',
  paid: '已付清',
  refund_due: '待退款',
  nothing_due: '无需付款',
};

/** The ledger sheet: totals, price charged vs the supplier's unit price, every money movement. */
export async function ledgerSheets(
  deps: MoneyDeps,
  actor: Actor,
  buyId: string,
  now: Date,
): Promise<{ title: string; sheets: Sheet[] }> {
  const l = await publicLedger(deps, actor, buyId);
  const t = l.totals;
  const rows: SheetRow[] = [
    { cells: [`${l.buy.title} — 公开账本`], style: 'title' },
    { cells: ['导出时间', chinaTime(now)] },
    { cells: [] },
    { cells: ['项目', '金额（元）'], style: 'header' },
    { cells: ['商品货款（向住户收取）', { yuan: t.chargedGoodsFen }] },
    { cells: ['团长服务费', { yuan: t.leaderFeesFen }] },
    { cells: ['已收款', { yuan: t.collectedFen }] },
    { cells: ['已退款', { yuan: t.refundedFen }] },
    { cells: ['待收款', { yuan: t.outstandingFen }] },
    { cells: ['待退款', { yuan: t.refundsDueFen }] },
    { cells: ['供应商账单', { yuan: t.supplierInvoicedFen }] },
    { cells: ['已付供应商', { yuan: t.paidToSupplierFen }] },
    { cells: ['团长手上结余', { yuan: t.leftFen }], style: 'total' },
    { cells: [] },
    { cells: ['商品', '规格', '单位', '收取单价', '供应商单价', '数量'], style: 'header' },
    ...l.items.map((i) => ({
      cells: [
        i.name,
        i.spec ?? '',
        i.unit ?? '',
        { yuan: i.priceFen },
        i.supplierUnitPriceFen === null ? '' : { yuan: i.supplierUnitPriceFen },
        i.allocatedQty,
      ],
    })),
    { cells: [] },
    { cells: ['时间', '类型', '住户', '金额（元）', '备注'], style: 'header' },
    ...l.lines.map((x) => ({
      cells: [
        chinaTime(x.at),
        KIND[x.kind] ?? x.kind,
        x.householdLabel ?? '',
        { yuan: x.amountFen },
        x.note ?? '',
      ],
    })),
  ];
  return { title: l.buy.title, sheets: [{ name: '账本', widths: [22, 16, 12, 14, 14, 10], rows }] };
}

/** The payments sheet: one row per household (what it owes, paid, got back) and every payment marked. */
export function paymentSheets(r: Reconciliation, now: Date): Sheet[] {
  const rows: SheetRow[] = [
    { cells: [`${r.buy.title} — 住户付款`], style: 'title' },
    { cells: ['导出时间', chinaTime(now)] },
    { cells: [] },
    { cells: ['住户', '应付', '已付', '已退', '待付', '待退', '状态'], style: 'header' },
    ...r.rows.map((x) => ({
      cells: [
        x.label,
        { yuan: x.owedFen },
        { yuan: x.paidFen },
        { yuan: x.refundedFen },
        { yuan: x.dueFen },
        { yuan: x.refundDueFen },
        STATE[x.state] ?? x.state,
      ],
    })),
    { cells: [] },
    { cells: ['住户', '金额', '方式', '付款备注', '状态', '异议原因', '标记时间'], style: 'header' },
    ...r.payments.map((p) => ({
      cells: [
        r.labels.get(p.householdId) ?? '',
        { yuan: p.amountFen },
        METHOD[p.method] ?? p.method,
        p.reference ?? '',
        p.status,
        p.disputeReason ?? '',
        chinaTime(p.markedAt),
      ],
    })),
  ];
  return [{ name: '住户付款', widths: [12, 12, 12, 12, 12, 12, 18], rows }];
}

async function file(
  title: string,
  sheets: Sheet[],
  kind: string,
  ascii: string,
  format: 'xlsx' | 'csv',
): Promise<ExportFile> {
  const filename = exportFilename(title, kind, format);
  if (format === 'csv')
    return {
      filename,
      asciiFilename: `${ascii}.csv`,
      contentType: 'text/csv; charset=utf-8',
      body: Buffer.from(toCsv(sheets), 'utf8'),
    };
  return {
    filename,
    asciiFilename: `${ascii}.xlsx`,
    contentType: XLSX,
    body: await renderXlsx(sheets, { title }),
  };
}

/** GET /api/buys/{id}/money/exports/ledger.{xlsx,csv}: whoever may see the public ledger. */
export async function exportLedger(
  deps: MoneyDeps,
  actor: Actor,
  input: { buyId: string; format: 'xlsx' | 'csv' },
) {
  const { title, sheets } = await ledgerSheets(deps, actor, input.buyId, deps.clock.now());
  return file(title, sheets, '账本', `buy-${input.buyId.slice(0, 8)}-ledger`, input.format);
}

/** GET /api/buys/{id}/money/exports/payments.{xlsx,csv}: the buy's leader and admins. */
export async function exportPayments(
  deps: MoneyDeps,
  actor: Actor,
  input: { buyId: string; format: 'xlsx' | 'csv' },
) {
  const r = await reconciliation(deps, actor, input.buyId);
  return file(
    r.buy.title,
    paymentSheets(r, deps.clock.now()),
    '住户付款',
    `buy-${input.buyId.slice(0, 8)}-payments`,
    input.format,
  );
}
