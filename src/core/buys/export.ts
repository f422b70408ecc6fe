/** Use-cases behind the downloads: the supplier order sheet (XLSX, CSV) and the packing lists (XLSX). */
import type { Actor } from '../shared/actor.ts';
import { exportFilename, packingSheets, supplierSheets, toCsv } from './export-fns.ts';
import { renderXlsx } from './export-xlsx.ts';
import { getBuyTotals, getPackingList, type ReportDeps } from './summary.ts';

export interface ExportFile {
  /** The file name with the buy's title (RFC 5987 encoded by the HTTP layer). */
  filename: string;
  /** An ASCII name for clients that ignore filename*. */
  asciiFilename: string;
  contentType: string;
  body: Buffer;
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** GET /api/buys/{id}/exports/supplier.{xlsx,csv} (the buy's leader, admins). */
export async function exportSupplierSheet(
  deps: ReportDeps,
  actor: Actor,
  input: { buyId: string; format: 'xlsx' | 'csv' },
): Promise<ExportFile> {
  const summary = await getBuyTotals(deps, actor, input.buyId);
  const sheets = supplierSheets(summary, deps.clock.now());
  const ascii = `buy-${input.buyId.slice(0, 8)}-supplier.${input.format}`;
  const filename = exportFilename(summary.buy.title, '供应商订单', input.format);
  if (input.format === 'csv')
    return {
      filename,
      asciiFilename: ascii,
      contentType: 'text/csv; charset=utf-8',
      body: Buffer.from(toCsv(sheets), 'utf8'),
    };
  const body = await renderXlsx(sheets, { title: summary.buy.title });
  return { filename, asciiFilename: ascii, contentType: XLSX, body };
}

/** GET /api/buys/{id}/exports/packing.xlsx (leader, admins: every building; volunteers: their buildings). */
export async function exportPackingSheet(
  deps: ReportDeps,
  actor: Actor,
  input: { buyId: string; buildingId?: string | undefined },
): Promise<ExportFile> {
  const packing = await getPackingList(deps, actor, input);
  const body = await renderXlsx(packingSheets(packing), { title: packing.buy.title });
  return {
    filename: exportFilename(packing.buy.title, '分装单', 'xlsx'),
    asciiFilename: `buy-${input.buyId.slice(0, 8)}-packing.xlsx`,
    contentType: XLSX,
    body,
  };
}
