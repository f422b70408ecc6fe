import type { FastifyInstance } from 'fastify';
import { dbConfigFromEnv, openDb, type DbHandle } from './db/client.ts';
import { migrateDb } from './db/migrate.ts';
import { createContainer, type Container } from './container.ts';
import { buildApp } from './http/app.ts';

export interface ServeOptions {
  port: number;
  host: string;
  webDist?: string;
  logger?: boolean;
}

export interface RunningServer {
  app: FastifyInstance;
  container: Container;
  handle: DbHandle;
  url: string;
  stop(): Promise<void>;
}

/** env → db → migrate → buildApp → listen. */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const handle = await openDb(dbConfigFromEnv());
  await migrateDb(handle);
  const container = createContainer(handle);
  const app = await buildApp(container, {
    logger: options.logger === false ? false : { level: process.env.LOG_LEVEL ?? 'info' },
    webDist: options.webDist,
  });
  await app.listen({ port: options.port, host: options.host });
  const url = `http://${options.host}:${options.port}`;
  return {
    app,
    container,
    handle,
    url,
    async stop() {
      await app.close();
      await handle.close();
    },
  };
}
