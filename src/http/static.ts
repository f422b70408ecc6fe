import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

/** True when `path` looks like a request for a file (`/assets/app.js`, `/favicon.svg`), not an app route. */
function looksLikeFile(path: string): boolean {
  const last = path.slice(path.lastIndexOf('/') + 1);
  return last.includes('.');
}

/**
 * Serves the built web app. Hashed files under /assets are cached for a year; index.html never is, so a new
 * release reaches phones on their next visit. Any other GET that is not /api/* and not a file gets
 * index.html (the React router takes it from there); /api/* and missing files keep the JSON 404.
 */
export async function registerWebApp(app: FastifyInstance, webDist: string): Promise<void> {
  const root = resolve(webDist);
  const index = join(root, 'index.html');
  if (!existsSync(index))
    throw new Error(`The web app is not built: ${index} is missing (run npm run build:web)`);

  await app.register(fastifyStatic, {
    root,
    // Routes for the files present at start; the catch-all below handles everything else.
    wildcard: false,
    // Our cache-control wins over @fastify/static's default max-age=0.
    cacheControl: false,
    // The build writes .br and .gz copies of the larger files (web/precompress.ts): sent to phones that accept
    // them, with no compressing per request.
    preCompressed: true,
    setHeaders(reply, path) {
      const immutable = path.startsWith(join(root, 'assets'));
      reply.header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });

  app.get('/*', { schema: { hide: true } }, async (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (path.startsWith('/api/') || path === '/api' || looksLikeFile(path)) {
      return reply.status(404).send({
        error: { code: 'route_not_found', message: `No route ${request.method} ${path}`, details: null },
      });
    }
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html');
  });
}
