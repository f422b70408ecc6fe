import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Container } from '../../container.ts';
import { readBuyTrust } from '../../core/trust/read-trust.ts';
import { requireActor } from '../auth.ts';
import { presentTrust } from './trust.presenter.ts';
import { buyParams, trustOut } from './trust.schemas.ts';

/** 放心买 (docs/trust.md): what a resident can know of a buy's prices, leader and supplier before joining. */
export async function trustRoutes(root: FastifyInstance, opts: { container: Container }): Promise<void> {
  const deps = opts.container.trustDeps;
  const security: { [name: string]: string[] }[] = [{ bearer: [] }, { session: [] }];
  root.withTypeProvider<ZodTypeProvider>().get(
    '/api/buys/:buyId/trust',
    {
      // Buys, items, reports: nothing the order journal holds back.
      config: { skipOrderJournal: true },
      schema: {
        tags: ['buys'],
        security,
        summary:
          "A buy's prices against what the compound paid for the same goods before, and its leader's and supplier's record here",
        params: buyParams,
        response: { 200: trustOut },
      },
    },
    async (request) => presentTrust(await readBuyTrust(deps, requireActor(request), request.params.buyId)),
  );
}
