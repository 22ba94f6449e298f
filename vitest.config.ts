import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Test files that never build an app or open a database: they run once, in the `unit` project, not once
 * per database. A new file that builds no app or database can join by matching one of these patterns
 * (or by being named `*.unit.test.ts`); a file here that calls createTestDb() or buildTestApp() fails with
 * a message saying to move it. Everything else under src/ and test/ runs per database. See docs/testing.md.
 */
const UNIT_TESTS = [
  '**/*.unit.test.ts',
  'src/lib/**/*.test.ts',
  'src/config/**/*.test.ts',
  'src/features/accounts/passwords.test.ts',
  'src/features/frameworks/framework.*.test.ts',
  'src/features/frameworks/frameworks.content.test.ts',
  'src/features/reports/charts.test.ts',
  'src/features/reports/logo-file.test.ts',
  'src/features/reviews/timescales.test.ts',
  'src/plugins/logging.test.ts',
  'src/plugins/mailer.test.ts',
  // On a SQLite file of their own, whatever the database project: the same test twice would prove nothing new.
  'test/start-up-memory.test.ts',
  'src/features/frameworks/frameworks.cli.test.ts',
];

// The database suite runs on SQLite always, and on PostgreSQL too when DATABASE_URL is set.
// The browser suite drives Debian's Chromium through playwright-core.
const databases = ['sqlite', ...(process.env.DATABASE_URL ? ['postgres'] : [])];

export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the cores: one file at a time on CI's two cores, with a core
    // idle while Vitest's own process waits. Test files are independent (each has its own database and app,
    // and each browser spec its own app, port and Chromium), so as many at once as there are cores.
    // TEST_WORKERS overrides it. Figures in docs/testing.md.
    maxWorkers: Number(process.env.TEST_WORKERS) || Math.max(2, availableParallelism()),
    projects: [
      {
        test: {
          name: 'unit',
          include: UNIT_TESTS,
          env: { TEST_DB: 'none' },
          // No file here mocks a module: the files share their worker's modules, as the database files do.
          isolate: false,
          testTimeout: 20_000,
        },
      },
      ...databases.map((db) => ({
        test: {
          name: `db-${db}`,
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...UNIT_TESTS],
          env: { TEST_DB: db },
          // The files share their worker's modules (the app's module graph is imported once per worker, ~1 s
          // of CPU, not once per file); each still builds its own app on its own database. So no file may
          // mock a module or change process-wide state a later file would see (docs/testing.md).
          isolate: false,
          // Migrates one template database for the run; each test database is a copy of it.
          globalSetup: ['test/global-setup.ts'],
          setupFiles: ['test/setup-app-tests.ts'],
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      })),
      {
        test: {
          name: 'browser',
          include: ['e2e/**/*.spec.ts'],
          // The spec files share their worker's modules, as the database files do: the app's module graph is
          // imported once per worker, not once per file. Each file still starts its own app, database and
          // Chromium; what a file remembers (its audits) is kept per file (e2e/support/per-spec.ts).
          isolate: false,
          env: { TEST_DB: 'sqlite' },
          globalSetup: ['test/global-setup.ts'],
          setupFiles: ['test/setup-app-tests.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
