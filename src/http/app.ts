import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Container } from '../container.ts';
import { registerCompression } from './compression.ts';
import { frameworkErrors, registerErrorHandler } from './error-handler.ts';
import { registerShuttingDown } from './shutting-down.ts';
import { registerImageBodies } from './images.ts';
import { registerAuth } from './auth.ts';
import { healthRoutes } from './health.routes.ts';
import { registerMetrics } from './metrics.ts';
import { registerOrderJournalGate } from './order-journal-gate.ts';
import { registerWebApp } from './static.ts';
import { authRoutes, type LoginRateLimit } from './auth/auth.routes.ts';
import { buyEventsRoutes } from './realtime/buy-events.routes.ts';
import { buysRoutes } from './buys/buys.routes.ts';
import { buyReportsRoutes } from './buys/reports.routes.ts';
import { communityRoutes } from './community/community.routes.ts';
import { notificationsRoutes } from './notifications/notifications.routes.ts';
import { communityEventsRoutes } from './realtime/community-events.routes.ts';
import { jielongRoutes } from './jielong/jielong.routes.ts';
import { moneyRoutes } from './money/money.routes.ts';
import { distributionRoutes } from './distribution/distribution.routes.ts';
import { packagesRoutes } from './distribution/packages.routes.ts';
import { todoRoutes } from './todo/todo.routes.ts';
import { careRoutes } from './community/care.routes.ts';
import { streetRoutes } from './street/street.routes.ts';
import { trustRoutes } from './trust/trust.routes.ts';
import { suppliersRoutes } from './trust/suppliers.routes.ts';
import { poolsRoutes } from './pools/pools.routes.ts';

export interface AppOptions {
  logger?: FastifyServerOptions['logger'];
  /** Serve the built web app from this folder (production); tests leave it out. */
  webDist?: string;
  /** Sign-in attempts per IP and phone (default 10 per 15 minutes); tests lower it. */
  loginRateLimit?: LoginRateLimit;
}

export const BODY_LIMIT = 1024 * 1024;

/** Builds the Fastify app around a container. Tests use it through inject(); main.ts listens. */
export async function buildApp(container: Container, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: BODY_LIMIT,
    trustProxy: true,
    genReqId: () => crypto.randomUUID(),
    // Answered in the contract's shape, with Retry-After, by registerShuttingDown.
    return503OnClosing: false,
    frameworkErrors,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  registerShuttingDown(app, container.sse);
  registerImageBodies(app);

  await registerCompression(app);
  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Linli API',
        description: 'Linli (邻里): community group buying and mutual aid',
        version: '0.1.0',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'linli_session' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  registerAuth(app, container);
  registerMetrics(app, container.handle);
  registerOrderJournalGate(app, container.buysDeps.repo);
  await app.register(healthRoutes, { container });
  // --- context routes (one line per context) ---
  await app.register(authRoutes, { container, loginRateLimit: options.loginRateLimit });
  await app.register(communityRoutes, { container });
  await app.register(buyEventsRoutes, { container });
  await app.register(buysRoutes, { container });
  await app.register(buyReportsRoutes, { container });
  await app.register(notificationsRoutes, { container });
  await app.register(communityEventsRoutes, { container });
  await app.register(jielongRoutes, { container });
  await app.register(moneyRoutes, { container });
  await app.register(distributionRoutes, { container });
  await app.register(packagesRoutes, { container });
  await app.register(todoRoutes, { container });
  await app.register(careRoutes, { container });
  await app.register(streetRoutes, { container });
  await app.register(trustRoutes, { container });
  await app.register(suppliersRoutes, { container });
  await app.register(poolsRoutes, { container });

  // Live updates flow while the app runs (tests included: inject() readies the app).
  app.addHook('onReady', () => container.realtime.start());
  app.addHook('onClose', () => container.realtime.stop());

  // Last: the web app's catch-all must not shadow any API route.
  if (options.webDist) await registerWebApp(app, options.webDist);

  return app;
}
