import fp from 'fastify-plugin';
import type { Config } from '../config/config.js';

/**
 * Outgoing mail through SMTP (nodemailer) when SMTP_URL is set. Without it the mailer is disabled and
 * features fall back to one-time links that an admin passes on. Messages are plain text; the log
 * records that a message was sent, never its text (it may hold a one-time link).
 */

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** Whether outgoing mail is set up. */
  readonly enabled: boolean;
  /** Sends a plain-text message; rejects when the mail server refuses it or mail is not set up. */
  send(mail: Mail): Promise<void>;
}

declare module 'fastify' {
  interface FastifyInstance {
    mailer: Mailer;
  }
}

export interface MailerOptions {
  config: Pick<Config, 'smtpUrl' | 'mailFrom'>;
}

export default fp<MailerOptions>(
  async (app, { config }) => {
    if (!config.smtpUrl) {
      app.decorate('mailer', {
        enabled: false,
        send: async () => {
          throw new Error('Outgoing mail is not set up: set SMTP_URL');
        },
      } satisfies Mailer);
      return;
    }
    const { default: nodemailer } = await import('nodemailer');
    const transport = nodemailer.createTransport(config.smtpUrl);
    app.decorate('mailer', {
      enabled: true,
      send: async (mail: Mail) => {
        const info = await transport.sendMail({
          from: config.mailFrom,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
        });
        app.log.info({ messageId: info.messageId }, 'mail sent');
      },
    } satisfies Mailer);
    app.addHook('onClose', async () => transport.close());
  },
  { name: 'mailer' },
);
