import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/helpers/app.js';
import { createSession, insertOrganisation, insertPerson } from '../../test/helpers/client.js';
import { PageCache } from './page-cache.js';

const MARKER = '/frameworks/scr-quality-markers/family-involvement';
const nonceOf = (csp: unknown) => /script-src 'self' 'nonce-([^']+)'/.exec(String(csp))?.[1];

// Production configuration: templates and anonymous public pages are cached there only.
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({}, { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) });
});
afterAll(async () => t.close());

describe('the public page cache', () => {
  it('answers anonymous visitors with the same page, each with its own nonce in the header and the page', async () => {
    const [a, b] = [await t.app.inject({ url: MARKER }), await t.app.inject({ url: MARKER })];
    const [na, nb] = [nonceOf(a.headers['content-security-policy']), nonceOf(b.headers['content-security-policy'])];
    expect(na).toBeTruthy();
    expect(na).not.toBe(nb);
    for (const [res, nonce] of [
      [a, na],
      [b, nb],
    ] as const) {
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain(`<script nonce="${nonce}">`);
      expect(res.body).toContain(`nonce="${nonce}"></script>`);
      expect(res.body).not.toMatch(/qm-nonce-/);
    }
    expect(b.body.split(nb!).join('N')).toBe(a.body.split(na!).join('N'));
  });

  it('keeps query strings apart (the audience filter)', async () => {
    const all = await t.app.inject({ url: MARKER });
    const filtered = await t.app.inject({ url: `${MARKER}?audience=lead-reviewer` });
    const again = await t.app.inject({ url: `${MARKER}?audience=lead-reviewer` });
    expect(filtered.statusCode).toBe(200);
    const strip = (body: string, csp: unknown) => body.split(nonceOf(csp)!).join('N');
    expect(strip(filtered.body, filtered.headers['content-security-policy'])).not.toBe(
      strip(all.body, all.headers['content-security-policy']),
    );
    expect(strip(again.body, again.headers['content-security-policy'])).toBe(
      strip(filtered.body, filtered.headers['content-security-policy']),
    );
  });

  it('never gives a signed-in person the anonymous page, nor stores theirs', async () => {
    await t.app.inject({ url: MARKER });
    const org = await insertOrganisation(t.testDb.db, 'Cache Partnership');
    const person = await insertPerson(t.testDb.db, org.id, 'member');
    const cookie = `__Host-qm_session=${await createSession(t.testDb.db, person, org.id)}`;
    const signedIn = await t.app.inject({ url: MARKER, headers: { cookie } });
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.body).toContain('Sign out');
    expect(signedIn.headers['cache-control']).toBe('no-store');
    const anonymous = await t.app.inject({ url: MARKER });
    expect(anonymous.body).not.toContain('Sign out');
    expect(anonymous.body).toContain('href="/sign-in"');
  });

  it('does not store error pages', async () => {
    const missing = await t.app.inject({ url: '/frameworks/scr-quality-markers/no-such-marker' });
    expect(missing.statusCode).toBe(404);
    const again = await t.app.inject({ url: '/frameworks/scr-quality-markers/no-such-marker' });
    expect(again.statusCode).toBe(404);
  });
});

describe('PageCache', () => {
  it('forgets the least recently used page beyond its size', () => {
    const cache = new PageCache(2);
    cache.put('/a', 'a', { nonce: 'n' });
    cache.put('/b', 'b', { nonce: 'n' });
    expect(cache.get('/a', { nonce: 'n' })?.toString()).toBe('a');
    cache.put('/c', 'c', { nonce: 'n' });
    expect(cache.size).toBe(2);
    expect(cache.get('/b', { nonce: 'n' })).toBeUndefined();
    expect(cache.get('/a', { nonce: 'n' })?.toString()).toBe('a');
    expect(cache.get('/c', { nonce: 'n' })?.toString()).toBe('c');
  });
});
