import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

// Two tiers share one suite: everything runs on the embedded PGlite; when TEST_DATABASE_URL is set the
// database-backed tests (*.int.test.ts) run a second time against that PostgreSQL server.
const pg = process.env.TEST_DATABASE_URL;
// Each project's test databases start from a migrated one made before its files run (test/support/db-template.ts).
// The files of a worker share its loaded modules (isolate: false): importing the app again for every file was
// a third of the suite's time. A test undoes what it changes of the process (globals, timers, env).
const common = {
  testTimeout: 30_000,
  hookTimeout: 60_000,
  globalSetup: ['test/support/global-setup.ts'],
  isolate: false,
};

// Vitest's default is one worker fewer than the cores: one on a 2-core machine, where most test files spend
// much of their time waiting (on PostgreSQL, a child server, a timer), so at least two (docs/architecture.md).
const workers = Math.max(2, availableParallelism() - 1);

// These start whole servers and kill or time them (kill -9 mid-rush; a join reaching another instance within a
// second): they run after the rest, one at a time, so no other test file shares the cores with them.
const ALONE = ['test/crash-safety.int.test.ts', 'test/multi-instance.int.test.ts'];

function tier(
  name: string,
  include: string[],
  env: Record<string, string>,
  setupFiles: string[] = [],
): TestProjectInlineConfiguration[] {
  return [
    {
      test: {
        ...common,
        name,
        include,
        exclude: [...configDefaults.exclude, ...ALONE],
        env,
        setupFiles,
        maxWorkers: workers,
      },
    },
    {
      test: {
        ...common,
        name: `${name}, alone`,
        include: ALONE,
        env,
        setupFiles,
        maxWorkers: 1,
        sequence: { groupOrder: 1 },
      },
    },
  ];
}

export default defineConfig({
  test: {
    projects: [
      ...tier(
        'pglite',
        ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts', 'web/src/**/*.test.tsx'],
        { LINLI_TEST_DB: 'pglite' },
      ),
      ...(pg
        ? tier('postgres', ['src/**/*.int.test.ts', 'test/**/*.int.test.ts'], { LINLI_TEST_DB: 'postgres' }, [
            'test/support/pg-busy-guard.ts',
          ])
        : []),
    ],
  },
});
