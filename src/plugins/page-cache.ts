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

/** Where a form's CSRF token goes in stored HTML (a memoised signed-in page); random per process. */
export const CSRF_PLACEHOLDER = `qm-csrf-${randomBytes(12).toString('hex')}`;

/** What each request puts in the places stored HTML leaves open. The CSRF token is made only if needed. */
export interface PageFills {
  nonce: string;
  csrf?: () => string;
}

type Part = Buffer | typeof NONCE_PLACEHOLDER | typeof CSRF_PLACEHOLDER;
const PLACEHOLDERS = new RegExp(`(${NONCE_PLACEHOLDER}|${CSRF_PLACEHOLDER})`);

/**
 * Rendered pages by key, each split where the per-request values go (the CSP nonce; a signed-in page's
 * CSRF token). Bounded, least recently used first out, so a crawler asking for endless query strings
 * cannot grow it. The key must name everything the page shows: the public cache keys anonymous pages
 * by URL (built-in frameworks are loaded once at start-up and never change while the process runs);
 * memoised signed-in pages are keyed by the data they were rendered from, so a change is a new key.
 */
export class PageCache {
  // Kept as UTF-8 bytes: a hit is then a copy of a few buffers, and sending it needs no encoding.
  private readonly pages = new Map<string, Part[]>();

  constructor(private readonly maxEntries = 500) {}

  get size(): number {
    return this.pages.size;
  }

  /** The page stored under `key` with this request's values in place, or undefined when it is not stored. */
  get(key: string, fills: PageFills): Buffer | undefined {
    const parts = this.pages.get(key);
    if (!parts) return undefined;
    this.pages.delete(key);
    this.pages.set(key, parts);
    return fill(parts, fills);
  }

  /** Stores HTML rendered with the placeholders; returns it with this request's values in place. */
  put(key: string, html: string, fills: PageFills): Buffer {
    const parts = html.split(PLACEHOLDERS).map((piece, i): Part => (i % 2 ? (piece as Part) : Buffer.from(piece)));
    this.pages.delete(key);
    this.pages.set(key, parts);
    if (this.pages.size > this.maxEntries) {
      const oldest = this.pages.keys().next().value;
      if (oldest !== undefined) this.pages.delete(oldest);
    }
    return fill(parts, fills);
  }
}

function fill(parts: Part[], fills: PageFills): Buffer {
  let nonce: Buffer | undefined;
  let csrf: Buffer | undefined;
  const pieces = parts.map((part) => {
    if (Buffer.isBuffer(part)) return part;
    if (part === NONCE_PLACEHOLDER) return (nonce ??= Buffer.from(fills.nonce));
    if (!fills.csrf) throw new Error('a stored page needs a CSRF token, and none was given');
    return (csrf ??= Buffer.from(fills.csrf()));
  });
  return Buffer.concat(pieces);
}
