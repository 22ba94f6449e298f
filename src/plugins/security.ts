import fp from 'fastify-plugin';
import { secureRandomBytes } from '../lib/random.js';

declare module 'fastify' {
  interface FastifyReply {
    /** This response's CSP nonce: the only inline or module script allowed to run carries it. */
    cspNonce: { script: string };
  }
}

/** The CSP, with the per-request script nonce in the middle. No inline scripts or styles otherwise. */
const CSP_BEFORE_NONCE = "default-src 'self';script-src 'self' 'nonce-";
const CSP_AFTER_NONCE =
  "';style-src 'self';img-src 'self' data:;font-src 'self';connect-src 'self';object-src 'none';" +
  "base-uri 'self';form-action 'self';frame-ancestors 'none'";

/** The same on every response; written once, set with one call per request. */
const STATIC_HEADERS: Record<string, string> = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'DENY',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), interest-cohort=()',
};

/**
 * Security headers on every response (pages, errors, static files): a strict CSP with a per-request
 * script nonce, no framing, no sniffing. The headers helmet would set, written as constants: helmet's
 * Fastify plugin re-parsed the whole policy on every request to put the nonce in, which cost more than
 * rendering a cached page.
 */
export default fp(
  async (app) => {
    app.decorateReply<{ script: string } | null>('cspNonce', null);
    app.addHook('onRequest', (_request, reply, done) => {
      const script = secureRandomBytes(16).toString('hex');
      reply.cspNonce = { script };
      reply.headers(STATIC_HEADERS);
      reply.header('content-security-policy', CSP_BEFORE_NONCE + script + CSP_AFTER_NONCE);
      done();
    });
  },
  { name: 'security' },
);
