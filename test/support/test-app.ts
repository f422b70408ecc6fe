import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { createTestDb } from './test-db.ts';
import { createContainer, type Container, type ContainerOptions } from '../../src/container.ts';
import { buildApp } from '../../src/http/app.ts';
import type { DbHandle } from '../../src/db/client.ts';

export interface TestApp {
  app: FastifyInstance;
  container: Container;
  handle: DbHandle;
  close(): Promise<void>;
}

/** A migrated database (PGlite or PostgreSQL, see test-db.ts), a container and the app, for inject(). */
export async function createTestApp(
  options: Pick<ContainerOptions, 'orderPath' | 'journalIdleMs' | 'eventStreamGzip'> = {},
): Promise<TestApp> {
  const handle = await createTestDb();
  const filesDir = mkdtempSync(join(tmpdir(), 'linli-files-'));
  const container = createContainer(handle, { filesDir, ...options });
  const app = await buildApp(container);
  return {
    app,
    container,
    handle,
    async close() {
      await app.close();
      await handle.close();
      rmSync(filesDir, { recursive: true, force: true });
    },
  };
}
