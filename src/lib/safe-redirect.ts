/**
 * Where to send someone back to after signing in (`next`), and nowhere else: a path on this site.
 *
 * Browsers drop tabs and newlines from a Location header and read a backslash as a slash, so
 * `/\t/evil.example` or `/\evil.example` would become `//evil.example`, another site. A value is accepted
 * only if it is printable ASCII with no backslash, starts with a single `/`, and the WHATWG URL parser
 * (the browser's own rules) resolves it to this origin with a path that does not itself start with `//`.
 * Percent-encoded characters (`/%09/x`, `/%2F/x`) stay part of the path: a browser never decodes them
 * into the host.
 */

const BASE = 'http://placeholder.invalid';
const MAX_LENGTH = 2048;

/** The value if it is a safe local path to redirect to, otherwise null. */
export function localPath(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > MAX_LENGTH) return null;
  // Printable ASCII only: no C0 controls, space, DEL or anything a header could not carry as sent.
  if (!/^[\x21-\x7e]+$/.test(value) || value.includes('\\')) return null;
  if (!value.startsWith('/') || value.startsWith('//')) return null;
  let url: URL;
  try {
    url = new URL(value, BASE);
  } catch {
    return null;
  }
  if (url.origin !== BASE || url.pathname.startsWith('//')) return null;
  return value;
}

/** A local path to return to, or the fallback (the person's home) for anything else. */
export function safeNext(value: unknown, fallback: string): string {
  return localPath(value) ?? fallback;
}
