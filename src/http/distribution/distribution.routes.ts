import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Container } from '../../container.ts';
import { previewArrival, recordArrival } from '../../core/distribution/arrival.ts';
import { exportDeliveryRecord, getBoard } from '../../core/distribution/board.ts';
import {
  getCoordination,
  getDistributionSettings,
  postDeliveryUpdate,
  saveDeliveryPlan,
  saveDistributionSettings,
} from '../../core/distribution/coordination.ts';
import { requireActor } from '../auth.ts';
import { sendFile } from '../buys/reports.routes.ts';
import {
  presentBoard,
  presentCoordination,
  presentPlan,
  presentPost,
  presentSettings,
} from './distribution.presenter.ts';
import {
  arrivalBody,
  buyParams,
  communityParams,
  planBody,
  postBody,
  settingsBody,
} from './distribution.schemas.ts';

const tags = ['distribution'];
const date = (v: string | null | undefined) => (v ? new Date(v) : null);

/** Coordination, arrival, the board and the delivery record (docs/distribution.md). */
export async function distributionRoutes(
  root: FastifyInstance,
  opts: { container: Container },
): Promise<void> {
  const deps = opts.container.distributionDeps;
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/buys/:buyId/delivery',
    { schema: { tags, summary: 'Delivery plan and posts (leader, admins, volunteers)', params: buyParams } },
    async (request) =>
      presentCoordination(await getCoordination(deps, requireActor(request), request.params.buyId)),
  );

  app.put(
    '/api/buys/:buyId/delivery',
    {
      schema: { tags, summary: 'Set the delivery plan (leader, admins)', params: buyParams, body: planBody },
    },
    async (request) => {
      const b = request.body;
      return presentCoordination(
        await saveDeliveryPlan(deps, requireActor(request), {
          buyId: request.params.buyId,
          windowStart: date(b.windowStart),
          windowEnd: date(b.windowEnd),
          driverName: b.driverName,
          driverPhone: b.driverPhone,
          plate: b.plate,
          passNotes: b.passNotes,
          gate: b.gate,
        }),
      );
    },
  );

  app.post(
    '/api/buys/:buyId/delivery/posts',
    {
      schema: {
        tags,
        summary: '"Truck arriving" / "at the gate" / a note; participants are notified (leader, admins)',
        params: buyParams,
        body: postBody,
      },
    },
    async (request, reply) => {
      const post = await postDeliveryUpdate(deps, requireActor(request), {
        buyId: request.params.buyId,
        ...request.body,
      });
      return reply.code(201).send({ post: presentPost(post) });
    },
  );

  app.post(
    '/api/buys/:buyId/arrival/preview',
    {
      schema: {
        tags,
        summary: 'Preview the shortage allocation of what arrived (leader, admins); changes nothing',
        params: buyParams,
        body: arrivalBody,
      },
    },
    async (request) =>
      presentPlan(
        await previewArrival(deps, requireActor(request), { buyId: request.params.buyId, ...request.body }),
      ),
  );

  app.post(
    '/api/buys/:buyId/arrival',
    {
      schema: {
        tags,
        summary: 'Record the arrival: shortage adjustments, packages with pickup codes, buy → arrived',
        params: buyParams,
        body: arrivalBody,
      },
    },
    async (request) =>
      presentPlan(
        await recordArrival(deps, requireActor(request), { buyId: request.params.buyId, ...request.body }),
      ),
  );

  app.get(
    '/api/buys/:buyId/board',
    {
      schema: {
        tags,
        summary: 'Live board per building (leader, admins; volunteers: theirs)',
        params: buyParams,
      },
    },
    async (request) => presentBoard(await getBoard(deps, requireActor(request), request.params.buyId)),
  );

  app.get(
    '/api/buys/:buyId/exports/deliveries.xlsx',
    { schema: { tags, summary: 'The delivery record (leader, admins)', params: buyParams } },
    async (request, reply) => {
      const file = await exportDeliveryRecord(deps, requireActor(request), request.params.buyId);
      return sendFile(reply, file);
    },
  );

  app.get(
    '/api/communities/:communityId/distribution-settings',
    { schema: { tags, summary: 'Quiet hours and the overdue threshold (members)', params: communityParams } },
    async (request) =>
      presentSettings(await getDistributionSettings(deps, requireActor(request), request.params.communityId)),
  );

  app.put(
    '/api/communities/:communityId/distribution-settings',
    {
      schema: {
        tags,
        summary: 'Set quiet hours and the overdue threshold (admins)',
        params: communityParams,
        body: settingsBody,
      },
    },
    async (request) =>
      presentSettings(
        await saveDistributionSettings(deps, requireActor(request), {
          communityId: request.params.communityId,
          ...request.body,
        }),
      ),
  );
}
