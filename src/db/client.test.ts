import { describe, expect, it } from 'vitest';
import { dbConfigFromEnv, defaultPoolMax } from './client.ts';

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

  it("LINLI_PG_POOL_MAX sets the pool's size; anything but a whole number from 1 is refused, saying why", () => {
    const url = 'postgres://x@127.0.0.1/db';
    expect(dbConfigFromEnv({ DATABASE_URL: url, LINLI_PG_POOL_MAX: '12' })).toEqual({
      kind: 'postgres',
      url,
      max: 12,
    });
    for (const bad of ['', '0', '-3', '2.5', 'ten', '08', '99999'])
      expect(() => dbConfigFromEnv({ DATABASE_URL: url, LINLI_PG_POOL_MAX: bad })).toThrow(
        /LINLI_PG_POOL_MAX must be a whole number from 1 to 9999, not "/,
      );
  });

  it('the pool holds twice the cores, at least 4 and at most 20', () => {
    expect([1, 2, 3, 4, 8, 10, 11, 64].map((cores) => defaultPoolMax(cores))).toEqual([
      4, 4, 6, 8, 16, 20, 20, 20,
    ]);
    expect(defaultPoolMax()).toBeGreaterThanOrEqual(4);
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
