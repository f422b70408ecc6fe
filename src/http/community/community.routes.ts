import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Container } from '../../container.ts';
import {
  deleteBuilding,
  generateBuildings,
  importHouseholds,
  listBuildings,
  renameBuilding,
} from '../../core/community/buildings.ts';
import { createCommunity, getCommunity, updateCommunity } from '../../core/community/compounds.ts';
import {
  createHousehold,
  deleteHousehold,
  listHouseholds,
  updateHousehold,
} from '../../core/community/households.ts';
import { requireActor } from '../auth.ts';
import {
  presentBuilding,
  presentCommunity,
  presentCompoundMembership,
  presentHousehold,
  presentMembership,
} from './community.presenter.ts';
import {
  buildingOut,
  buildingParams,
  communityOut,
  communityParams,
  createCommunityBody,
  createHouseholdBody,
  generateBody,
  householdOut,
  householdParams,
  householdsQuery,
  importBody,
  compoundMembershipOut,
  membershipOut,
  renameBuildingBody,
  updateCommunityBody,
  updateHouseholdBody,
} from './community.schemas.ts';
import { joiningRoutes } from './joining.routes.ts';
import { membersRoutes } from './members.routes.ts';

const tags = ['community'];
const security: { [name: string]: string[] }[] = [{ bearer: [] }, { session: [] }];

/** Compounds, buildings and households (docs/api.md), plus joining and members. */
export async function communityRoutes(root: FastifyInstance, opts: { container: Container }): Promise<void> {
  const deps = opts.container.communityDeps;
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.post(
    '/api/communities',
    {
      config: { skipOrderJournal: true },
      schema: {
        tags,
        security,
        summary: 'Create a compound; you become its admin',
        body: createCommunityBody,
        response: { 201: z.object({ community: communityOut, me: membershipOut }) },
      },
    },
    async (request, reply) => {
      const { community, me } = await createCommunity(deps, requireActor(request), request.body);
      return reply.status(201).send({ community: presentCommunity(community), me: presentMembership(me) });
    },
  );

  app.get(
    '/api/communities/:communityId',
    {
      schema: {
        tags,
        security,
        summary: 'A compound with its numbers and your membership (members)',
        params: communityParams,
        response: { 200: z.object({ community: communityOut, me: compoundMembershipOut }) },
      },
      config: { skipOrderJournal: true },
    },
    async (request) => {
      const r = await getCommunity(deps, requireActor(request), request.params.communityId);
      return {
        community: presentCommunity(r.community, r.stats),
        me: presentCompoundMembership(r.me, r.rejectedClaim),
      };
    },
  );

  app.patch(
    '/api/communities/:communityId',
    {
      schema: {
        tags,
        security,
        summary: 'Rename a compound or change its address (admin)',
        params: communityParams,
        body: updateCommunityBody,
        response: { 200: z.object({ community: communityOut }) },
      },
    },
    async (request) => {
      const c = await updateCommunity(deps, requireActor(request), request.params.communityId, request.body);
      return { community: presentCommunity(c) };
    },
  );

  const counts = z.object({
    buildingsCreated: z.number(),
    householdsCreated: z.number(),
    householdsSkipped: z.number(),
  });
  app.post(
    '/api/communities/:communityId/buildings/generate',
    {
      schema: {
        tags,
        security,
        summary: 'Generate buildings and rooms from a pattern (admin); existing labels are kept',
        params: communityParams,
        body: generateBody,
        response: { 201: counts },
      },
    },
    async (request, reply) => {
      const r = await generateBuildings(
        deps,
        requireActor(request),
        request.params.communityId,
        request.body,
      );
      return reply.status(201).send(r);
    },
  );

  app.post(
    '/api/communities/:communityId/households/import',
    {
      schema: {
        tags,
        security,
        summary: 'Import households from CSV "building,room" (admin, at most 200 KB)',
        params: communityParams,
        body: importBody,
        response: {
          200: z.object({
            created: z.number(),
            skipped: z.number(),
            buildingsCreated: z.number(),
            errors: z.array(z.object({ line: z.number(), message: z.string() })),
          }),
        },
      },
    },
    async (request) =>
      importHouseholds(deps, requireActor(request), request.params.communityId, request.body.csv),
  );

  app.get(
    '/api/communities/:communityId/buildings',
    {
      schema: {
        tags,
        security,
        summary: 'Buildings with household counts (members)',
        params: communityParams,
        response: { 200: z.object({ buildings: z.array(buildingOut) }) },
      },
    },
    async (request) => {
      const list = await listBuildings(deps, requireActor(request), request.params.communityId);
      return { buildings: list.map(presentBuilding) };
    },
  );

  app.patch(
    '/api/buildings/:buildingId',
    {
      schema: {
        tags,
        security,
        summary: 'Rename a building; its household labels follow (admin)',
        params: buildingParams,
        body: renameBuildingBody,
        response: { 200: z.object({ building: z.object({ id: z.string(), name: z.string() }) }) },
      },
    },
    async (request) => {
      const b = await renameBuilding(
        deps,
        requireActor(request),
        request.params.buildingId,
        request.body.name,
      );
      return { building: { id: b.id, name: b.name } };
    },
  );

  app.delete(
    '/api/buildings/:buildingId',
    {
      schema: {
        tags,
        security,
        summary: 'Delete a building and its empty rooms (admin; 409 when anyone lives there)',
        params: buildingParams,
      },
    },
    async (request, reply) => {
      await deleteBuilding(deps, requireActor(request), request.params.buildingId);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/communities/:communityId/households',
    {
      schema: {
        tags,
        security,
        summary: 'Households by label (members); ?buildingId= for one building',
        params: communityParams,
        querystring: householdsQuery,
        response: { 200: z.object({ households: z.array(householdOut) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const list = await listHouseholds(deps, actor, request.params.communityId, request.query.buildingId);
      return { households: list.map(presentHousehold) };
    },
  );

  app.post(
    '/api/communities/:communityId/households',
    {
      schema: {
        tags,
        security,
        summary: 'Add one household (admin)',
        params: communityParams,
        body: createHouseholdBody,
        response: { 201: z.object({ household: householdOut }) },
      },
    },
    async (request, reply) => {
      const h = await createHousehold(deps, requireActor(request), request.params.communityId, request.body);
      return reply.status(201).send({ household: presentHousehold(h) });
    },
  );

  app.patch(
    '/api/households/:householdId',
    {
      schema: {
        tags,
        security,
        summary: "Change a household's room number (admin)",
        params: householdParams,
        body: updateHouseholdBody,
        response: { 200: z.object({ household: householdOut }) },
      },
    },
    async (request) => {
      const h = await updateHousehold(deps, requireActor(request), request.params.householdId, request.body);
      return { household: presentHousehold(h) };
    },
  );

  app.delete(
    '/api/households/:householdId',
    {
      schema: {
        tags,
        security,
        summary: 'Delete a household (admin; 409 when it has residents or a proxy registration)',
        params: householdParams,
      },
    },
    async (request, reply) => {
      await deleteHousehold(deps, requireActor(request), request.params.householdId);
      return reply.status(204).send();
    },
  );

  await app.register(joiningRoutes, opts);
  await app.register(membersRoutes, opts);
}
