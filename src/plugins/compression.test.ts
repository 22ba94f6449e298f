import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => t.close());

const PAGE = '/frameworks/scr-quality-markers/referral';
const get = (url: string, acceptEncoding?: string) =>
  t.app.inject({ url, headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } });
const withoutNonce = (html: string) => html.replace(/nonce="[^"]+"/g, 'nonce=""');

describe('response compression', () => {
  it('sends pages brotli-compressed to browsers that accept it, the same page once decompressed', async () => {
    const plain = await get(PAGE);
    const br = await get(PAGE, 'gzip, deflate, br');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toContain('accept-encoding');
    expect(br.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
    expect(withoutNonce(brotliDecompressSync(br.rawPayload).toString())).toBe(withoutNonce(plain.body));
  });

  it('falls back to gzip, and honours q=0', async () => {
    const gz = await get(PAGE, 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toContain('Referral');
    expect((await get(PAGE, 'br;q=0, gzip')).headers['content-encoding']).toBe('gzip');
    expect((await get(PAGE, 'identity')).headers['content-encoding']).toBeUndefined();
  });

  it('compresses JSON answers and error pages too, but not tiny bodies', async () => {
    const json = await get('/api/v1/frameworks/scr-quality-markers', 'br');
    expect(json.headers['content-encoding']).toBe('br');
    expect(JSON.parse(brotliDecompressSync(json.rawPayload).toString())).toMatchObject({ key: 'scr-quality-markers' });
    expect((await get('/no-such-page', 'br')).headers['content-encoding']).toBe('br');
    expect((await get('/health/live', 'br')).headers['content-encoding']).toBeUndefined();
  });

  it('sends static text files from their build-time brotli and gzip copies', async () => {
    const plain = await get('/assets/app.css');
    expect(plain.headers['content-encoding']).toBeUndefined();
    const br = await get('/assets/app.css', 'gzip, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toBe('Accept-Encoding');
    expect(plain.headers.vary).toBe('Accept-Encoding');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(plain.body);
    const js = await get('/assets/govuk-frontend/govuk-frontend.min.js', 'gzip');
    expect(js.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(js.rawPayload).toString()).toContain('initAll');
    expect((await get('/assets/app.css.br')).statusCode).toBe(404);
  });
});
