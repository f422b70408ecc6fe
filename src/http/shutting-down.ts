import type { FastifyInstance } from 'fastify';
import { AppError } from '../core/shared/app-error.ts';
import type { SseHub } from '../realtime/sse-hub.ts';

/**
 * While the server shuts down (SIGTERM: gracefulStop in main.ts), a request that still arrives on a
 * connection already open (a keep-alive connection whose last request is still being answered) is answered
 * 503 `shutting_down` with `Retry-After` and `Connection: close`, in the contract's error shape, so a load
 * balancer or the phone (web/src/retry.ts) sends it again: to another instance, or to this one restarted.
 * Fastify's own answer to it has another shape and no Retry-After: the app turns that off
 * (`return503OnClosing: false`). Its open event streams are ended at the same moment. Register before any
 * route.
 */
export function registerShuttingDown(app: FastifyInstance, sse: Pick<SseHub, 'endAll'>): void {
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
    // Open event streams never end by themselves: ended now, cleanly, they no longer hold the shutdown for
    // its grace period, and the phones reconnect elsewhere (each after its own 2–6 s) and replay.
    sse.endAll();
  });
  // A callback hook, not an async one: it runs for every request, and most of the time only reads a flag.
  app.addHook('onRequest', (_request, reply, done) => {
    if (!closing) return done();
    reply.header('connection', 'close');
    done(
      new AppError('unavailable', 'This server is shutting down; try again in a moment', {
        code: 'shutting_down',
      }),
    );
  });
}
