import { describe, expect, it } from 'vitest';
import { dbConfigFromEnv } from './client.ts';

describe('dbConfigFromEnv', () => {
  it('PostgreSQL when DATABASE_URL is set', () => {
    expect(dbConfigFromEnv({ DATABASE_URL: 'postgres://x@127.0.0.1/db' })).toEqual({
      kind: 'postgres',
      url: 'postgres://x@127.0.0.1/db',
    });
  });

  it('LINLI_PG_PREPARE=0 turns named prepared statements off on PostgreSQL', () => {
    expect(dbConfigFromEnv({ DATABASE_URL: 'postgres://x@127.0.0.1/db', LINLI_PG_PREPARE: '0' })).toEqual({
      kind: 'postgres',
      url: 'postgres://x@127.0.0.1/db',
      prepare: false,
    });
  });

  it('otherwise the embedded database in ./data, on its own thread, compiled as it runs', () => {
    expect(dbConfigFromEnv({})).toEqual({
      kind: 'pglite',
      dataDir: './data',
      thread: 'worker',
      compile: 'lazy',
    });
  });

  it("the caller's compile default, which LINLI_PGLITE_COMPILE overrides", () => {
    expect(dbConfigFromEnv({}, { compile: 'eager' })).toMatchObject({ compile: 'eager' });
    expect(dbConfigFromEnv({ LINLI_PGLITE_COMPILE: 'lazy' }, { compile: 'eager' })).toMatchObject({
      compile: 'lazy',
    });
  });

  it('LINLI_DATA_DIR, LINLI_PGLITE_THREAD=main and LINLI_PGLITE_COMPILE=eager', () => {
    expect(
      dbConfigFromEnv({
        LINLI_DATA_DIR: '/srv/linli',
        LINLI_PGLITE_THREAD: 'main',
        LINLI_PGLITE_COMPILE: 'eager',
      }),
    ).toEqual({ kind: 'pglite', dataDir: '/srv/linli', thread: 'main', compile: 'eager' });
  });
});
