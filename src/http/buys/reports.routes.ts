import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Container } from '../../container.ts';
import { exportPackingSheet, exportSupplierSheet, type ExportFile } from '../../core/buys/export.ts';
import { getBuySummary, getPackingList } from '../../core/buys/summary.ts';
import { requireActor } from '../auth.ts';
import { presentPacking, presentSummary } from './reports.presenter.ts';
import { packingQuery, reportParams, summaryQuery } from './reports.schemas.ts';

const tags = ['buys'];

/** RFC 5987 ext-value: percent-encode everything outside attr-char (encodeURIComponent leaves ' ( ) *). */
export function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** An attachment with an ASCII fallback name and the real (Chinese) name as filename*. */
export function contentDisposition(file: Pick<ExportFile, 'filename' | 'asciiFilename'>): string {
  const ascii = file.asciiFilename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${rfc5987(file.filename)}`;
}

/** A download: its type, its name, never cached or sniffed (the exports hold private data). */
export function sendFile(reply: FastifyReply, file: ExportFile) {
  return reply
    .type(file.contentType)
    .header('content-disposition', contentDisposition(file))
    .header('cache-control', 'private, no-store')
    .header('x-content-type-options', 'nosniff')
    .send(file.body);
}

/** The leader's management data and downloads (docs/buys.md "For the leader"). */
export async function buyReportsRoutes(root: FastifyInstance, opts: { container: Container }): Promise<void> {
  const deps = opts.container.buyReportDeps;
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/buys/:buyId/summary',
    {
      schema: {
        tags,
        summary: 'Totals per item, building and household (the buy’s leader, admins)',
        params: reportParams,
        querystring: summaryQuery,
      },
    },
    async (request) =>
      presentSummary(await getBuySummary(deps, requireActor(request), request.params.buyId, request.query)),
  );

  app.get(
    '/api/buys/:buyId/packing',
    {
      schema: {
        tags,
        summary: 'Packing lists per building (leader, admins: all; volunteers: their buildings)',
        params: reportParams,
        querystring: packingQuery,
      },
    },
    async (request) =>
      presentPacking(
        await getPackingList(deps, requireActor(request), {
          buyId: request.params.buyId,
          buildingId: request.query.buildingId,
        }),
      ),
  );

  for (const format of ['xlsx', 'csv'] as const) {
    app.get(
      `/api/buys/:buyId/exports/supplier.${format}`,
      {
        schema: {
          tags,
          summary: `Supplier order sheet as ${format.toUpperCase()} (the buy’s leader, admins)`,
          params: reportParams,
        },
      },
      async (request, reply) =>
        sendFile(
          reply,
          await exportSupplierSheet(deps, requireActor(request), { buyId: request.params.buyId, format }),
        ),
    );
  }

  app.get(
    '/api/buys/:buyId/exports/packing.xlsx',
    {
      schema: {
        tags,
        summary: 'Packing lists, one sheet per building (leader, admins: all; volunteers: their buildings)',
        params: reportParams,
        querystring: packingQuery,
      },
    },
    async (request, reply) =>
      sendFile(
        reply,
        await exportPackingSheet(deps, requireActor(request), {
          buyId: request.params.buyId,
          buildingId: request.query.buildingId,
        }),
      ),
  );
}
