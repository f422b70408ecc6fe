import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { login } from '../../core/auth/login.ts';
import { logout } from '../../core/auth/logout.ts';
import { getMe, updateMe } from '../../core/auth/me.ts';
import type { IssuedSession } from '../../core/auth/model.ts';
import { normalisePhone } from '../../core/auth/phone.ts';
import { signup } from '../../core/auth/signup.ts';
import { createToken, listTokens, revokeToken } from '../../core/auth/tokens.ts';
import { AppError } from '../../core/shared/app-error.ts';
import type { Container } from '../../container.ts';
import { requireActor, SESSION_COOKIE } from '../auth.ts';
import { presentCreatedToken, presentMembership, presentToken, presentUser } from './auth.presenter.ts';
import {
  createdTokenResponse,
  createTokenBody,
  loginBody,
  meResponse,
  signedInResponse,
  signupBody,
  tokenParams,
  tokensResponse,
  updateMeBody,
} from './auth.schemas.ts';

export interface LoginRateLimit {
  /** Attempts allowed per client IP and phone number within the window. */
  max: number;
  /**
   * Attempts allowed per phone number from all addresses together (default 5 × max): the client IP comes from
   * X-Forwarded-For behind a proxy, so a guesser could otherwise rotate addresses.
   */
  perPhoneMax?: number;
  timeWindowMs: number;
}

export const DEFAULT_LOGIN_RATE_LIMIT: LoginRateLimit = { max: 10, timeWindowMs: 15 * 60 * 1000 };

/** The phone a sign-in attempt names, normalised so "+86 138…" and "138…" count as one. */
function attemptedPhone(request: FastifyRequest): string {
  const body = request.body as { phone?: unknown } | undefined;
  return typeof body?.phone === 'string' ? (normalisePhone(body.phone) ?? body.phone) : '';
}

const tooManyAttempts = (retryAfterMs: number) =>
  new AppError(
    'rate_limited',
    `Too many sign-in attempts; try again in ${Math.max(1, Math.ceil(retryAfterMs / 60_000))} minutes`,
    { code: 'rate_limited', details: { retryAfterMs } },
  );

export interface AuthRoutesOptions {
  container: Container;
  loginRateLimit?: LoginRateLimit;
}

const TAGS = ['accounts'];
const noContent = { 204: z.null().describe('No content') };

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, session: IssuedSession): void {
  reply.setCookie(SESSION_COOKIE, session.secret, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: request.protocol === 'https',
    expires: session.expiresAt,
  });
}

function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: request.protocol === 'https',
  });
}

/** Accounts: sign-up, sign-in and out, the caller's own profile and personal access tokens. */
export async function authRoutes(app: FastifyInstance, opts: AuthRoutesOptions): Promise<void> {
  const deps = opts.container.authDeps;
  const limit = opts.loginRateLimit ?? DEFAULT_LOGIN_RATE_LIMIT;
  // Only the routes that ask for it are limited (global: false); the store is per process, in memory.
  await app.register(rateLimit, { global: false });
  const checkPhoneLimit = app.createRateLimit({
    max: limit.perPhoneMax ?? limit.max * 5,
    timeWindow: limit.timeWindowMs,
    keyGenerator: (request) => `phone|${attemptedPhone(request)}`,
  });
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/api/auth/signup',
    {
      // Signing up replaces whatever session the browser holds, so it needs no CSRF token; cross-site forms
      // cannot send the JSON body it requires.
      config: { skipOrderJournal: true, skipCsrf: true },
      schema: {
        tags: TAGS,
        summary: 'Create an account and sign in',
        body: signupBody,
        response: { 201: signedInResponse },
      },
    },
    async (request, reply) => {
      const { user, session } = await signup(deps, { ...request.body, replacesSessionId: request.sessionId });
      setSessionCookie(request, reply, session);
      return reply.status(201).send({ user: presentUser(user), csrfToken: session.csrfToken });
    },
  );

  r.post(
    '/api/auth/login',
    {
      config: {
        skipOrderJournal: true,
        skipCsrf: true,
        rateLimit: {
          max: limit.max,
          timeWindow: limit.timeWindowMs,
          // After validation, so the key can include the phone: guessing one account's password is slowed
          // without locking out everyone behind the same NAT (a compound's shared Wi-Fi).
          hook: 'preHandler',
          keyGenerator: (request: FastifyRequest) => `${request.ip}|${attemptedPhone(request)}`,
          errorResponseBuilder: (_request, context) => tooManyAttempts(context.ttl),
        },
      },
      preHandler: async (request, reply) => {
        const phoneLimit = await checkPhoneLimit(request);
        if (!phoneLimit.isAllowed && phoneLimit.isExceeded) {
          reply.header('retry-after', phoneLimit.ttlInSeconds);
          throw tooManyAttempts(phoneLimit.ttl);
        }
      },
      schema: {
        tags: TAGS,
        summary: 'Sign in with phone and password (rate-limited)',
        body: loginBody,
        response: { 200: signedInResponse },
      },
    },
    async (request, reply) => {
      const { user, session } = await login(deps, { ...request.body, replacesSessionId: request.sessionId });
      setSessionCookie(request, reply, session);
      return { user: presentUser(user), csrfToken: session.csrfToken };
    },
  );

  r.post(
    '/api/auth/logout',
    {
      config: { skipOrderJournal: true },
      schema: { tags: TAGS, summary: 'Sign out (ends the browser session)', response: noContent },
    },
    async (request, reply) => {
      await logout(deps, request.actor, { sessionId: request.sessionId });
      clearSessionCookie(request, reply);
      return reply.status(204).send(null);
    },
  );

  r.get(
    '/api/me',
    {
      schema: {
        tags: TAGS,
        summary: 'The signed-in user and their compounds',
        response: { 200: meResponse },
      },
      config: { skipOrderJournal: true },
    },
    async (request) => {
      const actor = requireActor(request);
      const { user, memberships } = await getMe(deps, actor);
      return {
        user: presentUser(user),
        csrfToken: request.sessionCsrf,
        memberships: memberships.map(presentMembership),
      };
    },
  );

  r.patch(
    '/api/me',
    {
      config: { skipOrderJournal: true },
      schema: {
        tags: TAGS,
        summary: 'Change your name or language',
        body: updateMeBody,
        response: { 200: z.object({ user: signedInResponse.shape.user }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return { user: presentUser(await updateMe(deps, actor, request.body)) };
    },
  );

  r.get(
    '/api/me/tokens',
    {
      config: { skipOrderJournal: true },
      schema: { tags: TAGS, summary: 'Your personal access tokens', response: { 200: tokensResponse } },
    },
    async (request) => {
      const actor = requireActor(request);
      return { tokens: (await listTokens(deps, actor)).map(presentToken) };
    },
  );

  r.post(
    '/api/me/tokens',
    {
      config: { skipOrderJournal: true },
      schema: {
        tags: TAGS,
        summary: 'Create a personal access token (the secret is shown once)',
        body: createTokenBody,
        response: { 201: createdTokenResponse },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { token, secret } = await createToken(deps, actor, request.body);
      return reply.status(201).send(presentCreatedToken(token, secret));
    },
  );

  r.delete(
    '/api/me/tokens/:tokenId',
    {
      config: { skipOrderJournal: true },
      schema: {
        tags: TAGS,
        summary: 'Revoke a personal access token',
        params: tokenParams,
        response: noContent,
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      await revokeToken(deps, actor, { tokenId: request.params.tokenId });
      return reply.status(204).send(null);
    },
  );
}
