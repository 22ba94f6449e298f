import { defineConfig } from 'vitest/config';

// The database suite runs on SQLite always, and on PostgreSQL too when DATABASE_URL is set.
// The browser suite drives Debian's Chromium through playwright-core.
const databases = ['sqlite', ...(process.env.DATABASE_URL ? ['postgres'] : [])];

export default defineConfig({
  test: {
    projects: [
      ...databases.map((db) => ({
        test: {
          name: `db-${db}`,
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          env: { TEST_DB: db },
          testTimeout: 20_000,
          hookTimeout: 30_000,
        },
      })),
      {
        test: {
          name: 'browser',
          include: ['e2e/**/*.spec.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
