import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Container } from '../../container.ts';
import { addSupplier, listSuppliers, updateSupplier } from '../../core/trust/suppliers.ts';
import { requireActor } from '../auth.ts';
import { communityParams } from '../community/community.schemas.ts';
import { presentListedSupplier, presentSupplier } from './suppliers.presenter.ts';
import {
  newSupplierBody,
  supplierOut,
  supplierParams,
  supplierPatchBody,
  suppliersOut,
} from './suppliers.schemas.ts';

/** The compound's register of suppliers (docs/trust.md): members read it, leaders add, admins verify. */
export async function suppliersRoutes(root: FastifyInstance, opts: { container: Container }): Promise<void> {
  const deps = opts.container.suppliersDeps;
  const security: { [name: string]: string[] }[] = [{ bearer: [] }, { session: [] }];
  const config = { skipOrderJournal: true };
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/communities/:communityId/suppliers',
    {
      config,
      schema: {
        tags: ['buys'],
        security,
        summary:
          "The compound's suppliers, verified ones first: licence, 保供 status, whether an admin checked them",
        params: communityParams,
        response: { 200: suppliersOut },
      },
    },
    async (request) => ({
      suppliers: (await listSuppliers(deps, requireActor(request), request.params.communityId)).map(
        presentListedSupplier,
      ),
    }),
  );

  app.post(
    '/api/communities/:communityId/suppliers',
    {
      config,
      schema: {
        tags: ['buys'],
        security,
        summary: 'Add a supplier to the register (leaders, admins); unverified until an admin checks it',
        params: communityParams,
        body: newSupplierBody,
        response: { 201: supplierOut },
      },
    },
    async (request, reply) => {
      const s = await addSupplier(deps, requireActor(request), request.params.communityId, request.body);
      return reply.code(201).send(presentSupplier(s));
    },
  );

  app.patch(
    '/api/suppliers/:supplierId',
    {
      config,
      schema: {
        tags: ['buys'],
        security,
        summary:
          'Change a supplier (admins; the leader who added it, until verified); `verified` (admins) says the committee checked it',
        params: supplierParams,
        body: supplierPatchBody,
        response: { 200: supplierOut },
      },
    },
    async (request) =>
      presentSupplier(
        await updateSupplier(deps, requireActor(request), request.params.supplierId, request.body),
      ),
  );
}
