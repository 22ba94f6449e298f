import type { Page, Response } from 'playwright-core';
import { expect } from 'vitest';

/** The directives of a Content-Security-Policy header, by name. */
export function cspDirectives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...values]) => [name!.toLowerCase(), values]),
  );
}

/**
 * Checks the security headers of a page's response as the browser received them: a CSP whose
 * script-src allows our scripts by nonce only (no 'unsafe-inline', no 'unsafe-eval'), no framing, no
 * sniffing. Returns the nonce.
 */
export async function expectSecurityHeaders(response: Response | null, what: string): Promise<string> {
  expect(response, `a response for ${what}`).not.toBeNull();
  const headers = await response!.allHeaders();
  expect(headers['content-security-policy'], `CSP on ${what}`).toBeDefined();
  const csp = cspDirectives(headers['content-security-policy'] ?? '');
  const scriptSrc = csp.get('script-src') ?? [];
  const nonces = scriptSrc.filter((v) => /^'nonce-[A-Za-z0-9+/_=-]{16,}'$/.test(v));
  expect(nonces, `one script nonce in the CSP of ${what}: ${scriptSrc.join(' ')}`).toHaveLength(1);
  expect(scriptSrc, `script-src of ${what}`).not.toContain("'unsafe-inline'");
  expect(scriptSrc, `script-src of ${what}`).not.toContain("'unsafe-eval'");
  expect(csp.get('default-src'), `default-src of ${what}`).toEqual(["'self'"]);
  expect(csp.get('object-src'), `object-src of ${what}`).toEqual(["'none'"]);
  expect(csp.get('frame-ancestors'), `frame-ancestors of ${what}`).toEqual(["'none'"]);
  expect(csp.get('base-uri'), `base-uri of ${what}`).toEqual(["'self'"]);
  expect(csp.get('form-action'), `form-action of ${what}`).toContain("'self'");
  expect(headers['x-content-type-options'], `X-Content-Type-Options on ${what}`).toBe('nosniff');
  expect(headers['referrer-policy'], `Referrer-Policy on ${what}`).toBe('strict-origin-when-cross-origin');
  expect(headers['strict-transport-security'], `HSTS on ${what}`).toMatch(/max-age=\d+/);
  expect(headers['permissions-policy'], `Permissions-Policy on ${what}`).toContain('camera=()');
  expect(headers['x-frame-options'], `X-Frame-Options on ${what}`).toBeDefined();
  expect(headers['cross-origin-opener-policy'], `COOP on ${what}`).toBe('same-origin');
  return nonces[0]!.slice("'nonce-".length, -1);
}

/** Every script element on the page carries the response's nonce. */
export async function expectScriptsCarryNonce(page: Page, nonce: string): Promise<void> {
  const scripts = await page
    .locator('script')
    .evaluateAll((els) => els.map((s) => ({ src: s.getAttribute('src'), nonce: (s as HTMLScriptElement).nonce })));
  expect(scripts.length, 'scripts on the page').toBeGreaterThan(0);
  expect(
    scripts.filter((s) => s.nonce !== nonce),
    'scripts without the nonce',
  ).toEqual([]);
}
