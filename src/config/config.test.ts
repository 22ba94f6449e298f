import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('starts on SQLite in ./data on port 3000 with nothing set', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.host).toBe('localhost');
    expect(c.database.kind).toBe('sqlite');
    expect(c.database.kind === 'sqlite' && c.database.file).toMatch(/data\/quality-markers\.sqlite$/);
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://u@localhost/qm' });
    expect(c.database).toEqual({ kind: 'postgres', url: 'postgres://u@localhost/qm', namedStatements: false });
    // Named statements only when asked for: PgBouncer in transaction pooling mode loses them.
    const named = loadConfig({ DATABASE_URL: 'postgres://u@localhost/qm', PG_NAMED_STATEMENTS: 'true' });
    expect(named.database).toEqual({ kind: 'postgres', url: 'postgres://u@localhost/qm', namedStatements: true });
  });

  it('fails fast with one clear line per problem', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems;
      expect(problems).toHaveLength(3);
      expect(problems.join('\n')).toMatch(/PORT/);
      expect(problems.join('\n')).toMatch(/DATABASE_URL must start postgres/);
    }
  });

  it('requires SESSION_SECRET in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/SESSION_SECRET is required/);
    expect(loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) }).isProduction).toBe(true);
  });

  it('reads the secrets SESSION_SECRET replaced, each as long as a secret must be', () => {
    expect(loadConfig({}).previousSessionSecrets).toEqual([]);
    const listed = loadConfig({ PREVIOUS_SESSION_SECRETS: ` ${'a'.repeat(32)} ,${'b'.repeat(40)}` });
    expect(listed.previousSessionSecrets).toEqual(['a'.repeat(32), 'b'.repeat(40)]);
    expect(() => loadConfig({ PREVIOUS_SESSION_SECRETS: `${'a'.repeat(32)},short` })).toThrow(
      /PREVIOUS_SESSION_SECRETS.*at least 32 characters/,
    );
  });

  it('caches views in production, not elsewhere, unless VIEW_CACHE says otherwise', () => {
    const production = { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(32) } as const;
    expect(loadConfig(production).viewCache).toBe(true);
    expect(loadConfig({ ...production, VIEW_CACHE: 'false' }).viewCache).toBe(false);
    expect(loadConfig({}).viewCache).toBe(false);
    expect(loadConfig({ NODE_ENV: 'test', VIEW_CACHE: 'true' }).viewCache).toBe(true);
    expect(() => loadConfig({ VIEW_CACHE: 'yes' })).toThrow(/VIEW_CACHE/);
  });
});
