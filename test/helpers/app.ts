import type { FastifyInstance } from 'fastify';
import { buildApp, type AppOverrides } from '../../src/app.js';
import type { Config } from '../../src/config/config.js';
import { builtInCatalogue, type FrameworkCatalogue } from '../../src/features/frameworks/frameworks.service.js';
import { testConfig } from './config.js';
import { createTestDb, type TestDb } from './db.js';

export interface TestApp {
  app: FastifyInstance;
  testDb: TestDb;
  config: Config;
  close(): Promise<void>;
}

/**
 * The built-in frameworks, read once per worker rather than once per app: production reads them once at
 * start-up and never changes them (FrameworkCatalogue is read-only), and parsing their YAML was about 40 ms
 * of every test app built.
 */
let builtIn: FrameworkCatalogue | undefined;

/**
 * The real app on a real, migrated database of its own, with test configuration (helpers/config.ts). `env`
 * adds to the configuration's environment (for example SMTP_URL pointing at a test mail server).
 */
export async function buildTestApp(
  overrides: Omit<AppOverrides, 'db'> = {},
  env: Record<string, string> = {},
): Promise<TestApp> {
  const testDb = await createTestDb();
  const config = testConfig(env);
  const catalogue = overrides.catalogue ?? (builtIn ??= builtInCatalogue());
  // No background fold of the learning summary unless a test asks for one: a fold between a test's write
  // and its check would take the marks it looks for (features/learning/fold.job.ts).
  const app = await buildApp(config, { learningFoldEveryMs: 0, ...overrides, catalogue, db: testDb.db });
  await app.ready();
  return {
    app,
    testDb,
    config,
    close: async () => {
      await app.close();
      await testDb.drop();
    },
  };
}
