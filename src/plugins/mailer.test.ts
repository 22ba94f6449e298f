import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import mailer from './mailer.js';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** A real SMTP server on 127.0.0.1 and a random port that keeps what it receives. */
async function startSmtp() {
  const messages: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    secure: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    closeTimeout: 100,
    onData(stream, session, callback) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (raw += chunk));
      stream.on('end', () => {
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, messages, close: () => new Promise<void>((r) => server.close(r)) };
}

let smtp: Awaited<ReturnType<typeof startSmtp>>;
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
