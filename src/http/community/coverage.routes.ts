import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Container } from '../../container.ts';
import { readCoverage } from '../../core/community/coverage.ts';
import { requireActor } from '../auth.ts';
import { communityParams } from './community.schemas.ts';
import { presentCoverage } from './coverage.presenter.ts';
import { coverageOut, coverageQuery } from './coverage.schemas.ts';

/** 物资覆盖 (docs/coverage.md): admins and building volunteers see who has received nothing lately. */
export async function coverageRoutes(root: FastifyInstance, opts: { container: Container }): Promise<void> {
  const deps = opts.container.coverageDeps;
  const app = root.withTypeProvider<ZodTypeProvider>();

  // Reads orders: an open buy's held in its journal are expanded first (no skipOrderJournal), so a household
  // that has just joined counts as having goods on their way.
  app.get(
    '/api/communities/:communityId/coverage',
    {
      schema: {
        tags: ['members'],
        security: [{ bearer: [] }, { session: [] }],
        summary:
          "Households that have received nothing in the last `days` days and have no goods on their way, counted per building (admin: the compound; volunteer: their buildings); with `buildingId`, that building's list",
        params: communityParams,
        querystring: coverageQuery,
        response: { 200: coverageOut },
      },
    },
    async (request) => {
      const r = await readCoverage(deps, requireActor(request), {
        communityId: request.params.communityId,
        days: request.query.days,
        buildingId: request.query.buildingId ?? null,
      });
      return presentCoverage(r);
    },
  );
}
