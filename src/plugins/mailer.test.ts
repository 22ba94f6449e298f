import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtp, type TestSmtp } from '../../test/helpers/smtp.js';
import mailer from './mailer.js';

let smtp: TestSmtp;
beforeAll(async () => {
  smtp = await startSmtp();
});
afterAll(async () => smtp.close());

describe('mailer', () => {
  it('is disabled without SMTP_URL, and refuses to send', async () => {
    const app = Fastify();
    await app.register(mailer, { config: { smtpUrl: undefined, mailFrom: 'QM <qm@example.org>' } });
    await app.ready();
    expect(app.mailer.enabled).toBe(false);
    await expect(app.mailer.send({ to: 'a@example.org', subject: 'Hi', text: 'Hello' })).rejects.toThrow(/SMTP_URL/);
    await app.close();
  });

  it('sends plain text from MAIL_FROM through the SMTP server', async () => {
    const app = Fastify();
    await app.register(mailer, { config: { smtpUrl: smtp.url, mailFrom: 'Quality Markers <qm@example.org>' } });
    await app.ready();
    expect(app.mailer.enabled).toBe(true);
    await app.mailer.send({ to: 'someone@example.org', subject: 'A subject', text: 'First line\nSecond line' });
    await app.close();
    expect(smtp.messages).toHaveLength(1);
    const [message] = smtp.messages;
    expect(message!.from).toBe('qm@example.org');
    expect(message!.to).toEqual(['someone@example.org']);
    expect(message!.raw).toMatch(/^Subject: A subject\r?$/m);
    expect(message!.raw).toMatch(/^Content-Type: text\/plain/m);
    expect(message!.raw).toContain('Second line');
  });
});
