import { Writable } from 'node:stream';
import Fastify from 'fastify';
import fp from 'fastify-plugin';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../../test/helpers/db.js';
import mailer from '../../plugins/mailer.js';
import { builtInCatalogue } from '../frameworks/frameworks.service.js';
import digest from './digest.js';

let testDb: TestDb;
beforeAll(async () => {
  testDb = await createTestDb();
});
afterAll(async () => testDb.drop());

/** The digest's plugin on a bare app: a log kept in memory, a clock that counts how often it is read. */
async function appWith(smtpUrl: string | undefined) {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  const app = Fastify({ logger: { level: 'info', stream } });
  let reads = 0;
  await app.register(
    fp(
      async (a) => {
        a.decorate('db', testDb.db);
      },
      { name: 'db' },
    ),
  );
  await app.register(
    fp(
      async (a) => {
        a.decorate('now', () => {
          reads++;
          // Before 07:00 UK time: a run looks at nobody.
          return new Date('2026-12-07T05:00:00Z');
        });
      },
      { name: 'session' },
    ),
  );
  app.decorate('frameworks', builtInCatalogue());
  app.decorate('config', { publicUrl: 'https://qm.example.org' } as never);
  await app.register(mailer, { config: { smtpUrl, mailFrom: 'QM <qm@example.org>' } });
  await app.register(digest, { everyMs: 20 });
  await app.ready();
  return { app, lines, reads: () => reads };
}

describe('the daily digest’s timer', () => {
  it('says once at start-up that mail is written to the log without SMTP_URL, runs on its interval and stops on close', async () => {
    const { app, lines, reads } = await appWith(undefined);
    expect(
      lines.filter((l) => l.includes('SMTP_URL is not set: notification emails are written to the log')),
    ).toHaveLength(1);
    await expect.poll(reads, { timeout: 5_000, interval: 20 }).toBeGreaterThan(1);
    await app.close();
    const after = reads();
    await new Promise((r) => setTimeout(r, 100));
    expect(reads()).toBe(after);
  });

  it('says nothing of the kind when mail is set up', async () => {
    const { app, lines } = await appWith('smtp://127.0.0.1:1');
    expect(lines.join('')).not.toContain('SMTP_URL is not set');
    await app.close();
  });
});
