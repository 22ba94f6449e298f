import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('limits of the worker threads that read uploaded files', () => {
  it('default to 2 at once, 20 waiting, 10 seconds and 256 MB each', () => {
    expect(loadConfig({}).untrustedParsing).toEqual({ workers: 2, queue: 20, timeLimitMs: 10_000, heapMb: 256 });
  });

  it('are read from UNTRUSTED_PARSE_*', () => {
    const config = loadConfig({
      UNTRUSTED_PARSE_WORKERS: '4',
      UNTRUSTED_PARSE_QUEUE: '0',
      UNTRUSTED_PARSE_TIME_LIMIT_MS: '2500',
      UNTRUSTED_PARSE_HEAP_MB: '128',
    });
    expect(config.untrustedParsing).toEqual({ workers: 4, queue: 0, timeLimitMs: 2_500, heapMb: 128 });
    expect(Object.isFrozen(config.untrustedParsing)).toBe(true);
  });

  it('stop the app with a clear line when out of range', () => {
    const problems = (env: Record<string, string>) => {
      try {
        loadConfig(env);
        return [];
      } catch (err) {
        return (err as ConfigError).problems;
      }
    };
    expect(problems({ UNTRUSTED_PARSE_WORKERS: '0' })[0]).toMatch(/^UNTRUSTED_PARSE_WORKERS /);
    // The time limit stays under the 30-second request timeout, so the person hears why.
    expect(problems({ UNTRUSTED_PARSE_TIME_LIMIT_MS: '60000' })[0]).toMatch(/^UNTRUSTED_PARSE_TIME_LIMIT_MS /);
    expect(problems({ UNTRUSTED_PARSE_HEAP_MB: 'lots' })[0]).toMatch(/^UNTRUSTED_PARSE_HEAP_MB /);
  });
});
