import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Container } from '../../container.ts';
import { listMembers, listProxies, registerProxy, setRoles } from '../../core/community/members.ts';
import { requireActor } from '../auth.ts';
import { presentMember, presentProxy } from './community.presenter.ts';
import {
  communityParams,
  memberOut,
  memberParams,
  proxyBody,
  proxyOut,
  rolesBody,
} from './community.schemas.ts';

const tags = ['members'];
const security: { [name: string]: string[] }[] = [{ bearer: [] }, { session: [] }];

/** Members and roles, and proxy households. All of it carries names and phones: admins and volunteers only. */
export async function membersRoutes(root: FastifyInstance, opts: { container: Container }): Promise<void> {
  const deps = opts.container.communityDeps;
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get(
    '/api/communities/:communityId/members',
    {
      schema: {
        tags,
        security,
        summary: 'Members with contact details (admin: all; volunteer: residents of their buildings)',
        params: communityParams,
        response: { 200: z.object({ members: z.array(memberOut) }) },
      },
    },
    async (request) => {
      const list = await listMembers(deps, requireActor(request), request.params.communityId);
      return { members: list.map(presentMember) };
    },
  );

  app.put(
    '/api/members/:memberId/roles',
    {
      config: { skipOrderJournal: true },
      schema: {
        tags,
        security,
        summary: "Set a member's roles (admin); the last admin cannot drop admin",
        params: memberParams,
        body: rolesBody,
        response: { 200: z.object({ member: memberOut }) },
      },
    },
    async (request) => {
      const member = await setRoles(deps, requireActor(request), request.params.memberId, request.body);
      return { member: presentMember(member) };
    },
  );

  app.post(
    '/api/communities/:communityId/proxies',
    {
      schema: {
        tags,
        security,
        summary:
          "Register a proxy household for a neighbour without a smartphone (admin; the building's volunteer)",
        params: communityParams,
        body: proxyBody,
        response: { 200: z.object({ proxy: proxyOut }), 201: z.object({ proxy: proxyOut }) },
      },
    },
    async (request, reply) => {
      const r = await registerProxy(deps, requireActor(request), request.params.communityId, request.body);
      return reply.status(r.created ? 201 : 200).send({ proxy: presentProxy(r.household) });
    },
  );

  app.get(
    '/api/communities/:communityId/proxies',
    {
      schema: {
        tags,
        security,
        summary: 'Proxy households with contact details (admin: all; volunteer: their buildings)',
        params: communityParams,
        response: { 200: z.object({ proxies: z.array(proxyOut) }) },
      },
    },
    async (request) => {
      const list = await listProxies(deps, requireActor(request), request.params.communityId);
      return { proxies: list.map(presentProxy) };
    },
  );
}
