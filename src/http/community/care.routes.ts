import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Container } from '../../container.ts';
import { readCoverage } from '../../core/community/coverage.ts';
import { exportCoverage } from '../../core/community/coverage-export.ts';
import { sendFile } from '../buys/reports.routes.ts';
import { listNeeds, setNeeds } from '../../core/community/needs.ts';
import { recordSupplies, withdrawSupplies } from '../../core/community/supplies.ts';
import { requireActor } from '../auth.ts';
import { communityParams, householdParams } from './community.schemas.ts';
import { presentCoverage, presentListedNeeds, presentNeeds, presentSupply } from './care.presenter.ts';
import {
  coverageExportQuery,
  coverageOut,
  coverageQuery,
  needsBody,
  needsEntryOut,
  needsListOut,
  suppliesBody,
  supplyOut,
  supplyParams,
} from './care.schemas.ts';

/**
 * 物资覆盖 and the register of households that need looking after (docs/coverage.md): admins and building
 * volunteers see who has received nothing lately, and keep the register of those in need.
 */
export async function careRoutes(root: FastifyInstance, opts: { container: Container }): Promise<void> {
  const deps = opts.container.coverageDeps;
  const needsDeps = opts.container.needsDeps;
  const suppliesDeps = opts.container.householdSuppliesDeps;
  const security: { [name: string]: string[] }[] = [{ bearer: [] }, { session: [] }];
  const app = root.withTypeProvider<ZodTypeProvider>();

  // Reads orders: an open buy's held in its journal are expanded first (no skipOrderJournal), so a household
  // that has just joined counts as having goods on their way.
  app.get(
    '/api/communities/:communityId/coverage',
    {
      schema: {
        tags: ['members'],
        security,
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

  app.get(
    '/api/communities/:communityId/exports/coverage.xlsx',
    {
      schema: {
        tags: ['members'],
        security,
        summary:
          "物资覆盖 as a spreadsheet: the left-out households of the caller's buildings, with their needs and whom to call",
        params: communityParams,
        querystring: coverageExportQuery,
      },
    },
    async (request, reply) => {
      const file = await exportCoverage(deps, requireActor(request), {
        communityId: request.params.communityId,
        days: request.query.days,
      });
      return sendFile(reply, file);
    },
  );

  app.get(
    '/api/communities/:communityId/needs',
    {
      // The register, the compound's households and their buildings: nothing the order journal holds back.
      config: { skipOrderJournal: true },
      schema: {
        tags: ['members'],
        security,
        summary:
          'The register of households that need looking after (admin: the compound; volunteer: their buildings)',
        params: communityParams,
        response: { 200: needsListOut },
      },
    },
    async (request) => {
      const list = await listNeeds(needsDeps, requireActor(request), request.params.communityId);
      return { households: list.map(presentListedNeeds) };
    },
  );

  app.put(
    '/api/households/:householdId/needs',
    {
      config: { skipOrderJournal: true },
      schema: {
        tags: ['members'],
        security,
        summary:
          "Set what a household needs (admin; the building's volunteer); no needs and no note take it off the register",
        params: householdParams,
        body: needsBody,
        response: { 200: z.object({ household: needsEntryOut }) },
      },
    },
    async (request) => {
      const entry = await setNeeds(
        needsDeps,
        requireActor(request),
        request.params.householdId,
        request.body,
      );
      return { household: presentNeeds(entry) };
    },
  );

  app.post(
    '/api/households/:householdId/supplies',
    {
      config: { skipOrderJournal: true },
      schema: {
        tags: ['members'],
        security,
        summary:
          "送过物资: goods brought to the household outside any buy, now (admin; the building's volunteer); 物资覆盖 counts it as received",
        params: householdParams,
        body: suppliesBody,
        response: { 201: z.object({ supply: supplyOut }) },
      },
    },
    async (request, reply) => {
      const r = await recordSupplies(
        suppliesDeps,
        requireActor(request),
        request.params.householdId,
        request.body,
      );
      return reply.code(201).send({ supply: presentSupply(r) });
    },
  );

  app.delete(
    '/api/household-supplies/:supplyId',
    {
      config: { skipOrderJournal: true },
      schema: {
        tags: ['members'],
        security,
        summary: '送过物资 taken back (whoever recorded it, or an admin)',
        params: supplyParams,
      },
    },
    async (request, reply) => {
      await withdrawSupplies(suppliesDeps, requireActor(request), request.params.supplyId);
      return reply.status(204).send();
    },
  );
}
