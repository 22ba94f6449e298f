import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The page is the same for every anonymous visitor (the public question browser), so its HTML may be
     * rendered once per URL and reused with each request's own CSP nonce.
     */
    publicPage?: boolean;
  }
}

/** Where the CSP nonce goes in stored HTML; random per process so page content can never forge it. */
export const NONCE_PLACEHOLDER = `qm-nonce-${randomBytes(12).toString('hex')}`;

/**
 * Whether this request may be answered from, and its page stored in, the public page cache: a GET or HEAD
 * of a route marked `publicPage`, from nobody in particular (no session, no expired session to report,
 * no bearer token). Anything personal (a signed-in header, a partnership's own frameworks) is rendered afresh.
 */
export function isPublicPageRequest(request: FastifyRequest): boolean {
  return (
    request.routeOptions.config?.publicPage === true &&
    (request.method === 'GET' || request.method === 'HEAD') &&
    !request.auth &&
    !request.session &&
    !request.sessionExpired &&
    request.headers.authorization === undefined
  );
}

/**
 * Rendered anonymous public pages by URL, each split where the nonce goes. Bounded, least recently used
 * first out, so a crawler asking for endless query strings cannot grow it. Built-in frameworks are loaded
 * once at start-up and never change while the process runs, so nothing needs invalidating.
 */
export class PublicPageCache {
  // Kept as UTF-8 bytes: a hit is then a copy of a few buffers, and sending it needs no encoding.
  private readonly pages = new Map<string, Buffer[]>();

  constructor(private readonly maxEntries = 500) {}

  get size(): number {
    return this.pages.size;
  }

  /** The page for this URL with `nonce` in place, or undefined when it is not stored. */
  get(url: string, nonce: string): Buffer | undefined {
    const parts = this.pages.get(url);
    if (!parts) return undefined;
    this.pages.delete(url);
    this.pages.set(url, parts);
    return joinWith(parts, nonce);
  }

  /** Stores HTML rendered with NONCE_PLACEHOLDER; returns it with `nonce` in place. */
  put(url: string, html: string, nonce: string): Buffer {
    const parts = html.split(NONCE_PLACEHOLDER).map((part) => Buffer.from(part));
    this.pages.delete(url);
    this.pages.set(url, parts);
    if (this.pages.size > this.maxEntries) {
      const oldest = this.pages.keys().next().value;
      if (oldest !== undefined) this.pages.delete(oldest);
    }
    return joinWith(parts, nonce);
  }
}

function joinWith(parts: Buffer[], nonce: string): Buffer {
  const glue = Buffer.from(nonce);
  const pieces: Buffer[] = [];
  for (const [i, part] of parts.entries()) {
    if (i > 0) pieces.push(glue);
    pieces.push(part);
  }
  return Buffer.concat(pieces);
}
