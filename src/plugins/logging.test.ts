import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { loggerOptions, redactUrl } from './logging.js';

describe('logging', () => {
  it('hides one-time link secrets in paths', () => {
    expect(redactUrl('/invitations/abcDEF123_-xyz?x=1')).toBe('/invitations/[redacted]?x=1');
    expect(redactUrl('/password-reset/abc')).toBe('/password-reset/[redacted]');
    expect(redactUrl('/setup/abc')).toBe('/setup/[redacted]');
    expect(redactUrl('/password-reset/done')).toBe('/password-reset/done');
    expect(redactUrl('/invitations/accepted')).toBe('/invitations/accepted');
    expect(redactUrl('/reviews/abc')).toBe('/reviews/abc');
  });

  it('never writes cookies, authorisation headers or link secrets', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const options = loggerOptions(loadConfig({ LOG_LEVEL: 'info' }));
    const app = Fastify({ logger: { ...(options as object), stream } });
    app.get('/invitations/:token', async () => 'ok');
    await app.inject({
      method: 'GET',
      url: '/invitations/s3cr3t-token-value',
      headers: { cookie: 'qm_session=very-secret', authorization: 'Bearer qm_abc' },
    });
    await app.close();
    const log = lines.join('');
    expect(log).toContain('/invitations/[redacted]');
    expect(log).not.toContain('s3cr3t-token-value');
    expect(log).not.toContain('very-secret');
    expect(log).not.toContain('qm_abc');
  });
});
