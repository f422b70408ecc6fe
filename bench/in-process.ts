/**
 * The app in this process on a seeded compound, for the benchmarks that time the HTTP layer through inject():
 * the embedded database, or BENCH_DATABASE_URL's PostgreSQL (local only).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '../src/db/client.ts';
import { migrateDb } from '../src/db/migrate.ts';
import { createContainer, type ContainerOptions } from '../src/container.ts';
import { buildApp } from '../src/http/app.ts';
import { seedHouseholds } from '../src/seed/seed-households.ts';

export async function inProcessApp(households: number, options: ContainerOptions = {}) {
  const url = process.env.BENCH_DATABASE_URL;
  if (url && !/@(127\.0\.0\.1|localhost)[:/]/.test(url)) throw new Error('BENCH_DATABASE_URL must be local');
  const handle = url ? await openDb({ kind: 'postgres', url }) : await openDb({ kind: 'pglite' });
  await migrateDb(handle);
  const filesDir = mkdtempSync(join(tmpdir(), 'linli-bench-files-'));
  const container = createContainer(handle, { filesDir, ...options });
  const app = await buildApp(container);
  await app.ready();
  const seed = await seedHouseholds(handle.db, container, { households });

  /** A request as `token`'s user; throws on anything but a 2xx. */
  async function inject(method: string, path: string, token: string, payload?: unknown) {
    const res = await app.inject({
      method: method as 'GET',
      url: path,
      headers: { authorization: `Bearer ${token}` },
      ...(payload ? { payload: payload as object } : {}),
    });
    if (res.statusCode >= 300)
      throw new Error(`${method} ${path}: ${res.statusCode} ${res.body.slice(0, 200)}`);
    return res;
  }

  async function close() {
    await app.close();
    await handle.close();
    rmSync(filesDir, { recursive: true, force: true });
  }

  return { handle, container, app, seed, inject, close };
}
