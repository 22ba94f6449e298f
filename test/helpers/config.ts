import { loadConfig, type Config } from '../../src/config/config.js';

/**
 * The environment every test app is configured from: quiet logs, a cheap password-hash cost (scrypt
 * N=2^10 rather than production's 2^17, about 100 times faster; production's cost is tested once, in
 * src/features/accounts/passwords.test.ts), and templates and pages cached as production caches them
 * (VIEW_CACHE): the tests go through the caches production serves from, and a page is no longer
 * recompiled from its templates on every render, which was most of the database tests' CPU
 * (docs/testing.md). config.test.ts tests the setting's default.
 */
export const TEST_ENV: Readonly<Record<string, string>> = Object.freeze({
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  DATA_DIR: '/tmp/qm-unused',
  PASSWORD_HASH_COST: '10',
  VIEW_CACHE: 'true',
});

/**
 * Test configuration; `env` adds to it or overrides it (for example SMTP_URL, VIEW_CACHE). With
 * NODE_ENV=production it keeps production's password-hash cost, which production insists on.
 */
export function testConfig(env: Record<string, string> = {}): Config {
  const { PASSWORD_HASH_COST: cheap, ...rest } = TEST_ENV;
  return loadConfig({ ...rest, ...(env.NODE_ENV === 'production' ? {} : { PASSWORD_HASH_COST: cheap }), ...env });
}
