import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type ErrorKind } from '../core/shared/app-error.ts';
import { isDatabaseUnavailable } from '../db/unavailable.ts';
import { JournalStuckError } from '../core/buys/ports.ts';
import { logStuck } from './order-journal-gate.ts';

const STATUS: Record<ErrorKind, number> = {
  bad_request: 400,
  invalid: 422,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  rate_limited: 429,
  unavailable: 503,
};

export interface ErrorBody {
  error: { code: string; message: string; details: unknown };
}

function body(code: string, message: string, details: unknown = null): ErrorBody {
  return { error: { code, message, details } };
}

/** Maps Fastify's own 4xx errors (parser, limits) to the contract's shape and codes. */
function fromFastify(err: FastifyError): { status: number; body: ErrorBody } | null {
  const status = err.statusCode ?? 500;
  if (status >= 500) return null;
  switch (err.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        status: 413,
        body: body('payload_too_large', 'The request body is larger than the server accepts'),
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        status: 415,
        body: body(
          'unsupported_media_type',
          'Send the body as application/json (or, where a route takes an image, as image/png, image/jpeg or image/webp)',
        ),
      };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, body: body('empty_body', 'The request body is empty; send a JSON object') };
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return { status: 400, body: body('bad_request', 'Content-Length does not match the body') };
    default:
      if (err instanceof SyntaxError || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY')
        return { status: 400, body: body('malformed_json', 'The request body is not valid JSON') };
      if (status === 429) return { status, body: body('rate_limited', err.message) };
      return { status, body: body('bad_request', err.message) };
  }
}

/**
 * Fastify's `frameworkErrors`: the errors its router raises before a route is found, answered in the contract's
 * shape too (Fastify's own body is `{"error": "Bad Request", "code": "FST_…"}`). A path segment that cannot be
 * decoded (`%ZZ`), and one longer than the router takes (every id here is a UUID, 36 characters).
 */
export function frameworkErrors(err: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  if (err.code === 'FST_ERR_MAX_PARAM_LENGTH')
    void reply.status(414).send(body('uri_too_long', 'A part of the URL is longer than the server accepts'));
  else if (err.code === 'FST_ERR_BAD_URL')
    void reply.status(400).send(body('bad_url', 'A part of the URL is not validly encoded'));
  else void reply.status(400).send(body('bad_request', err.message));
}

/** One place that turns every thrown error into the contract's `{"error": {...}}` body. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof AppError) {
      if (err instanceof JournalStuckError) logStuck(request.log, err);
      if (err.kind === 'unavailable') reply.header('retry-after', '2');
      return reply.status(STATUS[err.kind]).send(body(err.code, err.message, err.details));
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const issues = err.validation.map((v) => ({
        path: `${err.validationContext ?? ''}${v.instancePath}`,
        message: v.message,
      }));
      const first = issues[0];
      const message = first ? `Invalid ${first.path || 'input'}: ${first.message}` : 'Invalid input';
      return reply.status(400).send(body('validation_failed', message, { issues }));
    }
    const mapped = fromFastify(err);
    if (mapped) return reply.status(mapped.status).send(mapped.body);
    // The database restarting or out of reach: "try again in a moment" (a load balancer and the phone retry),
    // not a 500. Nothing was written: a statement that failed to reach the database committed nothing.
    if (isDatabaseUnavailable(err)) {
      request.log.warn({ err }, 'database unavailable');
      return reply
        .status(503)
        .header('retry-after', '2')
        .send(body('db_unavailable', 'The database cannot be reached just now; try again in a moment'));
    }
    request.log.error({ err }, 'unhandled error');
    return reply.status(500).send(
      body('internal_error', `Something went wrong on our side (request ${request.id})`, {
        requestId: request.id,
      }),
    );
  });

  app.setNotFoundHandler((request, reply) => {
    reply
      .status(404)
      .send(body('route_not_found', `No route ${request.method} ${request.url.split('?')[0]}`));
  });
}
