import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A message as the server received it: the envelope's sender and recipients, and the raw message. */
export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

export interface TestSmtp {
  /** `smtp://127.0.0.1:<port>`, for SMTP_URL */
  url: string;
  /** Every message received so far, in order. */
  messages: ReceivedMail[];
  /** The first message to this address (any case), with its text; undefined when none comes in time. */
  waitForMail(to: string, timeoutMs?: number): Promise<{ raw: string; text: string } | undefined>;
  close(): Promise<void>;
}

/** A real SMTP server on 127.0.0.1 and a random port that keeps what it receives. */
export async function startSmtp(): Promise<TestSmtp> {
  const messages: ReceivedMail[] = [];
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
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    async waitForMail(to, timeoutMs = 5000) {
      const address = to.toLowerCase();
      for (let waited = 0; waited < timeoutMs; waited += 20) {
        const message = messages.find((m) => m.to.some((r) => r.toLowerCase() === address));
        if (message) return { raw: message.raw, text: mailText(message.raw) };
        await new Promise((r) => setTimeout(r, 20));
      }
      return undefined;
    },
    close: () => new Promise<void>((r) => server.close(r)),
  };
}

/** The text of a received message, its transfer encoding undone. */
function mailText(raw: string): string {
  const split = raw.search(/\r?\n\r?\n/);
  const head = raw.slice(0, split);
  const body = raw.slice(split).trim();
  const encoding = /^Content-Transfer-Encoding:\s*(\S+)/im.exec(head)?.[1]?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(body, 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}
