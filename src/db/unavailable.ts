/**
 * Whether an error means "the database cannot be reached just now" rather than "this request is wrong": the
 * server restarting or shutting down, a connection refused, reset or timed out, a session ended by the
 * server (a FATAL error), the pool unable to connect. The HTTP edge answers these 503 with Retry-After
 * (error-handler.ts), which a load balancer and the phone (web/src/retry.ts) both read as "try again in a
 * moment", instead of a 500. Pure: it reads the error and its `cause` chain (Drizzle wraps the driver's error).
 */

/** Node's socket errors for a server that is not there or went away. */
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * SQLSTATEs of a server that cannot serve now: class 08 (connection exception), 57P01–57P03 (shut down by an
 * administrator, crash shutdown, cannot connect now: starting up or shutting down), 53300 (too many
 * connections).
 */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300']);

/** node-postgres's and pg-pool's own words for a connection that broke or never came. */
const DRIVER_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
];

function isUnavailableItself(e: { code?: unknown; severity?: unknown; message?: unknown }): boolean {
  if (typeof e.code === 'string') {
    if (SOCKET_CODES.has(e.code) || UNAVAILABLE_STATES.has(e.code)) return true;
    if (/^08[0-9A-Z]{3}$/.test(e.code)) return true;
  }
  // The server ends the session with a FATAL error (at connection time too: the database not accepting
  // connections, the server starting up); a PANIC takes the whole server down.
  if (e.severity === 'FATAL' || e.severity === 'PANIC') return true;
  return typeof e.message === 'string' && DRIVER_MESSAGES.some((m) => (e.message as string).includes(m));
}

export function isDatabaseUnavailable(err: unknown): boolean {
  let e: unknown = err;
  for (let depth = 0; depth < 5 && typeof e === 'object' && e !== null; depth++) {
    if (isUnavailableItself(e as Record<string, unknown>)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
