import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Container } from '../../container.ts';
import {
  exportPoolManifest,
  joinPool,
  openPool,
  previewPool,
  readPoolOfBuy,
} from '../../core/pools/pools.ts';
import { requireActor } from '../auth.ts';
import { buyParams } from '../buys/buys.schemas.ts';
import { sendFile } from '../buys/reports.routes.ts';
import { presentPool, presentPreview } from './pools.presenter.ts';
import {
  joinedOut,
  joinPoolBody,
  openPoolBody,
  poolCodeParams,
  poolOfBuyOut,
  poolPreviewOut,
} from './pools.schemas.ts';

/** 联合团购 (docs/pools.md): compounds that order together to reach a supplier's minimum. */
export async function poolsRoutes(root: FastifyInstance, opts: { container: Container }): Promise<void> {
  const deps = opts.container.poolsDeps;
  const security: { [name: string]: string[] }[] = [{ bearer: [] }, { session: [] }];
  // The pools read buys and their counters, never orders: no order journal to wait for.
  const config = { skipOrderJournal: true };
  const tags = ['buys'];
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/buys/:buyId/pool',
    {
      config,
      schema: {
        tags,
        security,
        summary:
          'The joint buy (联合团购) this buy is part of, or null: compounds, gates and totals toward the minimum',
        params: buyParams,
        response: { 200: poolOfBuyOut },
      },
    },
    async (request) => {
      const pool = await readPoolOfBuy(deps, requireActor(request), request.params.buyId);
      return { pool: pool && presentPool(pool) };
    },
  );

  app.post(
    '/api/buys/:buyId/pool',
    {
      config,
      schema: {
        tags,
        security,
        summary: 'Open a joint buy from this buy (its leader, admins): other compounds join with the code',
        params: buyParams,
        body: openPoolBody,
        response: { 201: poolOfBuyOut },
      },
    },
    async (request, reply) => {
      const pool = await openPool(deps, requireActor(request), request.params.buyId, request.body);
      return reply.code(201).send({ pool: presentPool(pool) });
    },
  );

  app.get(
    '/api/pools/:code',
    {
      config,
      schema: {
        tags,
        security,
        summary: "A joint buy by its code: what another compound's leader needs to decide to join",
        params: poolCodeParams,
        response: { 200: poolPreviewOut },
      },
    },
    async (request) => presentPreview(await previewPool(deps, requireActor(request), request.params.code)),
  );

  app.post(
    '/api/pools/:code/members',
    {
      config,
      schema: {
        tags,
        security,
        summary: "Join a compound to a joint buy (its leaders, admins): a draft buy of the compound's own",
        params: poolCodeParams,
        body: joinPoolBody,
        response: { 201: joinedOut },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await joinPool(deps, requireActor(request), request.params.code, request.body)),
  );

  app.get(
    '/api/buys/:buyId/pool/manifest.xlsx',
    {
      config,
      schema: {
        tags,
        security,
        summary:
          "The supplier's sheet of a joint buy: the goods by gate, and a sheet per gate (its leader, admins)",
        params: buyParams,
      },
    },
    async (request, reply) =>
      sendFile(reply, await exportPoolManifest(deps, requireActor(request), request.params.buyId)),
  );
}
