import { defineConfig } from 'vitest/config';

// Two tiers share one suite: everything runs on the embedded PGlite; when TEST_DATABASE_URL is set the
// database-backed tests (*.int.test.ts) run a second time against that PostgreSQL server.
const pg = process.env.TEST_DATABASE_URL;
const common = { testTimeout: 30_000, hookTimeout: 60_000 };

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...common,
          name: 'pglite',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts', 'web/src/**/*.test.tsx'],
          env: { LINLI_TEST_DB: 'pglite' },
        },
      },
      ...(pg
        ? [
            {
              test: {
                ...common,
                name: 'postgres',
                include: ['src/**/*.int.test.ts', 'test/**/*.int.test.ts'],
                env: { LINLI_TEST_DB: 'postgres' },
              },
            },
          ]
        : []),
    ],
  },
});
