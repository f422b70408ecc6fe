import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Container } from '../../container.ts';
import { AppError } from '../../core/shared/app-error.ts';
import {
  confirmReceipt,
  deliverPackage,
  getMyPackage,
  getSortingList,
  undoDelivery,
} from '../../core/distribution/packages.ts';
import {
  attachReportPhoto,
  listReports,
  readReportPhoto,
  reportProblem,
  resolveReport,
} from '../../core/distribution/reports.ts';
import { requireActor } from '../auth.ts';
import { imageUploadRoute, sendStoredFile } from '../images.ts';
import {
  presentLabels,
  presentMine,
  presentPackage,
  presentReport,
  presentSorting,
} from './distribution.presenter.ts';
import {
  buildingQuery,
  buyParams,
  deliverBody,
  householdParams,
  packageParams,
  reportBody,
  reportParams,
  resolveBody,
} from './distribution.schemas.ts';

const tags = ['distribution'];

/** Packages, deliveries, receipts and delivery reports (docs/distribution.md). */
export async function packagesRoutes(root: FastifyInstance, opts: { container: Container }): Promise<void> {
  const deps = opts.container.distributionDeps;
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/buys/:buyId/packages',
    {
      schema: {
        tags,
        summary:
          'Sorting lists with pickup codes and status (leader, admins: all; volunteers: their buildings)',
        params: buyParams,
        querystring: buildingQuery,
      },
    },
    async (request) =>
      presentSorting(
        await getSortingList(deps, requireActor(request), {
          buyId: request.params.buyId,
          buildingId: request.query.buildingId,
        }),
      ),
  );

  app.get(
    '/api/buys/:buyId/labels',
    {
      schema: {
        tags,
        summary: 'Printable labels: the sorting list with a QR code per package (same access as packages)',
        params: buyParams,
        querystring: buildingQuery,
      },
    },
    async (request) =>
      presentLabels(
        await getSortingList(deps, requireActor(request), {
          buyId: request.params.buyId,
          buildingId: request.query.buildingId,
        }),
        deps.publicUrl,
      ),
  );

  app.post(
    '/api/buys/:buyId/packages/deliver',
    {
      schema: {
        tags,
        summary:
          'Mark a package delivered to the door or picked up, by its code (volunteers of its building, leader, admins)',
        params: buyParams,
        body: deliverBody,
      },
    },
    async (request) => ({
      package: presentPackage(
        await deliverPackage(deps, requireActor(request), { buyId: request.params.buyId, ...request.body }),
      ),
    }),
  );

  app.post(
    '/api/buys/:buyId/packages/:packageId/undo',
    {
      schema: {
        tags,
        summary:
          'Take back a delivery mark: the package waits again (same people as marking it; not once the household confirmed)',
        params: packageParams,
      },
    },
    async (request) => ({
      package: presentPackage(await undoDelivery(deps, requireActor(request), request.params)),
    }),
  );

  app.get(
    '/api/buys/:buyId/packages/mine',
    {
      schema: {
        tags,
        summary: 'My household’s package, adjusted quantities and refund due',
        params: buyParams,
      },
    },
    async (request) =>
      presentMine(await getMyPackage(deps, requireActor(request), request.params.buyId), deps.publicUrl),
  );

  app.post(
    '/api/buys/:buyId/packages/mine/confirm',
    { schema: { tags, summary: 'Confirm my household received its package', params: buyParams } },
    async (request) =>
      presentMine(await confirmReceipt(deps, requireActor(request), request.params.buyId), deps.publicUrl),
  );

  app.post(
    '/api/buys/:buyId/packages/mine/reports',
    {
      schema: {
        tags,
        summary: 'Report items missing or damaged (the household)',
        params: buyParams,
        body: reportBody,
      },
    },
    async (request, reply) => {
      const report = await reportProblem(deps, requireActor(request), {
        buyId: request.params.buyId,
        ...request.body,
      });
      return reply.code(201).send({ report: presentReport(report) });
    },
  );

  // 代签收: a proxy household's package, for those who receive for it (its building's volunteers, the leader,
  // admins): the same answers as …/mine.
  app.get(
    '/api/buys/:buyId/packages/households/:householdId',
    {
      schema: {
        tags,
        summary:
          'A proxy household’s package (its building’s volunteers, the leader, admins): as …/packages/mine',
        params: householdParams,
      },
    },
    async (request) =>
      presentMine(
        await getMyPackage(deps, requireActor(request), request.params.buyId, request.params.householdId),
        deps.publicUrl,
      ),
  );

  app.post(
    '/api/buys/:buyId/packages/households/:householdId/confirm',
    {
      schema: {
        tags,
        summary: 'Confirm a proxy household received its package, once marked delivered (代签收; audited)',
        params: householdParams,
      },
    },
    async (request) =>
      presentMine(
        await confirmReceipt(deps, requireActor(request), request.params.buyId, request.params.householdId),
        deps.publicUrl,
      ),
  );

  app.post(
    '/api/buys/:buyId/packages/households/:householdId/reports',
    {
      schema: {
        tags,
        summary: 'Report items missing or damaged for a proxy household (as …/packages/mine/reports)',
        params: householdParams,
        body: reportBody,
      },
    },
    async (request, reply) => {
      const report = await reportProblem(deps, requireActor(request), { ...request.params, ...request.body });
      return reply.code(201).send({ report: presentReport(report) });
    },
  );

  app.get(
    '/api/buys/:buyId/reports',
    {
      schema: {
        tags,
        summary: 'Delivery reports (leader, admins; volunteers: their buildings)',
        params: buyParams,
      },
    },
    async (request) => ({
      reports: (await listReports(deps, requireActor(request), request.params.buyId)).map(presentReport),
    }),
  );

  app.put(
    '/api/delivery-reports/:reportId/photo',
    {
      ...imageUploadRoute,
      schema: {
        tags,
        summary: 'Attach a photo (the body is the PNG/JPEG/WebP image, ≤ 5 MB) to my household’s report',
        params: reportParams,
        body: z.unknown(),
      },
    },
    async (request) => {
      if (!Buffer.isBuffer(request.body))
        throw new AppError(
          'bad_request',
          'Send the image itself as the body (Content-Type image/png, image/jpeg or image/webp)',
          {
            code: 'image_required',
          },
        );
      return {
        report: presentReport(
          await attachReportPhoto(deps, requireActor(request), {
            reportId: request.params.reportId,
            bytes: request.body,
          }),
        ),
      };
    },
  );

  app.get(
    '/api/delivery-reports/:reportId/photo',
    {
      schema: {
        tags,
        summary: 'The report’s photo (the household, the leader, admins, that building’s volunteers)',
        params: reportParams,
      },
    },
    async (request, reply) =>
      sendStoredFile(reply, await readReportPhoto(deps, requireActor(request), request.params.reportId)),
  );

  app.post(
    '/api/delivery-reports/:reportId/resolve',
    {
      schema: {
        tags,
        summary:
          'Resolve a report: redelivered, refunded (order adjustments), rejected with a reason (leader, admins)',
        params: reportParams,
        body: resolveBody,
      },
    },
    async (request) => ({
      report: presentReport(
        await resolveReport(deps, requireActor(request), {
          reportId: request.params.reportId,
          ...request.body,
        }),
      ),
    }),
  );
}
