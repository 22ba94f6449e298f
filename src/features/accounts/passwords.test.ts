import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig, PASSWORD_HASH_COST } from '../../config/config.js';
import { hashPassword, setPasswordHashCost, verifyPassword } from './passwords.js';

// The other tests hash at a cheap cost (test/helpers/config.ts); this is where production's is tested.
describe('password hashing cost', () => {
  afterEach(() => setPasswordHashCost(PASSWORD_HASH_COST));

  it("hashes at OWASP's scrypt cost (N=2^17, r=8, p=1) by default, and verifies", async () => {
    expect(loadConfig({}).passwordHashCost).toBe(17);
    setPasswordHashCost(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) }).passwordHashCost);
    const hash = await hashPassword('correct horse battery staple');
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword('correct horse battery staple', hash)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', hash)).toBe(false);
  });

  it('takes a lower cost from configuration outside production, and still verifies hashes made at another', async () => {
    const strong = await hashPassword('correct horse battery staple');
    setPasswordHashCost(loadConfig({ NODE_ENV: 'test', PASSWORD_HASH_COST: '10' }).passwordHashCost);
    const cheap = await hashPassword('correct horse battery staple');
    expect(cheap).toMatch(/^scrypt\$1024\$8\$1\$/);
    expect(await verifyPassword('correct horse battery staple', cheap)).toBe(true);
    expect(await verifyPassword('correct horse battery staple', strong)).toBe(true);
  });

  it('refuses a cost below production’s in production, and nonsense anywhere', () => {
    expect(() =>
      loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32), PASSWORD_HASH_COST: '10' }),
    ).toThrow(/PASSWORD_HASH_COST must be at least 17 when NODE_ENV is production/);
    expect(() => loadConfig({ PASSWORD_HASH_COST: '4' })).toThrow(/PASSWORD_HASH_COST/);
    expect(() => setPasswordHashCost(4)).toThrow(RangeError);
  });
});
