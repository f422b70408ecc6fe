import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import QRCode from 'qrcode';
import { z } from 'zod';
import type { Container } from '../../container.ts';
import { claimHousehold, decideClaim, listClaims } from '../../core/community/claims.ts';
import {
  acceptInvite,
  createInvite,
  getInvite,
  inviteUrl,
  listInvites,
  previewInvite,
  revokeInvite,
} from '../../core/community/invites.ts';
import { requireActor } from '../auth.ts';
import {
  presentClaimForReviewer,
  presentInvite,
  presentMembership,
  presentOwnClaim,
} from './community.presenter.ts';
import {
  claimOut,
  claimParams,
  claimsQuery,
  codeParams,
  communityParams,
  createClaimBody,
  createInviteBody,
  inviteOut,
  inviteParams,
  membershipOut,
  rejectBody,
} from './community.schemas.ts';

const tags = ['joining'];
const security: { [name: string]: string[] }[] = [{ bearer: [] }, { session: [] }];

/** Invites (links, QR codes), joining through them, and household claims. */
export async function joiningRoutes(root: FastifyInstance, opts: { container: Container }): Promise<void> {
  const deps = opts.container.communityDeps;
  const app = root.withTypeProvider<ZodTypeProvider>();
  const present = (i: Parameters<typeof presentInvite>[0]) =>
    presentInvite(i, deps.publicUrl, deps.clock.now());

  app.post(
    '/api/communities/:communityId/invites',
    {
      schema: {
        tags,
        security,
        summary: 'Create an invite link (admin)',
        params: communityParams,
        body: createInviteBody,
        response: { 201: z.object({ invite: inviteOut }) },
      },
    },
    async (request, reply) => {
      const invite = await createInvite(
        deps,
        requireActor(request),
        request.params.communityId,
        request.body ?? {},
      );
      return reply.status(201).send({ invite: present(invite) });
    },
  );

  app.get(
    '/api/communities/:communityId/invites',
    {
      schema: {
        tags,
        security,
        summary: "The compound's invites, newest first (admin)",
        params: communityParams,
        response: { 200: z.object({ invites: z.array(inviteOut) }) },
      },
    },
    async (request) => {
      const list = await listInvites(deps, requireActor(request), request.params.communityId);
      return { invites: list.map(present) };
    },
  );

  app.delete(
    '/api/invites/:inviteId',
    {
      config: { skipOrderJournal: true },
      schema: { tags, security, summary: 'Revoke an invite (admin)', params: inviteParams },
    },
    async (request, reply) => {
      await revokeInvite(deps, requireActor(request), request.params.inviteId);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/invites/:inviteId/qr.png',
    {
      config: { skipOrderJournal: true },
      schema: { tags, security, summary: 'The invite link as a PNG QR code (admin)', params: inviteParams },
    },
    async (request, reply) => {
      const invite = await getInvite(deps, requireActor(request), request.params.inviteId);
      const png = await QRCode.toBuffer(inviteUrl(deps.publicUrl, invite.code), {
        type: 'png',
        margin: 2,
        width: 512,
      });
      return reply.type('image/png').header('cache-control', 'private, max-age=300').send(png);
    },
  );

  app.get(
    '/api/invites/:inviteId/qr.svg',
    {
      config: { skipOrderJournal: true },
      schema: { tags, security, summary: 'The invite link as an SVG QR code (admin)', params: inviteParams },
    },
    async (request, reply) => {
      const invite = await getInvite(deps, requireActor(request), request.params.inviteId);
      const svg = await QRCode.toString(inviteUrl(deps.publicUrl, invite.code), { type: 'svg', margin: 2 });
      return reply.type('image/svg+xml').header('cache-control', 'private, max-age=300').send(svg);
    },
  );

  app.get(
    '/api/invite-codes/:code',
    {
      config: { skipOrderJournal: true },
      schema: {
        tags,
        summary: 'Preview an invite before signing up (anyone)',
        params: codeParams,
        response: {
          200: z.object({
            communityId: z.string(),
            communityName: z.string(),
            valid: z.boolean(),
            status: z.enum(['valid', 'expired', 'revoked', 'used_up']),
          }),
        },
      },
    },
    async (request) => {
      const p = await previewInvite(deps, request.params.code);
      return { ...p, valid: p.status === 'valid' };
    },
  );

  app.post(
    '/api/invite-codes/:code/accept',
    {
      config: { skipOrderJournal: true },
      schema: {
        tags,
        security,
        summary: 'Join the compound (signed in; idempotent)',
        params: codeParams,
        response: { 200: z.object({ membership: membershipOut, joined: z.boolean() }) },
      },
    },
    async (request) => {
      const r = await acceptInvite(deps, requireActor(request), request.params.code);
      return { membership: presentMembership(r.membership), joined: r.joined };
    },
  );

  app.post(
    '/api/communities/:communityId/claims',
    {
      schema: {
        tags,
        security,
        summary: 'Claim your household (member); pending until verified',
        params: communityParams,
        body: createClaimBody,
        response: { 201: z.object({ claim: claimOut }) },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const claim = await claimHousehold(deps, actor, request.params.communityId, request.body.householdId);
      return reply.status(201).send({ claim: presentOwnClaim(claim) });
    },
  );

  app.get(
    '/api/communities/:communityId/claims',
    {
      schema: {
        tags,
        security,
        summary: "Claims with the claimant's name and phone (admin; volunteer: their buildings)",
        params: communityParams,
        querystring: claimsQuery,
        response: { 200: z.object({ claims: z.array(claimOut) }) },
      },
    },
    async (request) => {
      const list = await listClaims(
        deps,
        requireActor(request),
        request.params.communityId,
        request.query.status,
      );
      return { claims: list.map(presentClaimForReviewer) };
    },
  );

  app.post(
    '/api/claims/:claimId/verify',
    {
      config: { skipOrderJournal: true },
      schema: {
        tags,
        security,
        summary: "Verify a pending claim (admin; the building's volunteer)",
        params: claimParams,
        response: { 200: z.object({ claim: claimOut }) },
      },
    },
    async (request) => {
      const claim = await decideClaim(deps, requireActor(request), request.params.claimId, {
        status: 'verified',
      });
      return { claim: presentClaimForReviewer(claim) };
    },
  );

  app.post(
    '/api/claims/:claimId/reject',
    {
      config: { skipOrderJournal: true },
      schema: {
        tags,
        security,
        summary: "Reject a pending claim with a reason (admin; the building's volunteer)",
        params: claimParams,
        body: rejectBody,
        response: { 200: z.object({ claim: claimOut }) },
      },
    },
    async (request) => {
      const claim = await decideClaim(deps, requireActor(request), request.params.claimId, {
        status: 'rejected',
        reason: request.body?.reason ?? null,
      });
      return { claim: presentClaimForReviewer(claim) };
    },
  );
}
