import { loadConfig, type Config } from '../../src/config/config.js';

/**
 * The environment every test app is configured from: quiet logs, and a cheap password-hash cost (scrypt
 * N=2^10 rather than production's 2^17, about 100 times faster). Production's cost is tested once, in
 * src/features/accounts/passwords.test.ts.
 */
export const TEST_ENV: Readonly<Record<string, string>> = Object.freeze({
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  DATA_DIR: '/tmp/qm-unused',
  PASSWORD_HASH_COST: '10',
});

/**
 * Test configuration; `env` adds to it or overrides it (for example SMTP_URL, VIEW_CACHE). With
 * NODE_ENV=production it keeps production's password-hash cost, which production insists on.
 */
export function testConfig(env: Record<string, string> = {}): Config {
  const { PASSWORD_HASH_COST: cheap, ...rest } = TEST_ENV;
  return loadConfig({ ...rest, ...(env.NODE_ENV === 'production' ? {} : { PASSWORD_HASH_COST: cheap }), ...env });
}
